// What the outbound pipeline does when messages are written or reported on: a public reply stored as
// queued (on a delivered channel, shared/src/index.ts `isDeliveredChannel`) gets its delivery job;
// a bounce a channel reports marks the message failed.
import type { Reaction } from '../events/reactions.ts';
import { enqueue } from '../jobs/queue.ts';
import { OUTBOUND_DELIVER_JOB } from './deliver.ts';
import { findDeliveryState, markBouncedMessage } from './store.ts';
import { appendEvent } from '../events/append.ts';

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

export const recordBounce: Reaction = {
  name: 'outbound.record-bounce',
  on: ['message.bounced'],
  async handle(ctx, event) {
    if (event.type !== 'message.bounced') return;
    const { messageId, reason, bounceItemId } = event.payload;
    // Failed whatever its state was (a relay that took it may still bounce it); nothing for a message that is not outbound.
    const updated = await markBouncedMessage(ctx.tx, messageId, reason);
    if (!updated) return;
    await appendEvent(ctx.tx, { type: 'message.failed', ticketId: updated.ticket_id, payload: { messageId: updated.id, channel: updated.channel, error: reason, bounceItemId } });
  },
};
