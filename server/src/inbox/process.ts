// The inbox.process and inbox.conversation jobs: hand stored raw items to their channel adapter, which turns them into
// ticket messages in the same transaction as the items are marked processed. Jobs are claimed in
// batches (a storm costs one transaction per batch); a batch that fails is taken apart and each
// item processed on its own, so one bad item never holds up the others. A failure leaves the item
// 'failed' with its error for the admin screen, and its job retries it with backoff.
import type { Kysely } from 'kysely';
import type { Context } from '../context.ts';
import type { DB } from '../db/tables.ts';
import { enqueue } from '../jobs/queue.ts';
import { describeError, type BatchJob } from '../jobs/runner.ts';
import { idIn } from '../jobs/payload.ts';
import { inboxJobOf } from './receive.ts';
import type { InboundItem, ProcessedInbound } from '../channels/registry.ts';
import { lockInboundItems, markInboundFailed, markInboundPending, markInboundProcessedMany, startInboundAttempts, type InboundItemRow, type InboundItemSummary } from './store.ts';

/** How many waiting items one job run may take (a storm becomes tickets in batches of this size). */
export const INBOX_BATCH_SIZE = 100;
/** An item whose attempts died unfinished this many times in a row (it crashes or hangs the process) is held for a person. */
export const MAX_UNFINISHED_ATTEMPTS = 5;
/** Larger items are never batched: a batch holds every item's bytes in memory at once. */
const MAX_BATCHED_BYTES = 256 * 1024;

/** What an adapter is handed of a stored item. */
const adapterItem = (row: InboundItemRow): InboundItem => ({ id: row.id, channel: row.channel, raw: row.raw, meta: row.meta, attempts: row.attempts });

/** The inbox.process job handler: failures by job id, as the runner wants them. */
export async function processInboxJobs(ctx: Context, jobs: BatchJob[]): Promise<Map<number, unknown>> {
  const failures = new Map<number, unknown>();
  const jobOfItem = new Map<number, number>();
  for (const job of jobs) {
    try {
      jobOfItem.set(idIn(job.payload, 'itemId'), job.info.id);
    } catch (error) {
      failures.set(job.info.id, error);
    }
  }
  // A retried job's item may have been in flight when a process died: a suspect.
  const retried = jobs.some((job) => job.info.attempts > 1);
  for (const [itemId, error] of await processInboundItems(ctx, [...jobOfItem.keys()], retried)) failures.set(jobOfItem.get(itemId)!, error);
  return failures;
}

/**
 * Retried items (among them any that were in flight when a process died) are suspects: this node
 * takes them one call at a time, so an innocent item retried beside a poison one is not counted
 * unfinished again each time the poison kills the process (and held with it). First attempts, a
 * storm's batches among them, never wait here.
 */
let suspects: Promise<unknown> = Promise.resolve();

/** Processes the items together; when that fails, each on its own. Returns the failures by item id. */
export async function processInboundItems(ctx: Context, requested: number[], retried = false): Promise<Map<number, unknown>> {
  if (!retried) return processNow(ctx, requested);
  const run = suspects.then(() => processNow(ctx, requested));
  suspects = run.catch(() => undefined);
  return run;
}

async function processNow(ctx: Context, requested: number[]): Promise<Map<number, unknown>> {
  const failures = new Map<number, unknown>();
  const held = new Set(await startInboundAttempts(ctx.db, requested, MAX_UNFINISHED_ATTEMPTS));
  if (held.size) ctx.log.error({ itemIds: [...held], attempts: MAX_UNFINISHED_ATTEMPTS }, 'inbound items held: their processing never finished');
  const itemIds = requested.filter((id) => !held.has(id));
  if (itemIds.length > 1) {
    try {
      await ctx.db.transaction().execute((tx) => withinBudget(ctx, processLocked(ctx, tx, itemIds)));
      return failures;
    } catch (error) {
      ctx.log.warn({ items: itemIds.length, error: describeError(error) }, 'a batch of inbound items failed; processing each on its own');
    }
  }
  for (const itemId of itemIds) {
    try {
      await processInboundItem(ctx, itemId);
    } catch (error) {
      failures.set(itemId, error);
    }
  }
  return failures;
}

async function processInboundItem(ctx: Context, itemId: number): Promise<void> {
  try {
    await ctx.db.transaction().execute((tx) => withinBudget(ctx, processLocked(ctx, tx, [itemId])));
  } catch (error) {
    const text = describeError(error);
    await markInboundFailed(ctx.db, itemId, text);
    ctx.log.warn({ itemId, error: text }, 'inbound item failed to process');
    throw error;
  }
}

/**
 * Fails the work when it takes longer than INBOX_PROCESS_TIMEOUT_SECONDS, which ends (rolls back)
 * its transaction: a stuck adapter neither holds a job slot nor, on the embedded database, the
 * only session forever. The stuck promise itself cannot be stopped; what it writes later fails.
 */
async function withinBudget<T>(ctx: Context, work: Promise<T>): Promise<T> {
  const budget = ctx.config.inboxProcessTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`processing took longer than ${budget / 1000} s and was given up (INBOX_PROCESS_TIMEOUT_SECONDS)`)), budget);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function processLocked(ctx: Context, tx: Kysely<DB>, itemIds: number[]): Promise<void> {
  const items = await lockInboundItems(tx, itemIds);
  const channelOf = new Map(items.map((item) => [item.id, item.channel]));
  const gone = itemIds.filter((id) => !channelOf.has(id));
  if (gone.length) ctx.log.warn({ itemIds: gone }, 'inbound item to process no longer exists');
  // Another attempt (a duplicate job, a retry racing the original) got there first; a held item waits for a person.
  const todo = items.filter((item) => item.status !== 'processed' && item.status !== 'held');
  const results = new Map<number, ProcessedInbound>();
  for (const channel of new Set(todo.map((item) => item.channel))) {
    const adapter = ctx.channels.get(channel);
    if (!adapter?.process) throw new Error(`no adapter for channel "${channel}"`);
    const own = todo.filter((item) => item.channel === channel);
    // First attempts of ordinary size go together; a retry goes alone.
    const batchable = own.filter((item) => item.attempts === 0 && item.raw.byteLength < MAX_BATCHED_BYTES);
    if (adapter.processBatch && batchable.length > 1) {
      for (const [id, result] of await adapter.processBatch(tx, batchable.map(adapterItem), ctx)) results.set(id, result);
    }
    for (const item of own) if (!results.has(item.id)) results.set(item.id, await adapter.process(tx, adapterItem(item), ctx));
  }
  await markInboundProcessedMany(tx, results, ctx.clock.now());
  for (const [id, result] of results) {
    const channel = channelOf.get(id);
    if (result.held) ctx.log.warn({ itemId: id, channel, reason: result.held }, 'inbound item held');
    else ctx.log.info({ itemId: id, channel, ticketId: result.ticketId, messageId: result.messageId, outcome: result.outcome, batch: results.size }, 'inbound item processed');
  }
}

/** Puts a failed (or stuck) item back in line with a fresh job; undefined when it was processed already. */
export async function retryInboundItem(ctx: Context, itemId: number): Promise<InboundItemSummary | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const item = await markInboundPending(tx, itemId);
    if (item) await enqueue(tx, inboxJobOf(item.channel), { itemId });
    return item;
  });
}
