// SQL for email threading and participants: the Message-IDs each message carries, the people
// copied on a ticket, and what the per-sender limit counts.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { anyOf, arrayOf, insertInSlices } from '../../db/bulk.ts';

/** Who replies are copied to: accepted participants only (a proposed one waits for an agent). */
export const participantsOf = (db: Kysely<DB>, ticketId: number) =>
  db
    .selectFrom('ticket_participants')
    .select(['email', 'name'])
    .where('ticket_id', '=', ticketId)
    .where('state', '=', 'accepted')
    .orderBy('created_at')
    .orderBy('email')
    .execute();

/** Every participant of a ticket with their state, for the agents who decide on proposals. */
export const participantsWithStateOf = (db: Kysely<DB>, ticketId: number) =>
  db.selectFrom('ticket_participants').select(['email', 'name', 'state', 'proposed_by']).where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('email').execute();

export type ParticipantRow = Awaited<ReturnType<typeof participantsWithStateOf>>[number];

/**
 * Adds people copied on a ticket's mail. Accepted ones are added or, when proposed before, accepted;
 * proposed ones never change someone already there. Returns who was added or changed.
 */
export async function addParticipants(
  tx: Kysely<DB>,
  ticketId: number,
  people: Array<{ address: string; name: string }>,
  now: Date,
  by: { state: 'accepted' | 'proposed'; sender: string },
): Promise<Array<{ email: string; state: string }>> {
  if (!people.length) return [];
  const proposed = by.state === 'proposed';
  const rows = people.map((person) => ({ ticket_id: ticketId, email: person.address, name: person.name, created_at: now, state: by.state, proposed_by: proposed ? by.sender : null }));
  return insertInSlices(rows, (slice) =>
    tx
      .insertInto('ticket_participants')
      .values(slice)
      .onConflict((oc) =>
        proposed ? oc.columns(['ticket_id', 'email']).doNothing() : oc.columns(['ticket_id', 'email']).doUpdateSet({ state: 'accepted' }).where('ticket_participants.state', '=', 'proposed'),
      )
      .returning(['email', 'state'])
      .execute(),
  );
}

export const findParticipant = (db: Kysely<DB>, ticketId: number, email: string) =>
  db.selectFrom('ticket_participants').select(['email', 'name', 'state', 'proposed_by']).where('ticket_id', '=', ticketId).where('email', '=', email).forUpdate().executeTakeFirst();

export const acceptParticipantRow = (tx: Kysely<DB>, ticketId: number, email: string) =>
  tx.updateTable('ticket_participants').set({ state: 'accepted' }).where('ticket_id', '=', ticketId).where('email', '=', email).execute();

export const deleteParticipant = (tx: Kysely<DB>, ticketId: number, email: string) =>
  tx.deleteFrom('ticket_participants').where('ticket_id', '=', ticketId).where('email', '=', email).execute();

/**
 * Of these tickets, those where the address is known: one of the customer's email identities, or an
 * accepted participant.
 */
export async function ticketsKnowingSender(db: Kysely<DB>, ticketIds: number[], address: string): Promise<Set<number>> {
  if (!ticketIds.length) return new Set();
  const sender = address.toLowerCase();
  const rows = await db
    .selectFrom('tickets')
    .select('tickets.id')
    .where('tickets.id', '=', anyOf(ticketIds, 'bigint'))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('customer_identities')
            .select(sql`1`.as('one'))
            .whereRef('customer_identities.customer_id', '=', 'tickets.customer_id')
            .where('customer_identities.kind', '=', 'email')
            .where(sql`lower(customer_identities.value)`, '=', sender),
        ),
        eb.exists(
          eb
            .selectFrom('ticket_participants')
            .select(sql`1`.as('one'))
            .whereRef('ticket_participants.ticket_id', '=', 'tickets.id')
            .where('ticket_participants.email', '=', sender)
            .where('ticket_participants.state', '=', 'accepted'),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
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
