// Probe reactions for the reaction tests (src/events/reactions.test.ts, test/reaction-child.ts):
// each writes a row per run into reaction_probe_runs, a table only these tests create.
import { sql, type Kysely } from 'kysely';
import type { EventType, NewEvent } from '@frontline/shared';
import type { DB } from '../src/db/tables.ts';
import type { Reaction } from '../src/events/reactions.ts';
import type { Feature } from '../src/feature.ts';

/** Probe event types, outside the event catalogue on purpose. */
export const probe = (type: string) => type as EventType;
export const PROBE_EVENT = probe('probe.happened');
/** A probe event to append: no payload, a ticket when given (the catalogue's types do not cover probes). */
export const probeEvent = (type: EventType, ticketId?: number): NewEvent => ({ type, ticketId, payload: {} }) as unknown as NewEvent;

export async function createProbeTable(db: Kysely<DB>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS reaction_probe_runs (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reaction text NOT NULL, event_id bigint NOT NULL, ticket_id bigint, attempt integer NOT NULL, pid integer NOT NULL)`.execute(db);
}

export async function recordRun(tx: Kysely<DB>, reaction: string, event: { id: number; ticketId: number | null }, attempt: number): Promise<void> {
  await sql`INSERT INTO reaction_probe_runs (reaction, event_id, ticket_id, attempt, pid) VALUES (${reaction}, ${event.id}, ${event.ticketId}, ${attempt}, ${process.pid})`.execute(tx);
}

export interface ProbeRun {
  reaction: string;
  event_id: number;
  ticket_id: number | null;
  attempt: number;
  pid: number;
}

export async function probeRuns(db: Kysely<DB>): Promise<ProbeRun[]> {
  const { rows } = await sql<ProbeRun>`SELECT reaction, event_id::int AS event_id, ticket_id::int AS ticket_id, attempt, pid FROM reaction_probe_runs ORDER BY seq`.execute(db);
  return rows;
}

/** A reaction that records each run of its handler. */
export const recorder = (name: string, options: Partial<Reaction> = {}): Reaction => ({
  name,
  on: [PROBE_EVENT],
  ...options,
  async handle(ctx, event) {
    await recordRun(ctx.tx, name, event, ctx.job.attempts);
  },
});

export const probeFeature = (reactions: Reaction[]): Feature => ({ name: 'probes', reactions });
