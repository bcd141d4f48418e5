// SQL for the durable job queue: claiming, settling, lease upkeep, pruning, and the admin view.
// Every write to a claimed job is fenced by (locked_by, attempts), so a node that lost its lease
// (another node reclaimed the job) cannot overwrite the newer attempt's outcome.
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { DB, JobsTable } from '../db/tables.ts';
import { JOBS_CHANNEL } from './queue.ts';
import { anyOf, inSlices } from '../db/bulk.ts';

export type JobRow = Selectable<JobsTable>;
export type JobStatus = JobRow['status'];

/** Identifies one attempt of one job: the claim that a settle must still hold. */
export interface Claim {
  id: number;
  attempts: number;
  nodeId: string;
}

/**
 * An ordered job waits while an earlier job of its kind and key is pending or running. A job a
 * concurrent claim holds is still 'pending' in this snapshot or 'running' after it, so two claims
 * never start two jobs of one key.
 */
const notBehindItsKey = (eb: ExpressionBuilder<DB, 'jobs'>) =>
  eb.or([
    eb('jobs.order_key', 'is', null),
    eb.not(
      eb.exists(
        eb
          .selectFrom('jobs as earlier')
          .select(sql<number>`1`.as('one'))
          .whereRef('earlier.kind', '=', 'jobs.kind')
          .whereRef('earlier.order_key', '=', 'jobs.order_key')
          .whereRef('earlier.id', '<', 'jobs.id')
          .where('earlier.status', 'in', ['pending', 'running']),
      ),
    ),
  ]);

/** Claims ready jobs in line order; `firstAttemptsOnly` leaves retries for a claim of their own. */
export async function claimJobs(
  db: Kysely<DB>,
  input: { kinds: string[]; limit: number; nodeId: string; now: Date; lockedUntil: Date; firstAttemptsOnly?: boolean },
): Promise<JobRow[]> {
  if (input.kinds.length === 0 || input.limit <= 0) return [];
  // ARRAY(…) picks the ids once. As `id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` the planner may
  // run the sub-select again for each row it scans, and each run skips only rows locked by others:
  // a claim of 1 then took every ready job (measured: 12 of 12), and per-kind limits meant nothing.
  const picked = db
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', 'pending')
    .where('run_at', '<=', input.now)
    .where('kind', 'in', input.kinds)
    .$if(input.firstAttemptsOnly === true, (query) => query.where('attempts', '=', 0))
    .where(notBehindItsKey)
    .orderBy('run_at')
    .orderBy('id')
    .limit(input.limit)
    .forUpdate()
    .skipLocked();
  return db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), locked_by: input.nodeId, locked_until: input.lockedUntil }))
    .where('id', '=', sql<number>`ANY(ARRAY(${picked}))`)
    .where('status', '=', 'pending')
    .returningAll()
    .execute();
}

const fenced = (claim: Claim) => (eb: ExpressionBuilder<DB, 'jobs'>) =>
  eb.and([eb('id', '=', claim.id), eb('status', '=', 'running'), eb('locked_by', '=', claim.nodeId), eb('attempts', '=', claim.attempts)]);

/** Marks the jobs done in one statement; returns the ids whose claim still held (a lost one was reclaimed by another node meanwhile). */
export async function completeJobs(db: Kysely<DB>, claims: Claim[], now: Date): Promise<Set<number>> {
  const rows = await inSlices(claims, 4, (slice) =>
    db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null })
      .where((eb) => eb.or(slice.map((claim) => fenced(claim)(eb))))
      .returning('id')
      .execute(),
  );
  return new Set(rows.map((row) => row.id));
}

/** Puts a failed attempt back in line at `retryAt`, or buries it when `retryAt` is null. */
export async function failJob(db: Kysely<DB>, claim: Claim, error: string, retryAt: Date | null, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'pending', run_at: retryAt, last_error: error, locked_by: null, locked_until: null }
        : { status: 'dead', finished_at: now, last_error: error, locked_by: null, locked_until: null },
    )
    .where(fenced(claim))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Puts claimed jobs back in line at `runAt` without counting the attempt (the handler did not run
 * them: what they need is not there yet), noting what they wait for.
 */
export async function deferJobs(db: Kysely<DB>, input: { ids: number[]; nodeId: string; runAt: Date; waitsFor: string | null; note: string; now: Date }): Promise<void> {
  if (input.ids.length === 0) return;
  await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'pending',
      run_at: input.runAt,
      attempts: eb('attempts', '-', 1),
      waits_for: input.waitsFor,
      waiting_since: input.waitsFor === null ? null : eb.fn.coalesce('waiting_since', eb.val(input.now)),
      last_error: input.note,
      locked_by: null,
      locked_until: null,
    }))
    .where('id', '=', anyOf(input.ids, 'bigint'))
    .where('status', '=', 'running')
    .where('locked_by', '=', input.nodeId)
    .execute();
}

/** Every job waiting for `waitsFor` waits until `runAt` instead; returns their payloads. */
export async function rescheduleWaiting(db: Kysely<DB>, waitsFor: string, runAt: Date): Promise<Array<Record<string, unknown>>> {
  const rows = await db.updateTable('jobs').set({ run_at: runAt }).where('waits_for', '=', waitsFor).where('status', '=', 'pending').returning('payload').execute();
  return rows.map((row) => row.payload);
}

/** What jobs waited for is there: every job waiting for it is ready now (and runners are woken). */
export async function releaseWaiting(db: Kysely<DB>, waitsFor: string, kind: string, now: Date): Promise<number> {
  const result = await db.updateTable('jobs').set({ run_at: now, waits_for: null, waiting_since: null }).where('waits_for', '=', waitsFor).where('status', '=', 'pending').executeTakeFirst();
  const released = Number(result.numUpdatedRows);
  if (released) await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${kind})`.execute(db);
  return released;
}

/** Jobs that have waited for `waitsFor` since before `cutoff` end (their work is settled elsewhere); returns their payloads. */
export async function finishWaiting(db: Kysely<DB>, waitsFor: string, cutoff: Date, now: Date): Promise<Array<Record<string, unknown>>> {
  const rows = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, waits_for: null })
    .where('waits_for', '=', waitsFor)
    .where('status', '=', 'pending')
    .where('waiting_since', '<', cutoff)
    .returning('payload')
    .execute();
  return rows.map((row) => row.payload);
}

/** Keeps this node's running jobs leased while their handlers are still at work. */
export async function renewLeases(db: Kysely<DB>, nodeId: string, ids: number[], lockedUntil: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('jobs')
    .set({ locked_until: lockedUntil })
    .where('id', '=', anyOf(ids, 'bigint'))
    .where('status', '=', 'running')
    .where('locked_by', '=', nodeId)
    .execute();
}

/**
 * Jobs whose node stopped renewing the lease (it crashed or hung) go back in line, or die when
 * that was their last attempt. Returns how many were put back to pending.
 */
export async function reclaimStaleJobs(db: Kysely<DB>, now: Date): Promise<{ requeued: number; buried: number }> {
  const { rows } = await sql<{ status: JobStatus }>`
    UPDATE jobs SET
      status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
      finished_at = CASE WHEN attempts >= max_attempts THEN ${now}::timestamptz END,
      run_at = ${now},
      last_error = 'the lease of node ' || coalesce(locked_by, '?') || ' expired before the job finished',
      locked_by = NULL,
      locked_until = NULL
    WHERE status = 'running' AND locked_until < ${now}
    RETURNING status`.execute(db);
  const buried = rows.filter((row) => row.status === 'dead').length;
  return { requeued: rows.length - buried, buried };
}

/** Deletes finished jobs older than `before`, a batch at a time so the table is never locked for long. */
export async function pruneDoneJobs(db: Kysely<DB>, before: Date, batch = 1000): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('status', '=', 'done').where('finished_at', '<', before).limit(batch))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Reclaims the dead row versions that claims, settles and deferrals leave behind. For the embedded
 * database, which runs no autovacuum: there the dead entries of the ready index are never cleared,
 * and every claim's scan of it walks all of them (measured: 30,000 finished jobs made an empty
 * claim 50 times slower, 0.3 → 13 ms, and a vacuum brought it back to 0.15 ms).
 */
export async function vacuumJobs(db: Kysely<DB>): Promise<void> {
  await sql`VACUUM jobs`.execute(db);
}

export async function countReadyJobs(db: Kysely<DB>, kinds: string[], now: Date): Promise<number> {
  if (kinds.length === 0) return 0;
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .where('run_at', '<=', now)
    .where('kind', 'in', kinds)
    .where(notBehindItsKey)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first; `beforeId` continues a page. */
export function listJobs(db: Kysely<DB>, input: { status?: JobStatus | undefined; limit: number; beforeId?: number | undefined }): Promise<JobRow[]> {
  let query = db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(input.limit);
  if (input.status) query = query.where('status', '=', input.status);
  if (input.beforeId !== undefined) query = query.where('id', '<', input.beforeId);
  return query.execute();
}

export const findJob = (db: Kysely<DB>, id: number) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();

/** A dead job gets a fresh set of attempts; undefined when it is not dead (any more). */
export async function resurrectJob(db: Kysely<DB>, id: number, now: Date): Promise<JobRow | undefined> {
  const row = await db
    .updateTable('jobs')
    .set({ status: 'pending', attempts: 0, run_at: now, finished_at: null, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .returningAll()
    .executeTakeFirst();
  if (row) await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${row.kind})`.execute(db);
  return row;
}
