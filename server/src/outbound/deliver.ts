// The outbound.deliver job: hands a queued reply to its channel's adapter. Success marks it sent;
// a failure is counted and rethrown so the runner retries with backoff; the last failed attempt
// (or a channel nobody can deliver on) marks it failed for an agent to see and retry; the job
// itself then ends done, since the message is where the failure is shown and retried.
// A node dying between the provider's acceptance and marking the message sent makes it go out
// twice; an adapter whose provider can deduplicate should give it the message id as the key.
import type { Context } from '../context.ts';
import type { OutboundMessage } from '../channels/registry.ts';
import { appendEvent } from '../events/append.ts';
import { enqueue } from '../jobs/queue.ts';
import { describeError, type JobInfo } from '../jobs/runner.ts';
import { identitiesOf, loadDelivery, markAttemptFailed, markSent, requeueFailed, type DeliveryRow } from './store.ts';

export const OUTBOUND_DELIVER_JOB = 'outbound.deliver';

export async function deliverMessage(ctx: Context, messageId: number, job: Pick<JobInfo, 'attempts' | 'maxAttempts'>): Promise<void> {
  const row = await loadDelivery(ctx.db, messageId);
  if (!row) {
    ctx.log.warn({ messageId }, 'message to deliver no longer exists');
    return;
  }
  // Sent by an earlier attempt, or failed and waiting for a person: nothing to do.
  if (row.delivery_status !== 'queued') return;
  const adapter = ctx.channels.get(row.channel);
  if (!adapter?.deliver) {
    await recordFailure(ctx, row, `no adapter for channel "${row.channel}"`, true);
    return;
  }
  const message = await outboundMessage(ctx, row);
  let externalId: string | null;
  try {
    externalId = (await adapter.deliver(message, ctx)).externalId ?? null;
  } catch (error) {
    const final = job.attempts >= job.maxAttempts;
    await recordFailure(ctx, row, describeError(error), final);
    // Retried with backoff; after the last attempt the failure lives on the message, with its own
    // retry button, and the job ends done rather than dead: one failure is shown once.
    if (!final) throw error;
    return;
  }
  await ctx.db.transaction().execute(async (tx) => {
    const sent = await markSent(tx, row.id, externalId, ctx.clock.now());
    if (!sent) return;
    await appendEvent(tx, { type: 'message.sent', ticketId: row.ticket_id, payload: { messageId: row.id, channel: row.channel, externalId } });
  });
  ctx.log.info({ messageId, ticketId: row.ticket_id, channel: row.channel }, 'message sent');
}

/** Puts a failed message back in the queue with a fresh job; undefined unless it was failed. */
export async function retryDelivery(ctx: Context, messageId: number, actorAgentId: number) {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await requeueFailed(tx, messageId);
    if (!row) return undefined;
    await enqueue(tx, OUTBOUND_DELIVER_JOB, { messageId });
    await appendEvent(tx, { type: 'message.requeued', ticketId: row.ticket_id, actorAgentId, payload: { messageId, channel: row.channel } });
    return row;
  });
}

async function recordFailure(ctx: Context, row: DeliveryRow, error: string, final: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const failed = await markAttemptFailed(tx, row.id, error, final);
    if (!failed || !final) return;
    await appendEvent(tx, { type: 'message.failed', ticketId: row.ticket_id, payload: { messageId: row.id, channel: row.channel, error } });
  });
  const fields = { messageId: row.id, ticketId: row.ticket_id, channel: row.channel, error };
  if (final) ctx.log.error(fields, 'message could not be delivered; marked failed');
  else ctx.log.warn(fields, 'message delivery failed; will retry');
}

async function outboundMessage(ctx: Context, row: DeliveryRow): Promise<OutboundMessage> {
  return {
    messageId: row.id,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    subject: row.subject,
    bodyText: row.body_text,
    bodyHtml: row.body_html,
    channel: row.channel,
    customerId: row.customer_id,
    recipients: await identitiesOf(ctx.db, row.customer_id),
    agent: row.agent_id === null ? null : { id: row.agent_id, alias: row.agent_alias ?? '', signature: row.agent_signature ?? '' },
  };
}
