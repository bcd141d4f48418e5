// Writes a domain event in the caller's transaction and NOTIFYs other nodes; the NOTIFY is
// delivered only when that transaction commits, so nobody hears of a change that rolled back.
// The same statement enqueues the durable reactions' jobs (events/outbox.ts).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { EventType } from '@frontline/shared';
import type { DB, EventsTable } from '../db/tables.ts';
import { inSlices } from '../db/bulk.ts';
import { reactionJobsCte, wakeReactionRunners } from './outbox.ts';

export const EVENTS_CHANNEL = 'frontline_events';
/** NOTIFY payloads are limited to 8000 bytes; larger events are sent by id and read back. */
const MAX_INLINE_PAYLOAD = 7000;

export interface NewEvent {
  /** Only types listed in the event catalogue (shared/src/events.ts), each with its live audience. */
  type: EventType;
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
  return (await appendEvents(tx, [event]))[0]!;
}

/**
 * Several events in one round trip (per slice of MAX_PARAMETERS): the rows, and a NOTIFY for each built from it (shaped as
 * toDomainEvent shapes a row). Returned in the order given.
 */
export async function appendEvents(tx: Kysely<DB>, events: NewEvent[]): Promise<DomainEvent[]> {
  return inSlices(events, 4, (slice) => appendSlice(tx, slice));
}

async function appendSlice(tx: Kysely<DB>, events: NewEvent[]): Promise<DomainEvent[]> {
  const rows = sql.join(
    events.map((event) => sql`(${event.type}, ${event.ticketId ?? null}::bigint, ${event.actorAgentId ?? null}::bigint, ${JSON.stringify(event.payload ?? {})}::jsonb)`),
  );
  const result = await sql<{ id: number; created_at: Date }>`
    WITH e AS (
      INSERT INTO events (type, ticket_id, actor_agent_id, payload) VALUES ${rows}
      RETURNING id, type, ticket_id, actor_agent_id, payload, created_at
    ), m AS (
      SELECT id, created_at, json_build_object(
        'id', id, 'type', type, 'ticketId', ticket_id, 'actorAgentId', actor_agent_id, 'payload', payload,
        'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text AS message
      FROM e
    )${reactionJobsCte}
    SELECT id, created_at, pg_notify(${EVENTS_CHANNEL},
      CASE WHEN octet_length(message) > ${MAX_INLINE_PAYLOAD} THEN json_build_object('id', id, 'truncated', true)::text ELSE message END), ${wakeReactionRunners}
    FROM m ORDER BY id`.execute(tx);
  // Identity values are drawn in VALUES order, so sorted ids line up with the input.
  return result.rows.map((row, index) => {
    const event = events[index]!;
    return {
      id: Number(row.id),
      type: event.type,
      ticketId: event.ticketId ?? null,
      actorAgentId: event.actorAgentId ?? null,
      payload: event.payload ?? {},
      createdAt: new Date(row.created_at).toISOString(),
    };
  });
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
