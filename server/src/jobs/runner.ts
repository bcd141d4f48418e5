// Runs durable jobs from the `jobs` table on this node: claims ready jobs of the kinds it has
// handlers for (FOR UPDATE SKIP LOCKED, so nodes never share one), runs up to `concurrency` at a
// time, retries failures with exponential backoff and jitter, and buries a job after its last attempt.
// Delivery is at least once: a node that dies after a handler finished but before it recorded that
// leaves the job to be run again when its lease expires, so handlers must be idempotent.
import os from 'node:os';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/connect.ts';
import { systemClock, type Clock } from '../context.ts';
import { JOBS_CHANNEL } from './queue.ts';
import { claimJobs, completeJobs, countReadyJobs, deferJobs, failJob, pruneDoneJobs, reclaimStaleJobs, renewLeases, vacuumJobs, type Claim, type JobRow } from './store.ts';
import { isDatabaseError, safeErrorMessage } from '../logger.ts';

export interface JobInfo {
  id: number;
  kind: string;
  /** This attempt's number, from 1. */
  attempts: number;
  maxAttempts: number;
  /** Since when a deferred job has waited for what it waits for (JobDeferred's waitsFor), if it has. */
  waitingSince?: Date | null;
}

/**
 * A batch handler's answer for a job it did not run now: the job goes back in line at `runAt`,
 * this attempt not counted, optionally marked as waiting for something shared (`waitsFor`, e.g. a
 * relay) so that one statement can move or release every job waiting for it.
 */
export class JobDeferred extends Error {
  constructor(
    readonly runAt: Date,
    readonly waitsFor: string | null = null,
    reason = 'deferred',
  ) {
    super(reason);
  }
}

export type JobHandler = (payload: Record<string, unknown>, job: JobInfo) => Promise<void>;

export interface BatchJob {
  payload: Record<string, unknown>;
  info: JobInfo;
}

/**
 * Runs several jobs of one kind together (each a first attempt, or one retry alone) and returns
 * the failures by job id; the jobs not in it succeeded. Throwing fails them all.
 */
export type BatchJobHandler = (jobs: BatchJob[]) => Promise<Map<number, unknown>>;

export interface JobRunnerOptions {
  database: Database;
  log: Logger;
  /** Time used for run_at and leases. It must not lag behind the database's clock, which stamps new jobs. */
  clock?: Clock;
  /** Names this node in locked_by; defaults to host, process and a random suffix. */
  nodeId?: string;
  concurrency?: number;
  /** How often to look for work when no NOTIFY arrives (also reclaims stale jobs). */
  pollMs?: number;
  /** How long a claim holds before another node may take the job over; renewed while the handler runs. */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Finished jobs are deleted after this long. */
  keepDoneMs?: number;
  /** A number in [0, 1) for backoff jitter; injectable so tests can pin it. */
  random?: () => number;
  /**
   * On the embedded database (PGlite runs no autovacuum), how often at most the poll vacuums the
   * jobs table while jobs change; 0 turns it off. PostgreSQL's autovacuum does this by itself.
   */
  vacuumEveryMs?: number;
}

const MAX_ERROR_LENGTH = 4000;
const PRUNE_EVERY_MS = 10 * 60_000;
const PRUNE_BATCH = 1000;

/** Exponential backoff with "equal jitter": between half and all of base·2^(attempt-1), capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

export class JobRunner {
  readonly nodeId: string;
  private readonly database: Database;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly keepDoneMs: number;
  private readonly random: () => number;
  private readonly vacuumEveryMs: number;

  private readonly handlers = new Map<string, BatchJobHandler>();
  /** How many first attempts of a kind one handler call may take; 1 for plain handlers. */
  private readonly batchSizes = new Map<string, number>();
  /** Kinds that may run only so many handler calls at once on this node, and how many run now. */
  private readonly kindLimits = new Map<string, number>();
  private readonly unitsByKind = new Map<string, number>();
  /**
   * Kinds that may have ready jobs: marked by their NOTIFY, by every poll and drain; cleared by a
   * claim that found fewer than it could take (unless a NOTIFY came meanwhile, counted in `notices`).
   * So a busy node does not ask again and again for kinds that have nothing waiting.
   */
  private readonly maybeReady = new Set<string>();
  private readonly notices = new Map<string, number>();
  /** Job id → the promise that settles when its handler has run and its outcome is recorded. */
  private readonly running = new Map<number, Promise<void>>();
  /** Handler calls in flight (a batch of jobs is one): what `concurrency` limits. */
  private units = 0;
  private state: 'idle' | 'started' | 'stopping' | 'stopped' = 'idle';
  private draining = 0;
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private lastPruneAt = 0;
  private lastVacuumAt = 0;
  /** Jobs this runner changed (ran, deferred, failed) since its last vacuum. */
  private changedSinceVacuum = 0;

  constructor(options: JobRunnerOptions) {
    this.database = options.database;
    this.log = options.log;
    this.clock = options.clock ?? systemClock;
    this.nodeId = options.nodeId ?? `${os.hostname()}#${process.pid}#${crypto.randomBytes(3).toString('hex')}`;
    this.concurrency = options.concurrency ?? 4;
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffMaxMs = options.backoffMaxMs ?? 60 * 60_000;
    this.keepDoneMs = options.keepDoneMs ?? 24 * 60 * 60_000;
    this.random = options.random ?? Math.random;
    this.vacuumEveryMs = options.vacuumEveryMs ?? 10_000;
  }

  /** Handlers may be registered before or after start; a kind is claimed only once it has one. */
  register(kind: string, handler: JobHandler): void {
    this.registerBatch(kind, 1, async ([job]) => {
      await handler(job!.payload, job!.info);
      return new Map();
    });
  }

  /**
   * A handler that takes up to `size` jobs of its kind at once: when it claims a first attempt,
   * the runner claims up to size − 1 more waiting first attempts with it (a storm of small jobs
   * costs one handler call per batch). Retries run alone, so one bad job cannot hold up others.
   */
  registerBatch(kind: string, size: number, handler: BatchJobHandler, options: { concurrency?: number } = {}): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    if (!Number.isInteger(size) || size < 1) throw new Error(`the batch size of "${kind}" must be a positive integer`);
    this.handlers.set(kind, handler);
    this.batchSizes.set(kind, size);
    this.markReady([kind]);
    // CPU-bound work gains nothing from more calls than cores, and must not take every slot from the rest.
    if (options.concurrency !== undefined) this.kindLimits.set(kind, Math.max(1, options.concurrency));
    if (this.state === 'started') this.wake();
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Starts claiming: at once, on every NOTIFY of a new job, and every pollMs. */
  start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`the job runner cannot start: it is ${this.state}`);
    this.state = 'started';
    this.pollTimer = setInterval(() => void this.tick(), this.pollMs).unref();
    this.starting = (async () => {
      try {
        const unlisten = await this.database.listen(JOBS_CHANNEL, (kind) => {
          if (!kind || this.handlers.has(kind)) {
            this.markReady(kind ? [kind] : this.kinds);
            this.wake();
          }
        });
        if (this.state === 'started') this.unlisten = unlisten;
        else await unlisten();
      } catch (error) {
        this.log.error({ err: error }, 'cannot LISTEN for new jobs; finding them by polling only');
      }
      await this.tick();
    })();
    return this.starting;
  }

  /** Stops claiming and waits for running handlers (at most timeoutMs; their leases then protect them). */
  stop(timeoutMs = this.leaseMs): Promise<void> {
    this.stopping ??= this.shutDown(timeoutMs);
    return this.stopping;
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    this.state = 'stopping';
    clearInterval(this.pollTimer);
    await this.starting?.catch(() => undefined);
    await this.unlisten?.().catch(() => undefined);
    await this.pumping;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs).unref()));
    const outcome = await Promise.race([Promise.allSettled([...this.running.values()]), gaveUp]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.log.warn({ jobIds: [...this.running.keys()] }, 'stopped without waiting longer for running jobs');
    clearInterval(this.heartbeatTimer);
    this.state = 'stopped';
  }

  /**
   * Runs jobs until none of this runner's kinds is ready and none of its own is running; later
   * retries (run_at in the future) are left waiting. Works whether or not the runner is started.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    this.draining++;
    try {
      for (;;) {
        if (Date.now() > deadline) throw new Error(`the job queue did not drain within ${options.timeoutMs ?? 30_000} ms`);
        await reclaimStaleJobs(this.database.db, this.clock.now());
        this.markReady(this.kinds);
        await this.pump();
        if (this.units > 0) {
          await Promise.race(this.running.values());
          continue;
        }
        if ((await countReadyJobs(this.database.db, this.kinds, this.clock.now())) === 0) return;
        // Ready jobs we could not claim are locked by another runner's claim in flight.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      this.draining--;
    }
  }

  private get mayClaim(): boolean {
    return this.state === 'started' || (this.draining > 0 && this.state !== 'stopping' && this.state !== 'stopped');
  }

  private markReady(kinds: Iterable<string>): void {
    for (const kind of kinds) {
      this.maybeReady.add(kind);
      this.notices.set(kind, (this.notices.get(kind) ?? 0) + 1);
    }
  }

  private wake(): void {
    if (this.mayClaim) void this.pump();
  }

  private async tick(): Promise<void> {
    if (!this.mayClaim) return;
    try {
      const now = this.clock.now();
      const { requeued, buried } = await reclaimStaleJobs(this.database.db, now);
      if (requeued || buried) this.log.warn({ requeued, buried }, 'reclaimed jobs whose node stopped renewing its lease');
      if (now.getTime() - this.lastPruneAt > PRUNE_EVERY_MS) {
        this.lastPruneAt = now.getTime();
        let pruned = 0;
        for (let batch = 0; batch < 100; batch++) {
          const deleted = await pruneDoneJobs(this.database.db, new Date(now.getTime() - this.keepDoneMs), PRUNE_BATCH);
          pruned += deleted;
          if (deleted < PRUNE_BATCH) break;
        }
        if (pruned) this.log.debug({ pruned }, 'pruned finished jobs');
      }
      if (this.database.kind === 'pglite' && this.vacuumEveryMs > 0 && this.changedSinceVacuum > 0 && now.getTime() - this.lastVacuumAt >= this.vacuumEveryMs) {
        this.lastVacuumAt = now.getTime();
        this.changedSinceVacuum = 0;
        await vacuumJobs(this.database.db);
      }
    } catch (error) {
      this.log.error({ err: error }, 'job queue upkeep failed');
    }
    // Retries come due and leases run out without a NOTIFY: every poll looks at every kind.
    this.markReady(this.kinds);
    await this.pump();
  }

  /** One claim loop at a time per runner; a wake during a claim runs the loop once more. */
  private pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      do {
        this.pumpAgain = false;
        if (!this.mayClaim) return;
        await this.claim();
      } while (this.pumpAgain);
    })()
      .catch((error: unknown) => this.log.error({ err: error }, 'claiming jobs failed'))
      .finally(() => {
        this.pumping = undefined;
      });
    return this.pumping;
  }

  private async claim(): Promise<void> {
    const capacity = this.concurrency - this.units;
    if (capacity <= 0) return;
    const now = this.clock.now();
    const lease = { nodeId: this.nodeId, now, lockedUntil: new Date(now.getTime() + this.leaseMs) };
    const running = (kind: string) => this.unitsByKind.get(kind) ?? 0;
    /** Kinds a claim of this round found fewer ready jobs of than it could take: none is left to batch with. */
    const exhausted = new Set<string>();
    const claimOf = async (kinds: string[], limit: number) => {
      const seen = kinds.map((kind) => this.notices.get(kind) ?? 0);
      const claimed = await claimJobs(this.database.db, { ...lease, kinds, limit });
      if (claimed.length < limit) {
        for (const [index, kind] of kinds.entries()) {
          exhausted.add(kind);
          if ((this.notices.get(kind) ?? 0) === seen[index]) this.maybeReady.delete(kind);
        }
      }
      return claimed;
    };
    const jobs: JobRow[] = [];
    // A kind with its own limit is claimed apart, never beyond what the limit leaves; the rest share what is left.
    for (const [kind, limit] of this.kindLimits) {
      const room = Math.min(capacity - jobs.length, limit - running(kind));
      if (room > 0 && this.maybeReady.has(kind)) jobs.push(...(await claimOf([kind], room)));
    }
    const free = this.kinds.filter((kind) => !this.kindLimits.has(kind) && this.maybeReady.has(kind));
    if (free.length && capacity > jobs.length) jobs.push(...(await claimOf(free, capacity - jobs.length)));
    for (const job of jobs) {
      const size = this.batchSizes.get(job.kind) ?? 1;
      // Jobs that trickle in come one at a time: a claim that already came back short would find no company for them.
      const along = size > 1 && job.attempts === 1 && !exhausted.has(job.kind) ? await claimJobs(this.database.db, { ...lease, kinds: [job.kind], limit: size - 1, firstAttemptsOnly: true }) : [];
      this.launch([job, ...along]);
    }
  }

  private launch(jobs: JobRow[]): void {
    const kind = jobs[0]!.kind;
    this.units++;
    this.unitsByKind.set(kind, (this.unitsByKind.get(kind) ?? 0) + 1);
    const settled = this.execute(jobs)
      .catch((error: unknown) => this.log.error({ err: error, jobIds: jobs.map((job) => job.id), kind: jobs[0]!.kind }, 'recording a job outcome failed; its lease will expire and it will run again'))
      .finally(() => {
        this.units--;
        this.unitsByKind.set(kind, this.unitsByKind.get(kind)! - 1);
        for (const job of jobs) this.running.delete(job.id);
        if (this.running.size === 0) {
          clearInterval(this.heartbeatTimer);
          this.heartbeatTimer = undefined;
        }
        this.wake();
      });
    for (const job of jobs) this.running.set(job.id, settled);
    this.heartbeatTimer ??= setInterval(() => void this.heartbeat(), Math.max(10, Math.floor(this.leaseMs / 3))).unref();
  }

  private async heartbeat(): Promise<void> {
    try {
      await renewLeases(this.database.db, this.nodeId, [...this.running.keys()], new Date(this.clock.now().getTime() + this.leaseMs));
    } catch (error) {
      this.log.error({ err: error }, 'renewing job leases failed');
    }
  }

  /** Runs one handler call for jobs of one kind, then records each job's outcome. */
  private async execute(jobs: JobRow[]): Promise<void> {
    this.changedSinceVacuum += jobs.length;
    const claimOf = (job: JobRow): Claim => ({ id: job.id, attempts: job.attempts, nodeId: this.nodeId });
    const kind = jobs[0]!.kind;
    const handler = this.handlers.get(kind);
    let failures: Map<number, unknown>;
    try {
      if (!handler) throw new Error(`no handler for job kind "${kind}" on node ${this.nodeId}`);
      failures = await handler(
        jobs.map((job) => ({ payload: job.payload, info: { id: job.id, kind: job.kind, attempts: job.attempts, maxAttempts: job.max_attempts, waitingSince: job.waiting_since } })),
      );
    } catch (error) {
      failures = new Map(jobs.map((job) => [job.id, error]));
    }
    await this.recordDeferrals(jobs, failures);
    for (const job of jobs) {
      const failure = failures.get(job.id);
      if (failures.has(job.id) && !(failure instanceof JobDeferred)) await this.recordFailure(job, claimOf(job), describeError(failure));
    }
    const succeeded = jobs.filter((job) => !failures.has(job.id));
    const completed = await completeJobs(this.database.db, succeeded.map(claimOf), this.clock.now());
    const lost = succeeded.filter((job) => !completed.has(job.id));
    if (lost.length) this.log.warn({ jobIds: lost.map((job) => job.id), kind }, 'a job finished after its lease was taken over; the other attempt decides its outcome');
  }

  /** Deferred jobs go back in line, one statement per moment and reason they wait for. */
  private async recordDeferrals(jobs: JobRow[], failures: Map<number, unknown>): Promise<void> {
    const groups = new Map<string, { deferral: JobDeferred; ids: number[] }>();
    for (const job of jobs) {
      const deferral = failures.get(job.id);
      if (!(deferral instanceof JobDeferred)) continue;
      const key = `${deferral.runAt.getTime()}|${deferral.waitsFor ?? ''}|${deferral.message}`;
      const group = groups.get(key) ?? { deferral, ids: [] };
      group.ids.push(job.id);
      groups.set(key, group);
    }
    for (const { deferral, ids } of groups.values()) {
      await deferJobs(this.database.db, { ids, nodeId: this.nodeId, runAt: deferral.runAt, waitsFor: deferral.waitsFor, note: describeError(deferral), now: this.clock.now() });
    }
  }

  private async recordFailure(job: JobRow, claim: Claim, error: string): Promise<void> {
    const now = this.clock.now();
    const last = job.attempts >= job.max_attempts;
    const retryAt = last ? null : new Date(now.getTime() + backoffDelay(job.attempts, this.backoffBaseMs, this.backoffMaxMs, this.random));
    const recorded = await failJob(this.database.db, claim, error, retryAt, now);
    const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.max_attempts, error };
    if (!recorded) this.log.warn(fields, 'a job failed after its lease was taken over');
    else if (last) this.log.error(fields, 'job failed for the last time and is dead');
    else this.log.warn({ ...fields, retryAt }, 'job failed; will retry');
  }
}

/** An error as one line for last_error and the admin screens: its class (when telling) and a message without the values it carries, capped. */
export function describeError(error: unknown, maxLength = MAX_ERROR_LENGTH): string {
  const message = safeErrorMessage(error);
  const text = error instanceof Error && error.name && error.name !== 'Error' && !isDatabaseError(error) ? `${error.name}: ${message}` : message;
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
