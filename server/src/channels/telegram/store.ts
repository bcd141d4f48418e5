// SQL of the Telegram channel: its bots, and the bot and chat each Telegram ticket talks through.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, TelegramBotsTable } from '../../db/tables.ts';

/** How the error of an update waiting for an earlier one of its chat starts. */
export const CHAT_ORDER_WAIT = 'an earlier message of this chat';

export type BotRow = Selectable<TelegramBotsTable>;

export const listBots = (db: Kysely<DB>) => db.selectFrom('telegram_bots').selectAll().orderBy('id').execute();

export const findBot = (db: Kysely<DB>, id: number) => db.selectFrom('telegram_bots').selectAll().where('id', '=', id).executeTakeFirst();

export const findBotByTelegramId = (db: Kysely<DB>, telegramId: number) => db.selectFrom('telegram_bots').selectAll().where('telegram_id', '=', telegramId).executeTakeFirst();

/** The bot row, locked until the transaction ends: the poller stores updates and moves the offset under it. */
export const lockBot = (tx: Kysely<DB>, id: number) => tx.selectFrom('telegram_bots').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const insertBot = (tx: Kysely<DB>, values: Insertable<TelegramBotsTable>) => tx.insertInto('telegram_bots').values(values).returningAll().executeTakeFirstOrThrow();

export const updateBotRow = (tx: Kysely<DB>, id: number, values: Updateable<TelegramBotsTable>) =>
  tx.updateTable('telegram_bots').set(values).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteBotRow = (tx: Kysely<DB>, id: number) => tx.deleteFrom('telegram_bots').where('id', '=', id).returningAll().executeTakeFirst();

export const pollingBots = (db: Kysely<DB>) => db.selectFrom('telegram_bots').selectAll().where('mode', '=', 'polling').where('active', '=', true).orderBy('id').execute();

export const recordBotStatus = (db: Kysely<DB>, id: number, error: string | null, now: Date) =>
  db.updateTable('telegram_bots').set({ error, polled_at: now }).where('id', '=', id).execute();

export const advanceOffset = (tx: Kysely<DB>, id: number, offset: number, now: Date) =>
  tx.updateTable('telegram_bots').set({ update_offset: offset, polled_at: now, error: null }).where('id', '=', id).execute();

/** The chat's latest ticket on this bot. */
export const latestTicketOfChat = (tx: Kysely<DB>, botId: number, chatId: number) =>
  tx.selectFrom('telegram_chats').select('ticket_id').where('bot_id', '=', botId).where('chat_id', '=', chatId).orderBy('ticket_id', 'desc').limit(1).executeTakeFirst();

export const linkTicket = (tx: Kysely<DB>, row: { ticket_id: number; bot_id: number; chat_id: number; customer_id: number; created_at: Date }) =>
  tx.insertInto('telegram_chats').values(row).onConflict((oc) => oc.column('ticket_id').doNothing()).execute();

/** Where a reply to the ticket goes: its own chat, else the customer's latest Telegram chat (a ticket opened elsewhere). */
export async function chatOfTicket(db: Kysely<DB>, ticketId: number, customerId: number) {
  const own = await db.selectFrom('telegram_chats').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
  return own ?? db.selectFrom('telegram_chats').selectAll().where('customer_id', '=', customerId).orderBy('ticket_id', 'desc').limit(1).executeTakeFirst();
}

export const attachmentsOfMessage = (db: Kysely<DB>, messageId: number) =>
  db.selectFrom('attachments').select(['filename', 'content_type', 'blob_key', 'size']).where('message_id', '=', messageId).orderBy('id').execute();

