// SQL for the outbound pipeline. It owns the delivery columns of messages (status, error, attempts,
// sent_at, external_id) and each message's recipients; the tickets feature writes everything else
// about a message.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, RelayHealthTable } from '../db/tables.ts';
import { anyOf, arrayOf, insertInSlices } from '../db/bulk.ts';
import type { OutboundRecipient } from '../channels/registry.ts';
import type { Outcome, RecipientUpdate } from './delivery-outcome.ts';

/** A message with what delivering it needs to know about its ticket and author. */
const deliveries = (db: Kysely<DB>) =>
  db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .leftJoin('agents', 'agents.id', 'messages.author_agent_id')
    .select([
      'messages.id',
      'messages.ticket_id',
      'messages.body_text',
      'messages.body_html',
      'messages.channel',
      'messages.internal',
      'messages.direction',
      'messages.delivery_status',
      'messages.delivery_attempts',
      'tickets.number as ticket_number',
      'tickets.subject',
      'tickets.customer_id',
      'tickets.team_id',
      'tickets.assignee_id',
      'agents.id as agent_id',
      'agents.alias as agent_alias',
      'agents.signature as agent_signature',
    ]);

export const loadDelivery = (db: Kysely<DB>, messageId: number) => deliveries(db).where('messages.id', '=', messageId).executeTakeFirst();

/** Several messages as `loadDelivery` reads one, in id order; missing ids are left out. */
export const loadDeliveries = (db: Kysely<DB>, messageIds: number[]) => deliveries(db).where('messages.id', '=', anyOf(messageIds, 'bigint')).orderBy('messages.id').execute();

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof loadDelivery>>>;

export const identitiesOf = (db: Kysely<DB>, customerId: number) =>
  db.selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customerId).orderBy('id').execute();

const deliveryColumns = ['id', 'ticket_id', 'channel', 'delivery_status', 'delivery_error', 'delivery_attempts', 'sent_at', 'external_id'] as const;

/**
 * Records an attempt: the message's new state, one more attempt, and on the first success when and
 * under which id it went out. Undefined when the message is no longer queued (another attempt settled it).
 */
export const settleAttempt = (tx: Kysely<DB>, id: number, outcome: Outcome, externalId: string | null, now: Date) =>
  tx
    .updateTable('messages')
    .set((eb) => ({
      delivery_status: outcome.status,
      delivery_error: outcome.error,
      delivery_attempts: eb('delivery_attempts', '+', 1),
      delivery_retry_at: null,
      ...(outcome.status === 'sent' && { sent_at: eb.fn.coalesce('sent_at', eb.val(now)), external_id: eb.fn.coalesce(eb.val(externalId), 'external_id') }),
      ...(outcome.status === 'failed' && { delivery_failed_at: now }),
    }))
    .where('id', '=', id)
    .where('delivery_status', '=', 'queued')
    .returning(deliveryColumns)
    .executeTakeFirst();

const recipientColumns = ['message_id', 'address', 'name', 'kind', 'status', 'response', 'attempts', 'answered_at'] as const;

/**
 * Makes the message's recipients the adapter's current list, keeping what is settled: new
 * addresses are added as queued, and queued ones no longer on the list are dropped (a corrected
 * address replaces the refused one). Returns those still to send to.
 */
export async function syncRecipients(tx: Kysely<DB>, messageId: number, current: OutboundRecipient[], now: Date) {
  if (current.length) {
    const rows = current.map((r, position) => ({ message_id: messageId, address: r.address, name: r.name, kind: r.kind, position, created_at: now }));
    await insertInSlices(rows, (slice) => tx.insertInto('message_recipients').values(slice).onConflict((oc) => oc.columns(['message_id', 'address']).doNothing()).execute());
  }
  let stale = tx.deleteFrom('message_recipients').where('message_id', '=', messageId).where('status', '=', 'queued');
  if (current.length) stale = stale.where('address', '<>', sql<string>`ALL(${arrayOf(current.map((r) => r.address), 'text')})`);
  await stale.execute();
  return (await recipientsOfMessage(tx, messageId)).filter((r) => r.status === 'queued');
}

/**
 * `syncRecipients` for many messages at once, in two statements, without reading them back: each
 * message's recipients become its list, keeping what is settled.
 */
export async function syncRecipientsOfMany(tx: Kysely<DB>, lists: Array<{ messageId: number; current: OutboundRecipient[] }>, now: Date): Promise<void> {
  if (!lists.length) return;
  const rows = lists.flatMap(({ messageId, current }) => current.map((r, position) => ({ message_id: messageId, address: r.address, name: r.name, kind: r.kind, position, created_at: now })));
  if (rows.length) await insertInSlices(rows, (slice) => tx.insertInto('message_recipients').values(slice).onConflict((oc) => oc.columns(['message_id', 'address']).doNothing()).execute());
  await tx
    .deleteFrom('message_recipients')
    .where('message_id', '=', anyOf(lists.map((list) => list.messageId), 'bigint'))
    .where('status', '=', 'queued')
    .where(sql<boolean>`(message_id, address) NOT IN (SELECT * FROM unnest(${arrayOf(rows.map((row) => row.message_id), 'bigint')}, ${arrayOf(rows.map((row) => row.address), 'text')}))`)
    .execute();
}

export const recipientsOfMessage = (db: Kysely<DB>, messageId: number) =>
  db.selectFrom('message_recipients').select(recipientColumns).where('message_id', '=', messageId).orderBy('kind', 'desc').orderBy('position').orderBy('address').execute();

export type RecipientRow = Awaited<ReturnType<typeof recipientsOfMessage>>[number];

/** Each answered recipient's new state, in one statement; a recipient no longer queued is left as it is. */
export async function recordAnswers(tx: Kysely<DB>, messageId: number, updates: RecipientUpdate[], now: Date): Promise<void> {
  if (!updates.length) return;
  const values = sql.join(updates.map((u) => sql`(${u.address}::text, ${u.status}::text, ${u.response}::text)`));
  await sql`
    UPDATE message_recipients r
    SET status = v.status, response = v.response, attempts = r.attempts + 1, answered_at = ${now}
    FROM (VALUES ${values}) AS v(address, status, response)
    WHERE r.message_id = ${messageId} AND r.address = v.address AND r.status = 'queued'`.execute(tx);
}

/**
 * A retry sends again to the recipients that failed. When none did (the relay took the message and
 * a bounce came later, naming no recipient), it goes again to the customer alone.
 */
export async function requeueRecipients(tx: Kysely<DB>, messageId: number): Promise<void> {
  const failed = await tx
    .updateTable('message_recipients')
    .set({ status: 'queued', response: null })
    .where('message_id', '=', messageId)
    .where('status', '=', 'failed')
    .returning('address')
    .execute();
  if (failed.length) return;
  await tx.updateTable('message_recipients').set({ status: 'queued', response: null }).where('message_id', '=', messageId).where('kind', '=', 'to').execute();
}

/** A bounce reported that an outbound message did not arrive, whatever its state was; undefined for no outbound message. */
export const markBouncedMessage = (tx: Kysely<DB>, id: number, reason: string) =>
  tx
    .updateTable('messages')
    .set({ delivery_status: 'failed', delivery_error: reason, delivery_failed_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('direction', '=', 'outbound')
    .returning(['id', 'ticket_id', 'channel'])
    .executeTakeFirst();

/**
 * A failed message, or a sent one that some recipients did not get, goes back to the queue;
 * undefined for any other.
 */
export const requeueFailed = (tx: Kysely<DB>, id: number) =>
  tx
    .updateTable('messages')
    .set({ delivery_status: 'queued', delivery_error: null })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('delivery_status', '=', 'failed'),
        eb.and([
          eb('delivery_status', '=', 'sent'),
          eb.exists(eb.selectFrom('message_recipients').select('address').whereRef('message_recipients.message_id', '=', 'messages.id').where('message_recipients.status', '=', 'failed')),
        ]),
      ]),
    )
    .returning(deliveryColumns)
    .executeTakeFirst();

export const findDeliveryState = (db: Kysely<DB>, id: number) =>
  db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .select(['messages.id', 'messages.delivery_status', 'tickets.team_id', 'tickets.assignee_id'])
    .where('messages.id', '=', id)
    .executeTakeFirst();

/** Of these messages, those still queued for delivery, in id order. */
export const queuedAmong = async (db: Kysely<DB>, ids: number[]): Promise<number[]> =>
  (await db.selectFrom('messages').select('id').where('id', '=', anyOf(ids, 'bigint')).where('delivery_status', '=', 'queued').orderBy('id').execute()).map((row) => row.id);

/** Messages waiting for their relay: why, and when it will next be tried. */
export async function markWaiting(db: Kysely<DB>, ids: number[], reason: string, retryAt: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('messages')
    .set({ delivery_error: reason, delivery_retry_at: retryAt })
    .where('id', '=', anyOf(ids, 'bigint'))
    .where('delivery_status', '=', 'queued')
    .execute();
}

/**
 * Fails queued messages that were not tried (their relay is missing or refusing us, or they waited
 * for it too long), with their queued recipients; returns those it failed.
 */
export async function failUntried(tx: Kysely<DB>, ids: number[], reason: string, now: Date) {
  if (!ids.length) return [];
  const rows = await tx
    .updateTable('messages')
    .set({ delivery_status: 'failed', delivery_error: reason, delivery_retry_at: null, delivery_failed_at: now })
    .where('id', '=', anyOf(ids, 'bigint'))
    .where('delivery_status', '=', 'queued')
    .returning(['id', 'ticket_id', 'channel'])
    .execute();
  if (rows.length) {
    await tx
      .updateTable('message_recipients')
      .set({ status: 'failed', response: reason, answered_at: now })
      .where('message_id', '=', anyOf(rows.map((row) => row.id), 'bigint'))
      .where('status', '=', 'queued')
      .execute();
  }
  return rows;
}

export type RelayHealthRow = Selectable<RelayHealthTable>;

export const relayHealthOf = (db: Kysely<DB>, relays: string[]) => db.selectFrom('relay_health').selectAll().where('relay', '=', anyOf(relays, 'text')).execute();

/**
 * Records a failed try of a relay, unless another node recorded one since the probe came due (then
 * that one stands); returns the row as it now is.
 */
export async function recordRelayFailure(
  db: Kysely<DB>,
  input: { relay: string; fingerprint: string; state: RelayHealthRow['state']; failures: number; lastError: string; nextProbeAt: Date; now: Date },
): Promise<RelayHealthRow> {
  const row = await db
    .insertInto('relay_health')
    .values({
      relay: input.relay,
      fingerprint: input.fingerprint,
      state: input.state,
      failures: input.failures,
      last_error: input.lastError,
      down_since: input.now,
      next_probe_at: input.nextProbeAt,
      probe_until: null,
      updated_at: input.now,
    })
    .onConflict((oc) =>
      oc
        .column('relay')
        .doUpdateSet((eb) => ({
          fingerprint: eb.ref('excluded.fingerprint'),
          state: eb.ref('excluded.state'),
          failures: eb.ref('excluded.failures'),
          last_error: eb.ref('excluded.last_error'),
          down_since: sql<Date>`CASE WHEN relay_health.fingerprint = excluded.fingerprint THEN relay_health.down_since ELSE excluded.down_since END`,
          next_probe_at: eb.ref('excluded.next_probe_at'),
          probe_until: null,
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where((eb) => eb.or([eb('relay_health.next_probe_at', '<=', input.now), eb('relay_health.fingerprint', '<>', eb.ref('excluded.fingerprint'))])),
    )
    .returningAll()
    .executeTakeFirst();
  return row ?? (await db.selectFrom('relay_health').selectAll().where('relay', '=', input.relay).executeTakeFirstOrThrow());
}

/** One node at a time probes a relay whose probe is due: true when this one may. */
export async function takeProbe(db: Kysely<DB>, relay: string, now: Date, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('relay_health')
    .set({ probe_until: until })
    .where('relay', '=', relay)
    .where('next_probe_at', '<=', now)
    .where((eb) => eb.or([eb('probe_until', 'is', null), eb('probe_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The relay answers (or its settings changed): it has no health row. */
export const clearRelayHealth = (db: Kysely<DB>, relay: string) => db.deleteFrom('relay_health').where('relay', '=', relay).execute();

/** The outbound message a provider knows by this id (what the adapter's deliver returned). */
export const outboundByExternalId = (db: Kysely<DB>, channel: string, externalId: string) =>
  db.selectFrom('messages').select(['id', 'ticket_id', 'delivery_status']).where('channel', '=', channel).where('external_id', '=', externalId).where('direction', '=', 'outbound').executeTakeFirst();

/** The provider reports the message reached the customer: delivered, unless it already failed. */
export const markDeliveredMessage = (tx: Kysely<DB>, id: number) =>
  tx.updateTable('messages').set({ delivery_status: 'delivered' }).where('id', '=', id).where('direction', '=', 'outbound').where('delivery_status', 'in', ['sent', 'queued']).returning(['id', 'ticket_id']).executeTakeFirst();
