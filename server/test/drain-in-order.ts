// Draining the job queue for a channel whose conversations keep their order: with two inbox jobs
// at once (PostgreSQL), a later message taken up beside an earlier one of its conversation waits
// for it and is retried with backoff. Drains, and while such a wait is left, moves the clock past
// the backoff and drains again.
import type { TestApp } from './harness.ts';
import type { TestClock } from './clock.ts';

export function drainInOrder(t: () => TestApp, clock: TestClock, channel: string, waitText: string, options: { before?: () => Promise<unknown>; advanceMs?: number } = {}): () => Promise<void> {
  const drain = async (): Promise<void> => {
    await options.before?.();
    await t().frontline.workers.runner.drain();
    const waiting = await t().frontline.ctx.db.selectFrom('inbound_items').select('id').where('channel', '=', channel).where('status', '=', 'failed').where('error', 'like', `${waitText}%`).execute();
    if (waiting.length) {
      clock.advance(options.advanceMs ?? 3600_000);
      await drain();
    }
  };
  return drain;
}
