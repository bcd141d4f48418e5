// Reads a stored Telegram update: what the customer wrote and which file came with it, checked
// field by field (the bytes came from outside) and bounded; anything that is not a new message in a
// private chat becomes "ignored" with the reason, so it stays visible in the inbox instead of lost.
import type { TelegramMessage, TelegramUpdate } from './types.ts';

/** Longer text is cut here with a note (Telegram itself sends at most 4096 characters, captions 1024). */
export const MAX_TEXT_CHARS = 10_000;
const MAX_NAME_CHARS = 200;

export interface FileToFetch {
  fileId: string;
  /** photo, document, voice, video, video note, audio: for the note when it cannot be fetched. */
  what: string;
  filename: string;
  contentType: string;
  /** As the update says; null when Telegram did not say. */
  size: number | null;
}

export type ParsedUpdate =
  | {
      kind: 'message';
      updateId: number;
      chatId: number;
      messageId: number;
      from: { id: number; name: string; username: string | null };
      text: string;
      file: FileToFetch | null;
      /** What was left out (text cut, a sticker), for the inbox note. */
      limits: string[];
    }
  | { kind: 'ignored'; updateId: number; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The update's id, or an error that says what is wrong with the bytes; used before they are stored. */
export function updateIdOf(raw: Uint8Array): number {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(raw));
  } catch {
    throw new Error('the update is not valid UTF-8 JSON');
  }
  if (!isRecord(value)) throw new Error('the update must be a JSON object');
  if (!isId(value.update_id)) throw new Error('"update_id" must be a non-negative integer');
  return value.update_id;
}

export function parseUpdate(raw: Uint8Array): ParsedUpdate {
  const updateId = updateIdOf(raw);
  const update = JSON.parse(utf8.decode(raw)) as TelegramUpdate;
  const kinds = Object.keys(update).filter((key) => key !== 'update_id');
  if (!('message' in update)) return { kind: 'ignored', updateId, reason: `${kinds[0] ?? 'empty'} updates are not taken (only new messages in private chats)` };
  const message = update.message;
  if (!isRecord(message)) throw new Error('"message" must be an object');
  const problems: string[] = [];
  if (!isId(message.message_id)) problems.push('"message.message_id" must be an integer');
  const chat = isRecord(message.chat) ? message.chat : undefined;
  if (!chat || !Number.isSafeInteger(chat.id)) problems.push('"message.chat.id" must be an integer');
  const from = isRecord(message.from) ? message.from : undefined;
  if (problems.length) throw new Error(problems.join('; '));
  if (chat!.type !== 'private') return { kind: 'ignored', updateId, reason: `a message in a ${String(chat!.type)} chat; only private chats become tickets` };
  if (!from || !isId(from.id)) throw new Error('"message.from.id" must be an integer');
  if (from.is_bot === true) return { kind: 'ignored', updateId, reason: 'a message from a bot' };

  const limits: string[] = [];
  let text = typeof message.text === 'string' ? message.text : typeof message.caption === 'string' ? message.caption : '';
  if (text.length > MAX_TEXT_CHARS) {
    limits.push(`text cut at ${MAX_TEXT_CHARS} of ${text.length} characters`);
    text = text.slice(0, MAX_TEXT_CHARS);
  }
  const typed = message as unknown as TelegramMessage;
  if (isRecord(typed.sticker)) {
    const emoji = typeof typed.sticker.emoji === 'string' ? ` ${typed.sticker.emoji.slice(0, 16)}` : '';
    text ||= `(sticker${emoji})`;
  }
  const first = clip(typeof from.first_name === 'string' ? from.first_name : '');
  const last = clip(typeof from.last_name === 'string' ? from.last_name : '');
  const username = typeof from.username === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(from.username) ? from.username : null;
  const name = [first, last].filter(Boolean).join(' ') || (username ? `@${username}` : `Telegram user ${from.id}`);
  return {
    kind: 'message',
    updateId,
    chatId: chat!.id as number,
    messageId: message.message_id as number,
    from: { id: from.id as number, name, username },
    text,
    file: fileOf(typed),
    limits,
  };
}

/** The one file a message carries: of a photo the largest size Telegram made. */
export function fileOf(message: TelegramMessage): FileToFetch | null {
  const id = message.message_id;
  const photo = Array.isArray(message.photo) ? message.photo.filter((size) => isRecord(size) && typeof size.file_id === 'string') : [];
  if (photo.length) {
    const largest = photo.reduce((best, size) => (area(size) >= area(best) ? size : best));
    return { fileId: largest.file_id, what: 'photo', filename: `photo-${id}.jpg`, contentType: 'image/jpeg', size: sizeOf(largest.file_size) };
  }
  const kinds = [
    ['document', 'document', 'application/octet-stream', 'bin'],
    ['video', 'video', 'video/mp4', 'mp4'],
    ['audio', 'audio', 'audio/mpeg', 'mp3'],
    ['voice', 'voice message', 'audio/ogg', 'ogg'],
    ['video_note', 'video note', 'video/mp4', 'mp4'],
  ] as const;
  for (const [field, what, fallbackType, extension] of kinds) {
    const file = message[field] as (Record<string, unknown> & { file_id?: unknown }) | undefined;
    if (!isRecord(file) || typeof file.file_id !== 'string' || !file.file_id) continue;
    const type = typeof file.mime_type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(file.mime_type) ? file.mime_type : fallbackType;
    const filename = typeof file.file_name === 'string' && file.file_name.trim() ? file.file_name : `${field.replace('_', '-')}-${id}.${extension}`;
    return { fileId: file.file_id.slice(0, 300), what, filename, contentType: type, size: sizeOf(file.file_size) };
  }
  return null;
}

const area = (size: { width?: unknown; height?: unknown; file_size?: unknown }) =>
  (typeof size.width === 'number' && typeof size.height === 'number' ? size.width * size.height : 0) || (sizeOf(size.file_size) ?? 0);
const sizeOf = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);
const clip = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME_CHARS);
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
