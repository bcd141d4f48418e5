// The inbox.process job: hands a stored raw item to its channel adapter, which turns it into a
// ticket message in the same transaction as the item is marked processed. A failure leaves the
// item 'failed' with its error for the admin screen, and the job retries it with backoff.
import type { Context } from '../context.ts';
import { enqueue } from '../jobs/queue.ts';
import { describeError } from '../jobs/runner.ts';
import { INBOX_PROCESS_JOB } from './receive.ts';
import type { InboundItem, ProcessedInbound } from '../channels/registry.ts';
import { finishInboxJobs, lockInboundItem, lockWaitingItems, markInboundFailed, markInboundPending, markInboundProcessedMany, type InboundItemRow, type InboundItemSummary } from './store.ts';

/** What an adapter is handed of a stored item. */
const adapterItem = (row: InboundItemRow): InboundItem => ({ id: row.id, channel: row.channel, raw: row.raw, meta: row.meta, attempts: row.attempts });

/** How many waiting items one job may take along (a storm becomes tickets in batches of this size). */
const BATCH_SIZE = 100;

export async function processInboundItem(ctx: Context, itemId: number): Promise<void> {
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const item = await lockInboundItem(tx, itemId);
      if (!item) {
        ctx.log.warn({ itemId }, 'inbound item to process no longer exists');
        return;
      }
      // Another attempt (a duplicate job, a retry racing the original, a batch) got there first;
      // a held item waits for a person.
      if (item.status === 'processed' || item.status === 'held') return;
      const adapter = ctx.channels.get(item.channel);
      if (!adapter?.process) throw new Error(`no adapter for channel "${item.channel}"`);
      const own = adapterItem(item);
      const results = new Map<number, ProcessedInbound>();
      // A first attempt takes along what else waits on its channel; a retry goes alone.
      if (adapter.processBatch && item.attempts === 0) {
        const others = await lockWaitingItems(tx, item.channel, item.id, INBOX_PROCESS_JOB, BATCH_SIZE - 1);
        if (others.length) {
          const batch = [own, ...others.map(adapterItem)];
          for (const [id, result] of await adapter.processBatch(tx, batch, ctx)) results.set(id, result);
        }
      }
      if (!results.has(item.id)) results.set(item.id, await adapter.process(tx, own, ctx));
      const now = ctx.clock.now();
      await markInboundProcessedMany(tx, results, now);
      // The jobs of the items taken along have nothing left to do.
      await finishInboxJobs(tx, [...results.keys()].filter((id) => id !== item.id), INBOX_PROCESS_JOB, now);
      for (const [id, result] of results) {
        if (result.held) ctx.log.warn({ itemId: id, channel: item.channel, reason: result.held }, 'inbound item held');
        else ctx.log.info({ itemId: id, channel: item.channel, ticketId: result.ticketId, messageId: result.messageId, outcome: result.outcome, batch: results.size }, 'inbound item processed');
      }
    });
  } catch (error) {
    const text = describeError(error);
    await markInboundFailed(ctx.db, itemId, text);
    ctx.log.warn({ itemId, error: text }, 'inbound item failed to process');
    throw error;
  }
}

/** Puts a failed (or stuck) item back in line with a fresh job; undefined when it was processed already. */
export async function retryInboundItem(ctx: Context, itemId: number): Promise<InboundItemSummary | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const item = await markInboundPending(tx, itemId);
    if (item) await enqueue(tx, INBOX_PROCESS_JOB, { itemId });
    return item;
  });
}
