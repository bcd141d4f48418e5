// What the outbound pipeline does when messages are written or reported on: a public reply stored as
// queued (on a delivered channel, shared/src/index.ts `isDeliveredChannel`) gets its delivery job;
// a bounce a channel reports marks the message failed.
import type { Reaction } from '../events/reactions.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { DomainEvent } from '../events/append.ts';
import { enqueueMany } from '../jobs/queue.ts';
import { OUTBOUND_DELIVER_JOB } from './deliver.ts';
import { markBouncedMessage, queuedAmong } from './store.ts';
import { appendEvent } from '../events/append.ts';

/** Queues the delivery of each public outbound message among the events that is stored as queued: one statement to look, one to queue. */
async function queueDeliveries(tx: Kysely<DB>, events: DomainEvent[]): Promise<void> {
  const ids = events.flatMap((event) => (event.type === 'message.created' && !event.payload.internal && event.payload.direction === 'outbound' ? [event.payload.messageId] : []));
  if (!ids.length) return;
  const queued = await queuedAmong(tx, ids);
  await enqueueMany(tx, OUTBOUND_DELIVER_JOB, queued.map((messageId) => ({ messageId })));
}

export const queueDelivery: Reaction = {
  name: 'outbound.queue-delivery',
  on: ['message.created'],
  // Inbound messages and notes get no job at all.
  when: { direction: 'outbound', internal: false },
  // The delivery jobs are written in ctx.tx, with the reaction's receipts: exactly one per reply.
  handle: (ctx, event) => queueDeliveries(ctx.tx, [event]),
  // A storm's inbound messages are many and need nothing: a batch of them costs one transaction.
  handleMany: (ctx, events) => queueDeliveries(ctx.tx, events),
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
