// SQL for email threading: the Message-IDs each message carries, and what the per-sender limit
// counts. (The people copied on a ticket are the tickets feature's: tickets/participants.ts.)
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { anyOf, arrayOf, insertInSlices } from '../../db/bulk.ts';

export async function recordMessageIds(tx: Kysely<DB>, ids: string[], target: { ticketId: number; messageId: number }): Promise<void> {
  await recordMessageIdsOf(tx, ids.map((id) => ({ header: id, ...target })));
}

export async function recordMessageIdsOf(tx: Kysely<DB>, entries: Array<{ header: string; ticketId: number; messageId: number }>): Promise<void> {
  const rows = entries.filter((entry) => entry.header).map((entry) => ({ message_id_header: entry.header, ticket_id: entry.ticketId, message_id: entry.messageId }));
  await insertInSlices(rows, (slice) => tx.insertInto('email_message_ids').values(slice).onConflict((oc) => oc.doNothing()).execute());
}

/** Which of these Message-IDs are known. */
export async function knownMessageIds(db: Kysely<DB>, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('email_message_ids').select('message_id_header').where('message_id_header', '=', anyOf(ids, 'text')).execute();
  return new Set(rows.map((row) => row.message_id_header));
}

/** For each item, how many earlier items (not held) its sender's mail made within the window: what the per-sender limit counts. */
export async function countEarlierFromSenders(db: Kysely<DB>, items: Array<{ id: number; sender: string }>, since: Date): Promise<Map<number, number>> {
  if (!items.length) return new Map();
  const ids = arrayOf(items.map((item) => item.id), 'bigint');
  const senders = arrayOf(items.map((item) => item.sender), 'text');
  const result = await sql<{ id: number; count: number }>`
    SELECT v.id, count(x.id)::int AS count
    FROM unnest(${ids}, ${senders}) AS v(id, sender)
    LEFT JOIN inbound_items x ON x.channel = 'email' AND x.sender = v.sender AND x.received_at >= ${since} AND x.id < v.id AND x.status <> 'held'
    GROUP BY v.id`.execute(db);
  return new Map(result.rows.map((row) => [Number(row.id), Number(row.count)]));
}

/** The newest ticket and message that carry any of these Message-IDs. */
export const findByMessageIds = (db: Kysely<DB>, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve(undefined)
    : db
        .selectFrom('email_message_ids')
        .select(['ticket_id', 'message_id', 'message_id_header'])
        .where('message_id_header', '=', anyOf(ids, 'text'))
        .orderBy('message_id', 'desc')
        .limit(1)
        .executeTakeFirst();

/**
 * The tickets these Message-IDs belong to, newest message first, each saying whether the ID is
 * ours (a message we sent) or one received (the customer's or someone copied).
 */
export async function ticketsOfMessageIds(db: Kysely<DB>, ids: string[]): Promise<Array<{ ticketId: number; ours: boolean }>> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('email_message_ids')
    .innerJoin('messages', 'messages.id', 'email_message_ids.message_id')
    .select(['email_message_ids.ticket_id', 'messages.direction'])
    .where('email_message_ids.message_id_header', '=', anyOf(ids, 'text'))
    .orderBy('email_message_ids.message_id', 'desc')
    .execute();
  return rows.map((row) => ({ ticketId: row.ticket_id, ours: row.direction === 'outbound' }));
}

/** The Message-IDs of a ticket's messages, oldest first, for the References of a reply. */
export const messageIdsOfTicket = (db: Kysely<DB>, ticketId: number) =>
  db
    .selectFrom('email_message_ids')
    .innerJoin('messages', 'messages.id', 'email_message_ids.message_id')
    .select(['email_message_ids.message_id_header', 'email_message_ids.message_id', 'messages.direction'])
    .where('email_message_ids.ticket_id', '=', ticketId)
    .where('messages.internal', '=', false)
    .orderBy('email_message_ids.message_id')
    .execute();

/** The tickets with these numbers, in the order given (numbers without a ticket left out). */
export async function findTicketsByNumbers(db: Kysely<DB>, numbers: number[]): Promise<Array<{ id: number; number: number }>> {
  if (!numbers.length) return [];
  const rows = await db.selectFrom('tickets').select(['id', 'number']).where('number', '=', anyOf(numbers, 'bigint')).execute();
  const byNumber = new Map(rows.map((row) => [row.number, row]));
  return numbers.flatMap((number) => byNumber.get(number) ?? []);
}

/** The mailbox each of these email messages is sent from (null: the ticket has none, so the default mailbox). */
export const mailboxIdsOfMessages = (db: Kysely<DB>, messageIds: number[], channel: string) =>
  db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .select(['messages.id', 'tickets.mailbox_id', 'tickets.team_id'])
    .where('messages.id', '=', anyOf(messageIds, 'bigint'))
    .where('messages.channel', '=', channel)
    .execute();
