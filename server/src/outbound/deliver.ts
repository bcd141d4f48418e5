// The outbound.deliver job: hands a queued reply to its channel's adapter and records how it went.
// For an adapter that addresses recipients (email) each recipient has its own state: an attempt
// goes only to those not yet accepted, so nobody gets a second copy of one reply. A temporary
// failure is rethrown so the runner retries with backoff; a permanent one (the adapter says so,
// or a channel nobody can deliver on) and the last attempt settle the message at once, and the job
// ends done, since the message is where the failure is shown and retried.
// The answers are recorded in the transaction that follows the provider's reply; a node dying
// between the two sends that attempt's recipients a second copy on the next run (docs/email.md).
import type { Context } from '../context.ts';
import { DeliveryError, type OutboundMessage } from '../channels/registry.ts';
import { appendEvent } from '../events/append.ts';
import { enqueue } from '../jobs/queue.ts';
import { describeError, type JobInfo } from '../jobs/runner.ts';
import { identitiesOf as customerIdentities } from '../customers/verbs.ts';
import { messageOutcome, outcomeOf, recipientUpdates, type Attempt, type Outcome } from './delivery-outcome.ts';
import {
  identitiesOf,
  loadDeliveries,
  loadDelivery,
  recipientsOfMessage,
  recordAnswers,
  requeueFailed,
  requeueRecipients,
  settleAttempt,
  syncRecipients,
  syncRecipientsOfMany,
  type DeliveryRow,
  type RecipientRow,
} from './store.ts';

export const OUTBOUND_DELIVER_JOB = 'outbound.deliver';

/** What an attempt told about the relay: whether it was tried at all, and its permanent refusal of us (login, sender). */
export interface DeliveryReport {
  tried: boolean;
  relayRefusal?: string;
}

/**
 * A relay that is not answering (connection refused, timeout, 4xx greeting) is not this message's
 * failure: it is rethrown before anything is settled, and the message waits for its relay (relay-gate.ts).
 */
export const isRelayOutage = (error: unknown): error is DeliveryError => error instanceof DeliveryError && error.relayFault && !error.permanent;

export async function deliverMessage(ctx: Context, messageId: number, job: Pick<JobInfo, 'attempts' | 'maxAttempts'>): Promise<DeliveryReport> {
  const row = await loadDelivery(ctx.db, messageId);
  if (!row) {
    ctx.log.warn({ messageId }, 'message to deliver no longer exists');
    return { tried: false };
  }
  // Sent by an earlier attempt, or failed and waiting for a person: nothing to do.
  if (row.delivery_status !== 'queued') return { tried: false };
  const final = job.attempts >= job.maxAttempts;
  const adapter = ctx.channels.get(row.channel);
  if (!adapter?.deliver) {
    await settle(ctx, row, { failure: { reason: `no adapter for channel "${row.channel}"`, permanent: true } }, undefined, final);
    return { tried: false };
  }
  const message = await outboundMessage(ctx, row);
  let pending: RecipientRow[] | undefined;
  let externalId: string | null = null;
  let attempt: Attempt;
  let tried = true;
  let relayRefusal: string | undefined;
  try {
    if (adapter.recipientsOf) {
      const all = await adapter.recipientsOf(message, ctx);
      if (!all.length) throw new DeliveryError('the message has nobody to go to', true);
      pending = await syncRecipients(ctx.db, row.id, all, ctx.clock.now());
      message.addressees = { all, pending: pending.map(({ address, name, kind }) => ({ address, name, kind })) };
    }
    // Every recipient already answered (a retry that found nobody left): settle from what is recorded.
    if (pending && !pending.length) {
      attempt = { answers: [] };
      tried = false;
    } else {
      const result = await adapter.deliver(message, ctx);
      externalId = result.externalId ?? null;
      attempt = { answers: result.answers ?? [] };
    }
  } catch (error) {
    if (isRelayOutage(error)) throw error;
    attempt = { failure: { reason: describeError(error), permanent: error instanceof DeliveryError && error.permanent } };
    if (error instanceof DeliveryError && error.relayFault) relayRefusal = attempt.failure.reason;
  }
  const outcome = await settle(ctx, row, attempt, pending, final, externalId);
  // Retried with backoff; after the last attempt the failure lives on the message, with its own
  // retry button, and the job ends done rather than dead: one failure is shown once.
  if (outcome.status === 'queued') throw new Error(outcome.error ?? 'the delivery will be retried');
  return { tried, ...(relayRefusal !== undefined && { relayRefusal }) };
}

/**
 * Records whom queued messages are for without trying them, so that a message failed untried (its
 * relay missing or refusing us) still says whom it did not reach: a few statements for all of them
 * and the adapter's own look-up per message. Nothing for a channel that does not address
 * recipients, a message no longer queued, or one the adapter finds nobody for.
 */
export async function recordRecipients(ctx: Context, messageIds: number[]): Promise<void> {
  if (!messageIds.length) return;
  const rows = (await loadDeliveries(ctx.db, messageIds)).filter((row) => row.delivery_status === 'queued');
  const identities = await customerIdentities(ctx.db, [...new Set(rows.map((row) => row.customer_id))]);
  const lists = [];
  for (const row of rows) {
    const adapter = ctx.channels.get(row.channel);
    if (!adapter?.recipientsOf) continue;
    try {
      lists.push({ messageId: row.id, current: await adapter.recipientsOf(messageOf(row, (identities.get(row.customer_id) ?? []).map(({ kind, value }) => ({ kind, value }))), ctx) });
    } catch (error) {
      // Nobody to address (no email address): there is nobody to record; the failure says why.
      if (!(error instanceof DeliveryError)) throw error;
    }
  }
  await syncRecipientsOfMany(ctx.db, lists, ctx.clock.now());
}

/** Puts a failed message back in the queue with a fresh job; undefined unless it was failed. */
export async function retryDelivery(ctx: Context, messageId: number, actorAgentId: number) {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await requeueFailed(tx, messageId);
    if (!row) return undefined;
    await requeueRecipients(tx, messageId);
    await enqueue(tx, OUTBOUND_DELIVER_JOB, { messageId });
    await appendEvent(tx, { type: 'message.requeued', ticketId: row.ticket_id, actorAgentId, payload: { messageId, channel: row.channel } });
    return row;
  });
}

/** Records the attempt in one transaction: each answered recipient, the message's state, and its event. */
async function settle(ctx: Context, row: DeliveryRow, attempt: Attempt, pending: RecipientRow[] | undefined, final: boolean, externalId: string | null = null): Promise<Outcome> {
  const now = ctx.clock.now();
  const { outcome, settled } = await ctx.db.transaction().execute(async (tx) => {
    let outcome: Outcome;
    if (pending) {
      await recordAnswers(tx, row.id, recipientUpdates(pending.map((r) => r.address), attempt, final), now);
      outcome = outcomeOf(await recipientsOfMessage(tx, row.id));
    } else {
      outcome = messageOutcome(attempt, final);
    }
    const settled = await settleAttempt(tx, row.id, outcome, externalId, now);
    if (!settled) return { outcome, settled: false };
    const payload = { messageId: row.id, channel: row.channel };
    if (outcome.status === 'sent') await appendEvent(tx, { type: 'message.sent', ticketId: row.ticket_id, payload: { ...payload, externalId, ...(outcome.error && { error: outcome.error }) } });
    if (outcome.status === 'failed') await appendEvent(tx, { type: 'message.failed', ticketId: row.ticket_id, payload: { ...payload, error: outcome.error } });
    return { outcome, settled: true };
  });
  if (!settled) return outcome;
  const fields = { messageId: row.id, ticketId: row.ticket_id, channel: row.channel, error: outcome.error };
  if (outcome.status === 'failed') ctx.log.error(fields, 'message could not be delivered; marked failed');
  else if (outcome.status === 'queued') ctx.log.warn(fields, 'message delivery failed; will retry');
  else if (outcome.error) ctx.log.warn(fields, 'message sent, but not to every recipient');
  else ctx.log.info({ messageId: row.id, ticketId: row.ticket_id, channel: row.channel }, 'message sent');
  return outcome;
}

async function outboundMessage(ctx: Context, row: DeliveryRow): Promise<OutboundMessage> {
  return messageOf(row, await identitiesOf(ctx.db, row.customer_id));
}

function messageOf(row: DeliveryRow, recipients: OutboundMessage['recipients']): OutboundMessage {
  return {
    messageId: row.id,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    subject: row.subject,
    bodyText: row.body_text,
    bodyHtml: row.body_html,
    channel: row.channel,
    customerId: row.customer_id,
    recipients,
    agent: row.agent_id === null ? null : { id: row.agent_id, alias: row.agent_alias ?? '', signature: row.agent_signature ?? '' },
  };
}
