// What the outbound pipeline does when messages are written: a public reply stored as queued (on a
// channel that is delivered, shared/src/index.ts `isDeliveredChannel`) gets its delivery job.
import type { Reaction } from '../events/reactions.ts';
import { enqueue } from '../jobs/queue.ts';
import { OUTBOUND_DELIVER_JOB } from './deliver.ts';
import { findDeliveryState } from './store.ts';

export const queueDelivery: Reaction = {
  name: 'outbound.queue-delivery',
  on: ['message.created'],
  async handle(ctx, event) {
    if (event.type !== 'message.created') return;
    const { messageId, internal, direction } = event.payload;
    if (internal || direction !== 'outbound') return;
    // The delivery job is written in ctx.tx, with the reaction's receipt: exactly one per reply.
    const state = await findDeliveryState(ctx.tx, messageId);
    if (state?.delivery_status !== 'queued') return;
    await enqueue(ctx.tx, OUTBOUND_DELIVER_JOB, { messageId });
  },
};
