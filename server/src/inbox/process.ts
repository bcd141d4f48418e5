// The inbox.process job: hands a stored raw item to its channel adapter, which turns it into a
// ticket message in the same transaction as the item is marked processed. A failure leaves the
// item 'failed' with its error for the admin screen, and the job retries it with backoff.
import type { Context } from '../context.ts';
import { enqueue } from '../jobs/queue.ts';
import { describeError } from '../jobs/runner.ts';
import { INBOX_PROCESS_JOB } from './receive.ts';
import { lockInboundItem, markInboundFailed, markInboundPending, markInboundProcessed, type InboundItemSummary } from './store.ts';

export async function processInboundItem(ctx: Context, itemId: number): Promise<void> {
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const item = await lockInboundItem(tx, itemId);
      if (!item) {
        ctx.log.warn({ itemId }, 'inbound item to process no longer exists');
        return;
      }
      // Another attempt (a duplicate job, a retry racing the original) got there first.
      if (item.status === 'processed') return;
      const adapter = ctx.channels.get(item.channel);
      if (!adapter?.process) throw new Error(`no adapter for channel "${item.channel}"`);
      const result = await adapter.process(tx, { id: item.id, channel: item.channel, raw: item.raw, meta: item.meta, attempts: item.attempts }, ctx);
      await markInboundProcessed(tx, item.id, result, ctx.clock.now());
      if (result.held) ctx.log.warn({ itemId, channel: item.channel, reason: result.held }, 'inbound item held');
      else ctx.log.info({ itemId, channel: item.channel, ticketId: result.ticketId, messageId: result.messageId, outcome: result.outcome }, 'inbound item processed');
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
