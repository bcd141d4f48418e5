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
  const row = await tx
    .insertInto('events')
    .values({
      type: event.type,
      ticket_id: event.ticketId ?? null,
      actor_agent_id: event.actorAgentId ?? null,
      payload: JSON.stringify(event.payload ?? {}),
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  const domainEvent: DomainEvent = {
    id: row.id,
    type: event.type,
    ticketId: event.ticketId ?? null,
    actorAgentId: event.actorAgentId ?? null,
    payload: event.payload ?? {},
    createdAt: row.created_at.toISOString(),
  };
  let message = JSON.stringify(domainEvent);
  if (Buffer.byteLength(message) > MAX_INLINE_PAYLOAD) message = JSON.stringify({ id: row.id, truncated: true });
  await sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${message})`.execute(tx);
  return domainEvent;
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
