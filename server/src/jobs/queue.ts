// Putting work on the durable job queue. The job is written in the caller's transaction, so it
// exists exactly when the change that asked for it committed; NOTIFY wakes idle runners at once.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { insertInSlices } from '../db/bulk.ts';

export const JOBS_CHANNEL = 'frontline_jobs';

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
}

export async function enqueue(tx: Kysely<DB>, kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<number> {
  const row = await tx
    .insertInto('jobs')
    .values({
      kind,
      payload: JSON.stringify(payload),
      ...(options.runAt && { run_at: options.runAt }),
      ...(options.maxAttempts && { max_attempts: options.maxAttempts }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${kind})`.execute(tx);
  return row.id;
}

/** Several jobs of one kind in one statement, and one NOTIFY. */
export async function enqueueMany(tx: Kysely<DB>, kind: string, payloads: Record<string, unknown>[]): Promise<void> {
  if (payloads.length === 0) return;
  await insertInSlices(payloads.map((payload) => ({ kind, payload: JSON.stringify(payload) })), (slice) => tx.insertInto('jobs').values(slice).execute());
  await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${kind})`.execute(tx);
}
