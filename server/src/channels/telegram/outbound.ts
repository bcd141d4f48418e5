// Sends an agent's reply to the customer's Telegram chat: the text with the agent's alias in front
// (so the customer sees a person's name), cut into Telegram's 4096-character messages, then each
// attachment (pictures as photos, anything else as a document). Telegram's refusals that a retry
// cannot mend (chat not found, the user blocked the bot, a bad request) fail the message with
// Telegram's reason; flood control and a Telegram that does not answer are retried.
import type { Context } from '../../context.ts';
import { DeliveryError, type DeliveryResult, type OutboundMessage } from '../registry.ts';
import { replyText, textParts } from '../provider-http.ts';
import { BotApi, TelegramError } from './bot-api.ts';
import { attachmentsOfMessage, chatOfTicket, findBot } from './store.ts';

const MAX_MESSAGE_CHARS = 4096;
/** Bot API upload limits: photos 10 MB, other files 50 MB. */
const PHOTO_LIMIT = 10 * 1024 * 1024;
const DOCUMENT_LIMIT = 50 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Flood control asking for a wait this short is waited out in place; a longer one goes back to the queue's backoff. */
const MAX_INLINE_WAIT_S = 5;

export async function deliverTelegram(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
  const chat = await chatOfTicket(ctx.db, message.ticketId, message.customerId);
  if (!chat) throw new DeliveryError('the customer has no Telegram chat with this desk', true);
  const bot = chat.bot_id === null ? undefined : await findBot(ctx.db, chat.bot_id);
  if (!bot) throw new DeliveryError('the Telegram bot of this chat was removed (Admin → Telegram)', true);
  if (!bot.active) throw new DeliveryError(`the Telegram bot @${bot.username} is deactivated (Admin → Telegram)`, true);
  const api = new BotApi(ctx.config.telegramApiUrl, ctx.secrets.open(bot.token_enc));

  const files = await attachmentsOfMessage(ctx.db, message.messageId);
  const text = replyText(message, files.length > 0);
  const sent: number[] = [];
  for (const part of textParts(text, MAX_MESSAGE_CHARS)) sent.push((await send(() => api.sendMessage(chat.chat_id, part))).message_id);
  for (const file of files) {
    const photo = PHOTO_TYPES.has(file.content_type) && file.size <= PHOTO_LIMIT;
    if (!photo && file.size > DOCUMENT_LIMIT) throw new DeliveryError(`the attachment "${file.filename}" is over the 50 MB a Telegram bot may send`, true);
    const data = await ctx.blobs.get(file.blob_key);
    if (!data) throw new DeliveryError(`the attachment "${file.filename}" is missing from the blob store`, true);
    const upload = { filename: file.filename, contentType: file.content_type, data };
    sent.push((await send(() => api.sendFile(photo ? 'sendPhoto' : 'sendDocument', chat.chat_id, upload))).message_id);
  }
  if (!sent.length) throw new DeliveryError('the reply has neither text nor attachments', true);
  return { externalId: `${chat.chat_id}:${sent[0]}` };
}

/** One Bot API call, with Telegram's answer turned into the pipeline's terms. */
async function send<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TelegramError)) throw error;
      if (error.status === 429 && attempt === 0 && error.retryAfter !== undefined && error.retryAfter <= MAX_INLINE_WAIT_S) {
        await new Promise((resolve) => setTimeout(resolve, error.retryAfter! * 1000));
        continue;
      }
      throw deliveryErrorOf(error);
    }
  }
}

export function deliveryErrorOf(error: TelegramError): DeliveryError {
  if (error.status === null) return new DeliveryError(`Telegram did not answer: ${error.description}`, false);
  if (error.status === 429) return new DeliveryError(`Telegram flood control: ${error.description}${error.retryAfter !== undefined ? ` (retry after ${error.retryAfter} s)` : ''}`, false);
  if (error.status === 401) return new DeliveryError(`Telegram no longer accepts the bot's token (${error.description}): set a new one in Admin → Telegram`, true);
  if (error.status >= 400 && error.status < 500) return new DeliveryError(`Telegram refused the message: ${error.description}`, true);
  return new DeliveryError(`Telegram failed (${error.status}): ${error.description}`, false);
}
