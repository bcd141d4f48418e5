// SQL for email threading and participants: the Message-IDs each message carries, the people
// copied on a ticket, and what the per-sender limit counts.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { anyOf, arrayOf, insertInSlices } from '../db/bulk.ts';

export const participantsOf = (db: Kysely<DB>, ticketId: number) =>
  db.selectFrom('ticket_participants').select(['email', 'name']).where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('email').execute();

export async function addParticipants(tx: Kysely<DB>, ticketId: number, people: Array<{ address: string; name: string }>, now: Date): Promise<void> {
  const rows = people.map((person) => ({ ticket_id: ticketId, email: person.address, name: person.name, created_at: now }));
  await insertInSlices(rows, (slice) =>
    tx.insertInto('ticket_participants').values(slice).onConflict((oc) => oc.columns(['ticket_id', 'email']).doNothing()).execute(),
  );
}

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

export const findTicketByNumber = (db: Kysely<DB>, number: number) =>
  db.selectFrom('tickets').select(['id', 'customer_id']).where('number', '=', number).executeTakeFirst();
