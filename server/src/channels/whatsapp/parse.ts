// Reads WhatsApp Cloud API webhook payloads (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components):
// a body of entry[].changes[].value is split into one item per message and per status, each kept
// in the payload's own shape, so a message delivered twice (Meta retries) is stored once. Every
// field came from outside and is checked and bounded; what Frontline does not take (reactions,
// buttons, template events) is kept and marked ignored, with the reason.
import crypto from 'node:crypto';

/** Longer text is cut here with a note (WhatsApp itself sends at most 4096 characters). */
export const MAX_TEXT_CHARS = 10_000;
const MAX_NAME_CHARS = 200;
/** Meta batches at most a few hundred events in one call; more in one body is not a real delivery. */
export const MAX_EVENTS = 1000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface Slice {
  /** Unique per number: the message id, or the status id with the status. */
  key: string;
  kind: 'message' | 'status' | 'other';
  raw: Buffer;
  sender: string | null;
}

/** The body split into items to store, or an error that says what is wrong with it (a 400). */
export function splitPayload(raw: Uint8Array): Slice[] {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(raw));
  } catch {
    throw new Error('the body is not valid UTF-8 JSON');
  }
  if (!isRecord(body)) throw new Error('the body must be a JSON object');
  if (body.object !== 'whatsapp_business_account') throw new Error('"object" must be "whatsapp_business_account"');
  if (!Array.isArray(body.entry)) throw new Error('"entry" must be an array');
  const slices: Slice[] = [];
  const push = (slice: Slice) => {
    if (slices.length >= MAX_EVENTS) throw new Error(`more than ${MAX_EVENTS} messages and statuses in one body`);
    slices.push(slice);
  };
  let other = false;
  for (const entry of body.entry) {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) throw new Error('each entry must be an object with a "changes" array');
    for (const change of entry.changes) {
      if (!isRecord(change) || !isRecord(change.value)) throw new Error('each change must be an object with a "value" object');
      const value = change.value;
      const messages = value.messages === undefined ? [] : value.messages;
      const statuses = value.statuses === undefined ? [] : value.statuses;
      if (!Array.isArray(messages) || !Array.isArray(statuses)) throw new Error('"messages" and "statuses" must be arrays');
      const wrap = (part: Record<string, unknown>) =>
        Buffer.from(JSON.stringify({ object: body.object, entry: [{ id: entry.id, changes: [{ field: change.field, value: { messaging_product: value.messaging_product, metadata: value.metadata, ...part } }] }] }));
      for (const message of messages) {
        if (!isRecord(message) || !isKey(message.id)) throw new Error('each message must have a string "id"');
        const from = typeof message.from === 'string' ? message.from.slice(0, 32) : null;
        const contacts = Array.isArray(value.contacts) ? value.contacts.filter((contact) => isRecord(contact) && contact.wa_id === message.from).slice(0, 1) : [];
        push({ key: `msg:${message.id}`, kind: 'message', raw: wrap({ contacts, messages: [message] }), sender: from });
      }
      for (const status of statuses) {
        if (!isRecord(status) || !isKey(status.id) || typeof status.status !== 'string' || status.status.length > 32) throw new Error('each status must have a string "id" and "status"');
        push({ key: `status:${status.id}:${status.status}`, kind: 'status', raw: wrap({ statuses: [status] }), sender: typeof status.recipient_id === 'string' ? status.recipient_id.slice(0, 32) : null });
      }
      if (!messages.length && !statuses.length) other = true;
    }
  }
  if (other || !slices.length) push({ key: `other:${crypto.createHash('sha256').update(raw).digest('hex')}`, kind: 'other', raw: Buffer.from(raw), sender: null });
  return slices;
}

export interface MediaToFetch {
  mediaId: string;
  /** image, document, audio, video, sticker: for the note when it cannot be fetched. */
  what: string;
  filename: string;
  contentType: string;
}

export type ParsedItem =
  | {
      kind: 'message';
      phoneNumberId: string;
      messageId: string;
      waId: string;
      name: string;
      /** When WhatsApp says the customer sent it. */
      sentAt: Date | null;
      text: string;
      media: MediaToFetch | null;
      limits: string[];
    }
  | { kind: 'status'; phoneNumberId: string; messageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; error: string | null }
  | { kind: 'ignored'; reason: string };

const mediaKinds: Record<string, [string, string]> = {
  image: ['image/jpeg', 'jpg'],
  document: ['application/octet-stream', 'bin'],
  audio: ['audio/ogg', 'ogg'],
  video: ['video/mp4', 'mp4'],
  sticker: ['image/webp', 'webp'],
};

/** A stored item: the one message or status it holds. */
export function parseItem(raw: Uint8Array): ParsedItem {
  const body = JSON.parse(utf8.decode(raw)) as { entry?: Array<{ changes?: Array<{ field?: unknown; value?: Record<string, unknown> }> }> };
  const change = body.entry?.[0]?.changes?.[0];
  const value = change?.value;
  if (!isRecord(value)) return { kind: 'ignored', reason: 'a webhook call without a value' };
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const phoneNumberId = typeof metadata.phone_number_id === 'string' ? metadata.phone_number_id : '';
  const message = Array.isArray(value.messages) ? value.messages[0] : undefined;
  const status = Array.isArray(value.statuses) ? value.statuses[0] : undefined;
  if (isRecord(status)) return parseStatus(phoneNumberId, status);
  if (!isRecord(message)) return { kind: 'ignored', reason: `a "${typeof change?.field === 'string' ? change.field.slice(0, 64) : 'unknown'}" webhook call without messages or statuses` };
  if (!phoneNumberId) throw new Error('"metadata.phone_number_id" must be a string');
  if (!isKey(message.id)) throw new Error('"message.id" must be a string');
  if (typeof message.from !== 'string' || !/^\+?[0-9]{5,20}$/.test(message.from)) throw new Error('"message.from" must be a WhatsApp id (digits)');
  const type = typeof message.type === 'string' ? message.type.slice(0, 32) : 'unknown';
  const contact = Array.isArray(value.contacts) ? value.contacts.find((entry) => isRecord(entry) && entry.wa_id === message.from) : undefined;
  const profile = isRecord(contact) && isRecord(contact.profile) ? contact.profile : {};
  const name = clip(typeof profile.name === 'string' ? profile.name : '') || `+${message.from.replace(/^\+/, '')}`;
  const seconds = typeof message.timestamp === 'string' && /^[0-9]{1,12}$/.test(message.timestamp) ? Number(message.timestamp) : null;
  const base = { kind: 'message' as const, phoneNumberId, messageId: message.id, waId: message.from, name, sentAt: seconds === null ? null : new Date(seconds * 1000), limits: [] as string[] };

  let text = '';
  let media: MediaToFetch | null = null;
  if (type === 'text') {
    const part = isRecord(message.text) ? message.text : {};
    if (typeof part.body !== 'string') throw new Error('"message.text.body" must be a string');
    text = part.body;
  } else if (type === 'location') {
    const place = isRecord(message.location) ? message.location : {};
    if (typeof place.latitude !== 'number' || typeof place.longitude !== 'number') throw new Error('"message.location" must have numeric latitude and longitude');
    const label = [place.name, place.address].filter((part): part is string => typeof part === 'string' && !!part.trim()).map(clip).join(', ');
    text = `(location${label ? `: ${label}` : ''}) https://maps.google.com/?q=${place.latitude},${place.longitude}`;
  } else if (type in mediaKinds) {
    const part = message[type];
    if (!isRecord(part) || !isKey(part.id)) throw new Error(`"message.${type}.id" must be a string`);
    const [fallbackType, extension] = mediaKinds[type]!;
    const contentType = typeof part.mime_type === 'string' && /^[\w.+-]+\/[\w.+-]+/.test(part.mime_type) ? part.mime_type.split(';')[0]!.trim() : fallbackType;
    const given = typeof part.filename === 'string' ? part.filename.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim().slice(0, 200) : '';
    media = { mediaId: part.id, what: type, filename: given || `${type}-${message.id.slice(-12).replace(/[^A-Za-z0-9_-]/g, '')}.${extension}`, contentType };
    text = typeof part.caption === 'string' ? part.caption : '';
  } else {
    return { kind: 'ignored', reason: `a "${type}" message; Frontline takes text, media and locations` };
  }
  if (text.length > MAX_TEXT_CHARS) {
    base.limits.push(`text cut at ${MAX_TEXT_CHARS} of ${text.length} characters`);
    text = text.slice(0, MAX_TEXT_CHARS);
  }
  return { ...base, text, media };
}

function parseStatus(phoneNumberId: string, status: Record<string, unknown>): ParsedItem {
  if (!isKey(status.id)) throw new Error('"status.id" must be a string');
  const kind = status.status;
  if (kind !== 'sent' && kind !== 'delivered' && kind !== 'read' && kind !== 'failed') return { kind: 'ignored', reason: `a "${String(kind).slice(0, 32)}" status` };
  let error: string | null = null;
  if (kind === 'failed') {
    const first = Array.isArray(status.errors) && isRecord(status.errors[0]) ? status.errors[0] : {};
    const title = typeof first.title === 'string' ? clip(first.title) : 'failed';
    const code = typeof first.code === 'number' ? ` (code ${first.code})` : '';
    const details = isRecord(first.error_data) && typeof first.error_data.details === 'string' ? `: ${clip(first.error_data.details)}` : '';
    error = `WhatsApp could not deliver the message: ${title}${code}${details}`.slice(0, 500);
  }
  return { kind: 'status', phoneNumberId, messageId: status.id, status: kind, error };
}

const clip = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_NAME_CHARS);
const isKey = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
