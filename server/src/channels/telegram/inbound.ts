// Turns a stored Telegram update into a ticket message: the customer found by their Telegram user
// id (a new one named as Telegram names them), the chat's latest ticket on this bot joined (a closed
// one opens a linked ticket, as for mail) or a new ticket opened, and the message's file fetched
// with getFile. A file over the limits is left out with a note, never the message; Telegram not
// answering fails the item, which is retried and shown under Unprocessed until it goes through.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { subjectFromText } from '../subject.ts';
import type { InboundItem, ProcessedInbound } from '../registry.ts';
import { storeAttachments, type IncomingFile } from '../../attachments/verbs.ts';
import { findOrCreateCustomer } from '../../customers/verbs.ts';
import { addMessage, createTicket, type MessageInput } from '../../tickets/verbs.ts';
import { BOT_DOWNLOAD_LIMIT, BotApi, TelegramError } from './bot-api.ts';
import { parseUpdate, type FileToFetch } from './parse.ts';
import { TELEGRAM_CHANNEL } from './receive.ts';
import { CHAT_ORDER_WAIT, findBot, latestTicketOfChat, linkTicket, type BotRow } from './store.ts';
import { takeInConversationOrder } from '../../inbox/order.ts';


export async function processTelegram(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
  const update = parseUpdate(item.raw);
  if (update.kind === 'ignored') return { ticketId: null, messageId: null, outcome: 'ignored', note: update.reason };
  const botId = Number(item.meta.botId);
  const bot = Number.isSafeInteger(botId) ? await findBot(tx, botId) : undefined;
  if (!bot) return { ticketId: null, messageId: null, outcome: 'ignored', note: 'the bot this update came to was removed' };

  const now = ctx.clock.now();
  // Taken first, before the file is fetched, so a chat's messages land in the order they were taken up.
  // One at a time per chat, so two at once never open two tickets; retried until the earlier one is in.
  await takeInConversationOrder(tx, item, { botId: bot.id, chatId: update.chatId }, CHAT_ORDER_WAIT);
  const notes = [...update.limits];
  const files: IncomingFile[] = [];
  if (update.file) {
    const fetched = await fetchFile(ctx, bot, update.file);
    if ('note' in fetched) notes.push(fetched.note);
    else files.push(fetched);
  }

  const customer = await findOrCreateCustomer(tx, { kind: 'telegram', value: String(update.from.id), name: update.from.name }, now);
  const actor = { kind: 'customer' as const, customerId: customer.id };
  const text = bodyText(update.text, update.file, notes);
  const message: MessageInput = {
    direction: 'inbound',
    bodyText: text,
    authorCustomerId: customer.id,
    channel: TELEGRAM_CHANNEL,
    externalId: `${update.chatId}:${update.messageId}`,
    inboundItemId: item.id,
  };
  const latest = await latestTicketOfChat(tx, bot.id, update.chatId);
  const result = latest
    ? await addMessage(tx, latest.ticket_id, message, actor, now)
    : await createTicket(tx, { subject: subjectOf(update.text, update.from.name), customerId: customer.id, channel: TELEGRAM_CHANNEL, teamId: bot.team_id, message }, actor, now);
  const outcome = latest && result.ticket.id === latest.ticket_id ? 'reply' : 'ticket';
  await linkTicket(tx, { ticket_id: result.ticket.id, bot_id: bot.id, chat_id: update.chatId, customer_id: customer.id, created_at: now });
  const target = { ticketId: result.ticket.id, messageId: result.message.id };
  if (files.length) await storeAttachments(tx, ctx.blobs, target, files);
  return { ...target, outcome, ...(notes.length && { note: notes.join('; ') }) };
}

/** The file's bytes, or why it was left out. Telegram not answering is thrown: the item is retried. */
async function fetchFile(ctx: Context, bot: BotRow, file: FileToFetch): Promise<IncomingFile | { note: string }> {
  const limit = Math.min(BOT_DOWNLOAD_LIMIT, ctx.config.maxAttachmentBytes);
  const tooLarge = (size: number | null) => ({ note: `the ${file.what}${size === null ? '' : ` (${megabytes(size)})`} is over the ${megabytes(limit)} limit for files from Telegram; it was not imported — ask the customer to send it another way` });
  if (file.size !== null && file.size > limit) return tooLarge(file.size);
  const api = new BotApi(ctx.config.telegramApiUrl, ctx.secrets.open(bot.token_enc));
  try {
    const described = await api.getFile(file.fileId);
    if (described.file_size !== undefined && described.file_size > limit) return tooLarge(described.file_size);
    if (!described.file_path) return { note: `Telegram gave no download for the ${file.what}; it was not imported` };
    const data = await api.download(described.file_path, limit);
    return { filename: file.filename, contentType: file.contentType, data };
  } catch (error) {
    if (!(error instanceof TelegramError)) throw error;
    if (error.status === null && /over the \d+ bytes/.test(error.description)) return tooLarge(null);
    // "file is too big", an expired or unknown file_id: asking again cannot help.
    if (error.status === 400 || error.status === 404) return { note: `the ${file.what} could not be fetched (${error.description}); it was not imported` };
    throw error;
  }
}

function bodyText(text: string, file: FileToFetch | null, notes: string[]): string {
  if (text.trim()) return text;
  if (file) return `(${file.what}: ${file.filename})`;
  return notes.length ? '(a message Frontline cannot show)' : '(empty message)';
}

const subjectOf = (text: string, name: string) => subjectFromText(text, `Telegram: ${name}`);

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
