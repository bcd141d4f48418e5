// How a Telegram update is handed to the raw inbox (webhook and poller alike): its bytes as they
// came, deduplicated by bot and update_id, with the chat as the sender for the admin screen.
import type { ReceiveInput } from '../../inbox/receive.ts';

export const TELEGRAM_CHANNEL = 'telegram';

export interface TelegramMeta {
  botId: number;
  /** The chat of a message update: the chat's later messages wait for its earlier ones (inbound.ts). */
  chatId?: number;
}

export function updateInput(botId: number, raw: Uint8Array, update: { update_id: number; message?: unknown }): ReceiveInput {
  const message = update.message as { chat?: { id?: unknown }; from?: { username?: unknown; id?: unknown } } | undefined;
  const from = message?.from;
  const sender = typeof from?.username === 'string' ? `@${from.username.slice(0, 64)}` : Number.isSafeInteger(from?.id) ? String(from!.id) : null;
  const chatId = message?.chat?.id;
  const meta: TelegramMeta = { botId, ...(Number.isSafeInteger(chatId) && { chatId: chatId as number }) };
  return { channel: TELEGRAM_CHANNEL, dedupeKey: `${botId}:${update.update_id}`, raw, meta: { ...meta }, sender };
}
