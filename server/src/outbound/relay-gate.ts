// The outbound.deliver batch handler: deliveries go through their relay's health (relay_health,
// shared by every node). While a relay is known to be down, its messages are not tried one by one:
// they are put aside until the relay's next probe, which one delivery makes; a successful probe
// releases them all, a failed one moves them all to the next. A relay that refuses us for good
// (login, sender, no relay at all) fails its messages at once, without trying each.
import type { Context } from '../context.ts';
import type { Relay } from '../channels/registry.ts';
import { appendEvents } from '../events/append.ts';
import { idIn } from '../jobs/payload.ts';
import { JobDeferred, type BatchJob } from '../jobs/runner.ts';
import { finishWaiting, releaseWaiting, rescheduleWaiting } from '../jobs/verbs.ts';
import { OUTBOUND_DELIVER_JOB, deliverMessage, isRelayOutage, recordRecipients } from './deliver.ts';
import { failuresAfter, gaveUpReason, probeDelay, refusingReason, waitingReason } from './relay-backoff.ts';
import { clearRelayHealth, failUntried, markWaiting, recordRelayFailure, relayHealthOf, takeProbe, type RelayHealthRow } from './store.ts';

/** Deliveries claimed together: the relay's health is read once for all of them. */
export const OUTBOUND_BATCH_SIZE = 50;
/** How long one node holds a relay's probe: more than a connection and a reply can take (nodemailer's timeouts). */
const PROBE_LEASE_MS = 90_000;

interface Item {
  messageId: number;
  job: BatchJob;
}

export async function deliverBatch(ctx: Context, jobs: BatchJob[]): Promise<Map<number, unknown>> {
  const failures = new Map<number, unknown>();
  const items: Item[] = [];
  // Oldest first: the first of a waiting relay's messages is its probe.
  for (const job of [...jobs].sort((a, b) => a.info.id - b.info.id)) {
    try {
      items.push({ messageId: idIn(job.payload, 'messageId'), job });
    } catch (error) {
      failures.set(job.info.id, error);
    }
  }
  const relays = new Map<number, Relay>();
  const ids = items.map((item) => item.messageId);
  for (const adapter of ctx.channels.withRelays()) for (const [id, relay] of await adapter.relaysOf!(ctx.db, ids, ctx)) relays.set(id, relay);
  const groups = new Map<string, { relay: Relay; items: Item[] }>();
  for (const item of items) {
    const relay = relays.get(item.messageId);
    if (!relay) {
      await deliverOne(ctx, item, failures);
      continue;
    }
    const group = groups.get(relay.key) ?? { relay, items: [] };
    group.items.push(item);
    groups.set(relay.key, group);
  }
  if (!groups.size) return failures;
  const health = new Map((await relayHealthOf(ctx.db, [...groups.keys()])).map((row) => [row.relay, row]));
  for (const { relay, items } of groups.values()) await throughRelay(ctx, relay, health.get(relay.key), items, failures);
  return failures;
}

async function deliverOne(ctx: Context, item: Item, failures: Map<number, unknown>) {
  try {
    return await deliverMessage(ctx, item.messageId, item.job.info);
  } catch (error) {
    failures.set(item.job.info.id, error);
    return undefined;
  }
}

async function throughRelay(ctx: Context, relay: Relay, known: RelayHealthRow | undefined, items: Item[], failures: Map<number, unknown>): Promise<void> {
  if (relay.missing) return failAtOnce(ctx, items.map((item) => item.messageId), relay.missing);
  let health = known;
  if (health && health.fingerprint !== relay.fingerprint) {
    // New settings: whatever was known about the old ones says nothing; try at once.
    await relayAnswers(ctx, relay);
    health = undefined;
  }
  if (health) {
    const now = ctx.clock.now();
    if (health.next_probe_at > now) {
      if (health.state === 'refusing') return failAtOnce(ctx, items.map((item) => item.messageId), refusingReason(relay.label, health.last_error));
      return wait(ctx, relay, health, items, failures);
    }
    const until = new Date(now.getTime() + PROBE_LEASE_MS);
    // Another node is probing: wait for its outcome (it moves or releases every waiting message).
    if (!(await takeProbe(ctx.db, relay.key, now, until))) return wait(ctx, relay, { ...health, next_probe_at: until }, items, failures);
    await rescheduleWaiting(ctx.db, relay.key, until);
  }
  for (const [index, item] of items.entries()) {
    let report;
    try {
      report = await deliverMessage(ctx, item.messageId, item.job.info);
    } catch (error) {
      if (isRelayOutage(error)) {
        const row = await relayFailed(ctx, relay, health, 'down', error.message);
        // Everything waiting moves to the next probe; what waited too long fails now.
        const moved = await rescheduleWaiting(ctx.db, relay.key, row.next_probe_at);
        await markWaiting(ctx.db, moved.flatMap(messageIdIn), waitingReason(relay.label, row.last_error), row.next_probe_at);
        await giveUpWaiting(ctx, relay, row);
        return wait(ctx, relay, row, items.slice(index), failures);
      }
      // This message's own temporary trouble (a recipient answered 4xx): the runner retries it.
      failures.set(item.job.info.id, error);
      report = { tried: true };
    }
    if (!report.tried) continue;
    if (report.relayRefusal !== undefined) {
      const row = await relayFailed(ctx, relay, health, 'refusing', report.relayRefusal);
      await failAtOnce(ctx, items.slice(index + 1).map((rest) => rest.messageId), refusingReason(relay.label, row.last_error));
      // Messages that were waiting for it fail too, when they are claimed (at once).
      await releaseWaiting(ctx.db, relay.key, OUTBOUND_DELIVER_JOB, ctx.clock.now());
      return;
    }
    if (health) {
      await relayAnswers(ctx, relay);
      health = undefined;
    }
  }
}

/** A relay's settings changed: what waits for it is tried at once with the new ones. */
export async function releaseRelay(ctx: Context, relayKey: string): Promise<void> {
  await clearRelayHealth(ctx.db, relayKey);
  await releaseWaiting(ctx.db, relayKey, OUTBOUND_DELIVER_JOB, ctx.clock.now());
}

/** The relay failed (again): the row says when to probe it next. */
async function relayFailed(ctx: Context, relay: Relay, health: RelayHealthRow | undefined, state: RelayHealthRow['state'], lastError: string) {
  const now = ctx.clock.now();
  const failures = failuresAfter(health, relay.fingerprint);
  const row = await recordRelayFailure(ctx.db, { relay: relay.key, fingerprint: relay.fingerprint, state, failures, lastError, nextProbeAt: new Date(now.getTime() + probeDelay(failures)), now });
  ctx.log.warn({ relay: relay.label, state: row.state, failures: row.failures, nextProbeAt: row.next_probe_at, error: row.last_error }, 'outgoing relay failed; its messages wait for the next probe');
  return row;
}

/** The relay answered: it has no health row any more, and every message waiting for it is released. */
async function relayAnswers(ctx: Context, relay: Relay) {
  await clearRelayHealth(ctx.db, relay.key);
  const released = await releaseWaiting(ctx.db, relay.key, OUTBOUND_DELIVER_JOB, ctx.clock.now());
  ctx.log.info({ relay: relay.label, released }, 'outgoing relay answers again; waiting messages released');
}

/** These messages wait for the relay's next probe, their jobs put aside until then (the attempt not counted). */
async function wait(ctx: Context, relay: Relay, health: RelayHealthRow, items: Item[], failures: Map<number, unknown>) {
  const now = ctx.clock.now();
  const tooOld = items.filter((item) => waitedTooLong(ctx, item, now));
  if (tooOld.length) await failAtOnce(ctx, tooOld.map((item) => item.messageId), gaveUpReason(relay.label, ctx.config.relayRetryMs, health.last_error));
  const waiting = items.filter((item) => !tooOld.includes(item));
  for (const item of waiting) failures.set(item.job.info.id, new JobDeferred(health.next_probe_at, relay.key, `waiting for the relay ${relay.label}`));
  await markWaiting(ctx.db, waiting.map((item) => item.messageId), waitingReason(relay.label, health.last_error), health.next_probe_at);
}

const waitedTooLong = (ctx: Context, item: Item, now: Date) => {
  const since = item.job.info.waitingSince;
  return since !== undefined && since !== null && now.getTime() - since.getTime() > ctx.config.relayRetryMs;
};

/** After a failed probe: the messages that have waited longer than RELAY_RETRY_MINUTES fail with the reason. */
async function giveUpWaiting(ctx: Context, relay: Relay, health: RelayHealthRow) {
  const now = ctx.clock.now();
  const done = await finishWaiting(ctx.db, relay.key, new Date(now.getTime() - ctx.config.relayRetryMs), now);
  await failAtOnce(ctx, done.flatMap(messageIdIn), gaveUpReason(relay.label, ctx.config.relayRetryMs, health.last_error));
}

/**
 * Fails messages without trying them, in one transaction with their events. Each message's
 * recipients are recorded first (once per message, no relay involved), so Failed deliveries and
 * the conversation say whom it did not reach.
 */
async function failAtOnce(ctx: Context, messageIds: number[], reason: string) {
  if (!messageIds.length) return;
  await recordRecipients(ctx, messageIds);
  const now = ctx.clock.now();
  const failed = await ctx.db.transaction().execute(async (tx) => {
    const rows = await failUntried(tx, messageIds, reason, now);
    await appendEvents(
      tx,
      rows.map((row) => ({ type: 'message.failed' as const, ticketId: row.ticket_id, payload: { messageId: row.id, channel: row.channel, error: reason } })),
    );
    return rows;
  });
  if (failed.length) ctx.log.error({ messages: failed.length, error: reason }, 'messages could not be delivered; marked failed without trying each');
}

function messageIdIn(payload: Record<string, unknown>): number[] {
  try {
    return [idIn(payload, 'messageId')];
  } catch {
    return [];
  }
}
