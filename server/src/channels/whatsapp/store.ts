// SQL of the WhatsApp channel: its numbers, and the number and WhatsApp user each WhatsApp ticket
// talks through, with when the customer last wrote (the 24-hour window).
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, WhatsappNumbersTable } from '../../db/tables.ts';

export type NumberRow = Selectable<WhatsappNumbersTable>;

export const listNumbers = (db: Kysely<DB>) => db.selectFrom('whatsapp_numbers').selectAll().orderBy('id').execute();

export const findNumber = (db: Kysely<DB>, id: number) => db.selectFrom('whatsapp_numbers').selectAll().where('id', '=', id).executeTakeFirst();

export const findNumberByPhoneId = (db: Kysely<DB>, phoneNumberId: string) => db.selectFrom('whatsapp_numbers').selectAll().where('phone_number_id', '=', phoneNumberId).executeTakeFirst();

export const insertNumber = (tx: Kysely<DB>, values: Insertable<WhatsappNumbersTable>) => tx.insertInto('whatsapp_numbers').values(values).returningAll().executeTakeFirstOrThrow();

export const updateNumberRow = (tx: Kysely<DB>, id: number, values: Updateable<WhatsappNumbersTable>) =>
  tx.updateTable('whatsapp_numbers').set(values).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteNumberRow = (tx: Kysely<DB>, id: number) => tx.deleteFrom('whatsapp_numbers').where('id', '=', id).returningAll().executeTakeFirst();

/** One user's messages to one number are taken one at a time, so two at once never open two tickets. */
/** Starts the error of a message taken up before an earlier one of its user (retried until that one is in). */
export const USER_ORDER_WAIT = 'an earlier message of this WhatsApp user';

export const lockUser = (tx: Kysely<DB>, numberId: number, waId: string) => sql`SELECT pg_advisory_xact_lock(hashtextextended(${`whatsapp:${numberId}:${waId}`}, 0))`.execute(tx);

export const latestTicketOfUser = (tx: Kysely<DB>, numberId: number, waId: string) =>
  tx.selectFrom('whatsapp_chats').select('ticket_id').where('number_id', '=', numberId).where('wa_id', '=', waId).orderBy('ticket_id', 'desc').limit(1).executeTakeFirst();

/** Links the ticket to the user, and moves the user's last inbound time forward (never back). */
export const linkTicket = (tx: Kysely<DB>, row: { ticket_id: number; number_id: number; wa_id: string; customer_id: number; last_inbound_at: Date; created_at: Date }) =>
  tx
    .insertInto('whatsapp_chats')
    .values(row)
    .onConflict((oc) => oc.column('ticket_id').doUpdateSet({ last_inbound_at: sql<Date>`greatest(whatsapp_chats.last_inbound_at, excluded.last_inbound_at)` }))
    .execute();

/** Where a reply to the ticket goes: its own chat, else the customer's latest WhatsApp chat (a ticket opened elsewhere). */
export async function chatOfTicket(db: Kysely<DB>, ticketId: number, customerId: number) {
  const own = await db.selectFrom('whatsapp_chats').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
  return own ?? db.selectFrom('whatsapp_chats').selectAll().where('customer_id', '=', customerId).orderBy('ticket_id', 'desc').limit(1).executeTakeFirst();
}

/** When the user last wrote to the number, over all their tickets on it. */
export async function lastInboundOf(db: Kysely<DB>, numberId: number, waId: string): Promise<Date | null> {
  const row = await db.selectFrom('whatsapp_chats').select((eb) => eb.fn.max('last_inbound_at').as('at')).where('number_id', '=', numberId).where('wa_id', '=', waId).executeTakeFirst();
  return row?.at ? new Date(row.at as unknown as string) : null;
}

export const attachmentsOfMessage = (db: Kysely<DB>, messageId: number) =>
  db.selectFrom('attachments').select(['filename', 'content_type', 'blob_key', 'size']).where('message_id', '=', messageId).orderBy('id').execute();
