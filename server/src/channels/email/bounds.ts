// What one message may create, whatever its sender wrote: header fields are clipped before
// parsing (a 4 MB Cc header would stop the parser), then the lists and texts after it. What is
// left out is told in notes kept on the inbound item, never dropped in silence.
import type { Address, ParsedEmail } from './parse.ts';

/** A top-level header field longer than this is clipped before parsing (at an address or word boundary). */
export const MAX_HEADER_FIELD_BYTES = 32 * 1024;
/** Addresses of To and of Cc kept on the message (the rest are counted in the note). */
export const MAX_ADDRESSES_KEPT = 100;
/** People copied on one message who become participants of its ticket. */
export const MAX_PARTICIPANTS_PER_MESSAGE = 50;
/** Message-IDs of References used for threading: the first and the most recent ones. */
export const MAX_REFERENCES = 50;
/** Characters of a subject and of a display name. */
export const MAX_SUBJECT_LENGTH = 500;
export const MAX_NAME_LENGTH = 200;

const ADDRESS_FIELDS = new Set(['to', 'cc', 'bcc', 'reply-to', 'from', 'sender']);
const ID_FIELDS = new Set(['references', 'in-reply-to']);

export interface ClippedHeaders {
  raw: Buffer;
  /** Lowercase field name → how many addresses the whole field held, for the address fields that were clipped. */
  addressCounts: Map<string, number>;
  /** Names of the other fields that were clipped. */
  clipped: string[];
}

/** The raw message with every oversized top-level header field clipped; the body is untouched. */
export function clipHeaders(raw: Buffer, maxBytes = MAX_HEADER_FIELD_BYTES): ClippedHeaders {
  const addressCounts = new Map<string, number>();
  const clipped: string[] = [];
  const text = raw.toString('latin1'); // one character per byte: cuts stay byte-exact
  const end = headerEnd(text);
  if (end <= maxBytes) return { raw, addressCounts, clipped };
  const fields = text.slice(0, end).split(/(?=\r?\n[^ \t])/);
  if (!fields.some((field) => field.length > maxBytes)) return { raw, addressCounts, clipped };
  const kept = fields.map((field) => {
    if (field.length <= maxBytes) return field;
    const lead = /^\r?\n/.exec(field)?.[0] ?? '';
    const colon = field.indexOf(':');
    const name = field.slice(lead.length, colon).trim().toLowerCase();
    const value = field.slice(colon + 1);
    const room = maxBytes - (colon + 1);
    if (ADDRESS_FIELDS.has(name)) {
      const { count, cut } = splitAddresses(value, room);
      addressCounts.set(name, count);
      return field.slice(0, colon + 1) + value.slice(0, cut);
    }
    clipped.push(name);
    // Threading wants the most recent references, which come last.
    if (ID_FIELDS.has(name)) return `${field.slice(0, colon + 1)} ${value.slice(value.length - room).replace(/^[^<]*/, '')}`;
    return field.slice(0, colon + 1) + value.slice(0, room).replace(/\s+\S*$/, '');
  });
  return { raw: Buffer.from(kept.join('') + text.slice(end), 'latin1'), addressCounts, clipped };
}

/** Where the header block ends (the blank line, or the end of a message that is all headers). */
function headerEnd(text: string): number {
  const match = /\r?\n\r?\n/.exec(text);
  return match ? match.index : text.length;
}

/** How many addresses an address list holds, and where to cut it so what is kept fits `room` and ends between two addresses. */
function splitAddresses(value: string, room: number): { count: number; cut: number } {
  let count = 0;
  let cut = 0;
  let quoted = false;
  let angle = false;
  let content = false;
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char === '\\' && quoted) index++;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') angle = true;
    else if (!quoted && char === '>') angle = false;
    else if (!quoted && !angle && char === ',') {
      if (content) count++;
      if (index <= room) cut = index;
      content = false;
      continue;
    }
    if (char !== ' ' && char !== '\t' && char !== '\r' && char !== '\n') content = true;
  }
  if (content) count++;
  return { count, cut };
}

/** Clips the parsed message's lists and texts to the bounds above; returns what was left out, for the item's note. */
export function boundMail(mail: ParsedEmail, clippedHeaders: ClippedHeaders): string[] {
  const notes: string[] = [];
  const { addressCounts } = clippedHeaders;
  for (const field of ['to', 'cc'] as const) {
    const total = Math.max(addressCounts.get(field) ?? 0, mail[field].length);
    if (total > MAX_ADDRESSES_KEPT || addressCounts.has(field)) {
      mail[field] = mail[field].slice(0, MAX_ADDRESSES_KEPT);
      notes.push(`${count(total)} ${field === 'to' ? 'To' : 'Cc'} addresses; the first ${mail[field].length} were kept on the message`);
    }
  }
  if (addressCounts.has('bcc')) notes.push(`a Bcc header of ${count(addressCounts.get('bcc')!)} addresses was clipped`);
  if (mail.references.length > MAX_REFERENCES) {
    notes.push(`${count(mail.references.length)} References; the first and the ${MAX_REFERENCES - 1} most recent were used`);
    mail.references = [mail.references[0]!, ...mail.references.slice(-(MAX_REFERENCES - 1))];
  } else if (clippedHeaders.clipped.includes('references')) notes.push(`an overlong References header was clipped to its most recent Message-IDs`);
  if (mail.subject.length > MAX_SUBJECT_LENGTH) {
    notes.push(`the subject of ${count(mail.subject.length)} characters was clipped to ${MAX_SUBJECT_LENGTH}`);
    mail.subject = `${mail.subject.slice(0, MAX_SUBJECT_LENGTH - 1)}…`;
  }
  let names = 0;
  for (const person of [mail.from, mail.replyTo, ...mail.to, ...mail.cc]) {
    if (person && person.name.length > MAX_NAME_LENGTH) {
      person.name = `${person.name.slice(0, MAX_NAME_LENGTH - 1)}…`;
      names++;
    }
  }
  if (names) notes.push(`${count(names)} overlong ${names === 1 ? 'name was' : 'names were'} clipped to ${MAX_NAME_LENGTH} characters`);
  const others = clippedHeaders.clipped.filter((name) => name !== 'references');
  if (others.length) notes.push(`overlong ${[...new Set(others)].join(', ')} ${others.length === 1 ? 'header was' : 'headers were'} clipped to ${MAX_HEADER_FIELD_BYTES / 1024} KB`);
  return notes;
}

/** The people copied who become participants: at most MAX_PARTICIPANTS_PER_MESSAGE, with a note when there were more. */
export function boundParticipants(people: Address[]): { people: Address[]; note: string | null } {
  if (people.length <= MAX_PARTICIPANTS_PER_MESSAGE) return { people, note: null };
  return { people: people.slice(0, MAX_PARTICIPANTS_PER_MESSAGE), note: `the first ${MAX_PARTICIPANTS_PER_MESSAGE} people copied became participants` };
}

const count = (value: number) => value.toLocaleString('en');
