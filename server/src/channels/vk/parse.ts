// Reads a VK Callback API event (https://dev.vk.com/api/callback/getting-started): first only its
// envelope (type, group_id, secret, event_id), strictly, before anything is stored; later, from the
// stored bytes, what a new message says and which files it links to, checked field by field and
// bounded. Anything but a customer's private message becomes "ignored" with the reason.

export const MAX_TEXT_CHARS = 10_000;
/** VK sends at most 10 attachments with a message. */
const MAX_ATTACHMENTS = 10;
/** peer_id of a group chat: 2000000000 + the chat's id. */
const CHAT_PEER_BASE = 2_000_000_000;

export interface VkEnvelope {
  type: string;
  groupId: number;
  secret: string | null;
  /** Absent only in a confirmation event. */
  eventId: string | null;
}

export interface FileToFetch {
  url: string;
  /** photo, document, voice message: for the note when it cannot be fetched. */
  what: string;
  filename: string;
  contentType: string;
  /** As VK says; null when it did not say. */
  size: number | null;
}

export type ParsedEvent =
  | { kind: 'message'; peerId: number; fromId: number; messageId: number; text: string; files: FileToFetch[]; limits: string[] }
  | { kind: 'ignored'; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function objectOf(raw: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(raw));
  } catch {
    throw new Error('the event is not valid UTF-8 JSON');
  }
  if (!isRecord(value)) throw new Error('the event must be a JSON object');
  return value;
}

/** The event's envelope, or an error that says what is wrong with the bytes. */
export function envelopeOf(raw: Uint8Array): VkEnvelope {
  const value = objectOf(raw);
  if (typeof value.type !== 'string' || !/^[a-z_]{1,64}$/.test(value.type)) throw new Error('"type" must be an event type such as message_new');
  if (!isId(value.group_id)) throw new Error('"group_id" must be a positive integer');
  if (value.secret !== undefined && (typeof value.secret !== 'string' || value.secret.length > 100)) throw new Error('"secret" must be a string');
  const eventId = value.event_id;
  if (value.type !== 'confirmation' && (typeof eventId !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(eventId))) throw new Error('"event_id" must be the event\'s id (letters and digits)');
  return { type: value.type, groupId: value.group_id, secret: typeof value.secret === 'string' ? value.secret : null, eventId: typeof eventId === 'string' ? eventId : null };
}

export function parseEvent(raw: Uint8Array): ParsedEvent {
  const event = objectOf(raw);
  if (event.type !== 'message_new') return { kind: 'ignored', reason: `${String(event.type).slice(0, 64)} events are not taken (only message_new)` };
  const object = isRecord(event.object) ? event.object : undefined;
  // API versions before 5.103 sent the message itself as the object.
  const message = object && isRecord(object.message) ? object.message : object;
  if (!message) throw new Error('"object.message" must be an object');
  const problems: string[] = [];
  if (!Number.isSafeInteger(message.from_id)) problems.push('"object.message.from_id" must be an integer');
  if (!Number.isSafeInteger(message.peer_id)) problems.push('"object.message.peer_id" must be an integer');
  if (!Number.isSafeInteger(message.id) && !Number.isSafeInteger(message.conversation_message_id)) problems.push('"object.message.id" must be an integer');
  if (problems.length) throw new Error(problems.join('; '));
  const fromId = message.from_id as number;
  const peerId = message.peer_id as number;
  if (peerId >= CHAT_PEER_BASE) return { kind: 'ignored', reason: 'a message in a group chat; only private messages to the community become tickets' };
  if (fromId <= 0) return { kind: 'ignored', reason: 'a message from a community, not a person' };
  const messageId = (Number.isSafeInteger(message.id) && (message.id as number) > 0 ? message.id : message.conversation_message_id) as number;

  const limits: string[] = [];
  let text = typeof message.text === 'string' ? message.text : '';
  if (text.length > MAX_TEXT_CHARS) {
    limits.push(`text cut at ${MAX_TEXT_CHARS} of ${text.length} characters`);
    text = text.slice(0, MAX_TEXT_CHARS);
  }
  const files: FileToFetch[] = [];
  const links: string[] = [];
  const attachments = Array.isArray(message.attachments) ? message.attachments : [];
  if (attachments.length > MAX_ATTACHMENTS) limits.push(`${attachments.length - MAX_ATTACHMENTS} attachments over ${MAX_ATTACHMENTS} left out`);
  attachments.slice(0, MAX_ATTACHMENTS).forEach((attachment: unknown, index: number) => {
    if (!isRecord(attachment) || typeof attachment.type !== 'string') return;
    const found = attachmentOf(attachment.type, attachment[attachment.type], `${messageId}-${index + 1}`);
    if (found === null) limits.push(`a ${attachment.type.slice(0, 32)} attachment Frontline does not take`);
    else if (typeof found === 'string') links.push(found);
    else files.push(found);
  });
  if (links.length) text = [text, ...links].filter(Boolean).join('\n');
  return { kind: 'message', peerId, fromId, messageId, text, files, limits };
}

/** A file to fetch, a line of text (a video's link), or null for a kind not taken. */
function attachmentOf(type: string, value: unknown, suffix: string): FileToFetch | string | null {
  if (!isRecord(value)) return null;
  if (type === 'photo') {
    const sizes = Array.isArray(value.sizes) ? value.sizes.filter((size): size is Record<string, unknown> => isRecord(size) && isUrl(size.url)) : [];
    if (!sizes.length) return null;
    const largest = sizes.reduce((best, size) => (area(size) >= area(best) ? size : best));
    return { url: largest.url as string, what: 'photo', filename: `photo-${suffix}.jpg`, contentType: 'image/jpeg', size: null };
  }
  if (type === 'doc' && isUrl(value.url)) {
    const ext = typeof value.ext === 'string' && /^[A-Za-z0-9]{1,10}$/.test(value.ext) ? value.ext.toLowerCase() : 'bin';
    const title = typeof value.title === 'string' ? value.title.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim().slice(0, 200) : '';
    const filename = title ? (title.toLowerCase().endsWith(`.${ext}`) ? title : `${title}.${ext}`) : `document-${suffix}.${ext}`;
    return { url: value.url, what: 'document', filename, contentType: DOC_TYPES[ext] ?? 'application/octet-stream', size: sizeOf(value.size) };
  }
  if (type === 'audio_message') {
    const url = isUrl(value.link_ogg) ? value.link_ogg : isUrl(value.link_mp3) ? value.link_mp3 : null;
    if (!url) return null;
    const ogg = url === value.link_ogg;
    return { url, what: 'voice message', filename: `voice-${suffix}.${ogg ? 'ogg' : 'mp3'}`, contentType: ogg ? 'audio/ogg' : 'audio/mpeg', size: null };
  }
  if (type === 'video') {
    // VK gives no download of a video to a community; the customer's video stays a link.
    if (!Number.isSafeInteger(value.owner_id) || !Number.isSafeInteger(value.id)) return null;
    const title = typeof value.title === 'string' ? value.title.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) : '';
    return `(video${title ? `: ${title}` : ''}) https://vk.com/video${value.owner_id as number}_${value.id as number}`;
  }
  return null;
}

const DOC_TYPES: Record<string, string> = { pdf: 'application/pdf', txt: 'text/plain', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', zip: 'application/zip', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

const area = (size: Record<string, unknown>) => (typeof size.width === 'number' && typeof size.height === 'number' ? size.width * size.height : 0);
const sizeOf = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);
const isUrl = (value: unknown): value is string => typeof value === 'string' && value.length <= 2000 && /^https?:\/\//.test(value);
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
