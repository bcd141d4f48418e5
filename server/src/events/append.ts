// Writes a domain event in the caller's transaction and NOTIFYs other nodes; the NOTIFY is
// delivered only when that transaction commits, so nobody hears of a change that rolled back.
// The same statement enqueues the durable reactions' jobs (events/outbox.ts).
import { sql, type Kysely, type Selectable } from 'kysely';
import { isEventType, type DomainEvent, type EventType, type NewEvent } from '@frontline/shared';
import type { DB, EventsTable } from '../db/tables.ts';
import { inSlices } from '../db/bulk.ts';
import { reactionJobsCte, wakeReactionRunners } from './outbox.ts';

// The shapes live in the event catalogue (shared/src/events.ts); features import them from here.
export type { DomainEvent, NewEvent } from '@frontline/shared';

export const EVENTS_CHANNEL = 'frontline_events';
/** NOTIFY payloads are limited to 8000 bytes; larger events are sent by id and read back. */
const MAX_INLINE_PAYLOAD = 7000;

export async function appendEvent<T extends EventType>(tx: Kysely<DB>, event: NewEvent<T>): Promise<DomainEvent<T>> {
  return (await appendEvents(tx, [event]))[0]!;
}

/**
 * Several events in one round trip (per slice of MAX_PARAMETERS): the rows, and a NOTIFY for each built from it (shaped as
 * toDomainEvent shapes a row). Returned in the order given.
 */
export async function appendEvents<T extends EventType>(tx: Kysely<DB>, events: NewEvent<T>[]): Promise<DomainEvent<T>[]> {
  return inSlices(events, 4, (slice) => appendSlice(tx, slice));
}

async function appendSlice<T extends EventType>(tx: Kysely<DB>, events: NewEvent<T>[]): Promise<DomainEvent<T>[]> {
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
    // The stored event is the new one with its id and time; TypeScript cannot pair each type with its payload through the spread.
    return { ...event, id: Number(row.id), ticketId: event.ticketId ?? null, actorAgentId: event.actorAgentId ?? null, createdAt: new Date(row.created_at).toISOString() } as DomainEvent<T>;
  });
}

/** A stored event row as the event subscribers receive; null for a type this node does not know. */
/** A stored row as JSON would carry it; its type not yet checked against the catalogue. */
export const storedEvent = (row: Selectable<EventsTable>): DomainEvent =>
  ({ id: row.id, type: row.type, ticketId: row.ticket_id, actorAgentId: row.actor_agent_id, payload: row.payload, createdAt: row.created_at.toISOString() }) as DomainEvent;

export const toDomainEvent = (row: Selectable<EventsTable>): DomainEvent | null => asDomainEvent(storedEvent(row));

/** An event as JSON carries it (a row, another node's NOTIFY). */
export interface StoredEvent {
  id: number;
  type: string;
  ticketId: number | null;
  actorAgentId: number | null;
  payload: unknown;
  createdAt: string;
}

/**
 * Trusts a stored event to have its type's payload (appendEvents wrote it from a typed NewEvent),
 * but not to have a known type: one appended by a newer node (a rolling upgrade) is null.
 */
export function asDomainEvent(stored: StoredEvent): DomainEvent | null {
  if (!isEventType(stored.type)) return null;
  return stored as DomainEvent;
}
