// Writes a domain event in the caller's transaction and NOTIFYs other nodes; the NOTIFY is
// delivered only when that transaction commits, so nobody hears of a change that rolled back.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, EventsTable } from '../db/tables.ts';

export const EVENTS_CHANNEL = 'frontline_events';
/** NOTIFY payloads are limited to 8000 bytes; larger events are sent by id and read back. */
const MAX_INLINE_PAYLOAD = 7000;

export interface NewEvent {
  type: string;
  ticketId?: number | null;
  actorAgentId?: number | null;
  payload?: Record<string, unknown>;
}

export interface DomainEvent {
  id: number;
  type: string;
  ticketId: number | null;
  actorAgentId: number | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export async function appendEvent(tx: Kysely<DB>, event: NewEvent): Promise<DomainEvent> {
  const ticketId = event.ticketId ?? null;
  const actorAgentId = event.actorAgentId ?? null;
  const payload = event.payload ?? {};
  // One round trip: the row, and the NOTIFY built from it (as toDomainEvent would shape it).
  const result = await sql<{ id: number; created_at: Date }>`
    WITH e AS (
      INSERT INTO events (type, ticket_id, actor_agent_id, payload)
      VALUES (${event.type}, ${ticketId}, ${actorAgentId}, ${JSON.stringify(payload)}::jsonb)
      RETURNING id, type, ticket_id, actor_agent_id, payload, created_at
    ), m AS (
      SELECT id, created_at, json_build_object(
        'id', id, 'type', type, 'ticketId', ticket_id, 'actorAgentId', actor_agent_id, 'payload', payload,
        'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text AS message
      FROM e
    )
    SELECT id, created_at, pg_notify(${EVENTS_CHANNEL},
      CASE WHEN octet_length(message) > ${MAX_INLINE_PAYLOAD} THEN json_build_object('id', id, 'truncated', true)::text ELSE message END)
    FROM m`.execute(tx);
  const row = result.rows[0]!;
  return { id: Number(row.id), type: event.type, ticketId, actorAgentId, payload, createdAt: new Date(row.created_at).toISOString() };
}

/** A stored event row as the event subscribers receive. */
export const toDomainEvent = (row: Selectable<EventsTable>): DomainEvent => ({
  id: row.id,
  type: row.type,
  ticketId: row.ticket_id,
  actorAgentId: row.actor_agent_id,
  payload: row.payload,
  createdAt: row.created_at.toISOString(),
});
