// Turns raw RFC 822 bytes into what the help desk needs: who wrote, to whom, about what, the text
// and sanitized HTML, the attachments and the threading headers. mailparser does the MIME and
// charset work; this module adds the repairs real mail needs (undeclared or wrong charsets).
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import libqp from 'libqp';
import libbase64 from 'libbase64';
import iconv from 'iconv-lite';
import { htmlToText } from '../content/sanitize.ts';
import { decodeUnknown } from './charset.ts';
import { boundMail, clipHeaders } from './bounds.ts';

export interface Address {
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

export interface ParsedEmail {
  /** Without angle brackets; null when the message has none. */
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: Address | null;
  replyTo: Address | null;
  to: Address[];
  cc: Address[];
  subject: string;
  date: Date | null;
  text: string;
  /** The HTML part as sent (not yet sanitized), or null for text-only mail. */
  html: string | null;
  attachments: ParsedAttachment[];
  /** Header values by lowercase name, for classifying automatic mail. */
  header(name: string): string | undefined;
  contentType: string;
  parsed: ParsedMail;
  /** What the bounds of one message (bounds.ts) left out, for the inbound item's note. */
  limits: string[];
}

/** Oversized header fields are clipped first and lists and texts bounded after (bounds.ts): no message makes unbounded work downstream. */
export async function parseEmail(original: Buffer): Promise<ParsedEmail> {
  const clipped = clipHeaders(original);
  const raw = clipped.raw;
  const parsed = await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true });
  let text = parsed.text ?? '';
  let html = typeof parsed.html === 'string' ? parsed.html : null;
  let subject = parsed.subject ?? '';
  if (text.includes('\uFFFD') || html?.includes('\uFFFD')) ({ text, html } = redecodeBodies(raw, text, html));
  if (subject.includes('\uFFFD')) subject = rawHeader(raw, 'subject') ?? subject;
  const from = firstAddress(parsed.from);
  if (from && from.name.includes('\uFFFD')) from.name = rawDisplayName(raw) ?? from.name;
  const headerValue = (name: string) => {
    const line = parsed.headerLines.find((entry) => entry.key === name.toLowerCase());
    return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
  };
  const mail: ParsedEmail = {
    messageId: parsed.messageId ? stripBrackets(parsed.messageId) : null,
    inReplyTo: messageIdsIn(parsed.inReplyTo),
    references: messageIdsIn(parsed.references),
    from,
    replyTo: firstAddress(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: subject.replace(/\s+/g, ' ').trim(),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text: text.replace(/\r\n?/g, '\n'),
    html,
    attachments: parsed.attachments.map((attachment, index) => ({
      filename: attachment.filename?.trim() || defaultName(attachment.contentType, index),
      contentType: attachment.contentType || 'application/octet-stream',
      content: attachment.content,
      contentId: attachment.contentId ? stripBrackets(attachment.contentId) : null,
      inline: attachment.contentDisposition === 'inline' || (!!attachment.contentId && attachment.related === true),
    })),
    header: headerValue,
    contentType: (parsed.headers.get('content-type') as { value?: string } | undefined)?.value?.toLowerCase() ?? 'text/plain',
    parsed,
    limits: [],
  };
  mail.limits = boundMail(mail, clipped);
  return mail;
}

export const stripBrackets = (id: string) => id.trim().replace(/^<|>$/g, '').trim();

/** Message-IDs in a header value: "<a@b> <c@d>", an array of them, or one without brackets. */
export function messageIdsIn(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  if (bracketed.length) return [...new Set(bracketed)];
  return text.split(/[\s,]+/).filter((part) => part.includes('@'));
}

function firstAddress(header: AddressObject | AddressObject[] | undefined): Address | null {
  return addresses(header)[0] ?? null;
}

function addresses(header: AddressObject | AddressObject[] | undefined): Address[] {
  if (!header) return [];
  const list = (Array.isArray(header) ? header : [header]).flatMap((object) => object.value);
  const flat = list.flatMap((entry) => (entry.group ? entry.group : [entry]));
  return flat.filter((entry) => entry.address?.includes('@')).map((entry) => ({ address: entry.address!.trim().toLowerCase(), name: (entry.name ?? '').trim() }));
}

function defaultName(contentType: string, index: number): string {
  if (contentType === 'message/rfc822') return `message-${index + 1}.eml`;
  if (contentType === 'application/ms-tnef') return 'winmail.dat';
  const ext = contentType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
  return `attachment-${index + 1}.${ext}`;
}

interface RawPart {
  contentType: string;
  charset: string | undefined;
  encoding: string;
  attachment: boolean;
  body: Buffer;
}

/**
 * Text parts that were read as UTF-8 but are not: decodes their bytes again with a guessed
 * charset. Parts declaring another charset were decoded right and are kept as mailparser gave them.
 */
function redecodeBodies(raw: Buffer, text: string, html: string | null): { text: string; html: string | null } {
  const parts = leafParts(raw);
  const redo = (type: string) => {
    const found = parts.filter((part) => part.contentType === type && !part.attachment && (!part.charset || /^(utf-?8|us-?ascii|ascii)$/i.test(part.charset)));
    if (!found.length) return undefined;
    return found.map((part) => decodeWithMeta(transferDecode(part), type)).join('\n');
  };
  const fixedHtml = html?.includes('\uFFFD') ? redo('text/html') : undefined;
  let fixedText = text.includes('\uFFFD') ? redo('text/plain') : undefined;
  // HTML-only mail: its text was made from the broken HTML; make it again from the repaired one.
  if (fixedText === undefined && fixedHtml !== undefined && text.includes('\uFFFD')) fixedText = htmlToText(fixedHtml);
  return { text: fixedText ?? text, html: fixedHtml ?? html };
}

/** HTML may name its charset in a <meta> tag; trust that before guessing. */
function decodeWithMeta(bytes: Buffer, type: string): string {
  if (type === 'text/html') {
    const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(bytes.toString('latin1'))?.[1];
    if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) return iconv.decode(bytes, declared);
  }
  return decodeUnknown(bytes);
}

function transferDecode(part: RawPart): Buffer {
  const body = part.body.toString('latin1');
  if (part.encoding === 'quoted-printable') return libqp.decode(body);
  if (part.encoding === 'base64') return libbase64.decode(body);
  return part.body;
}

/** A small MIME walk over the raw bytes, enough to find text parts and their undecoded bodies. */
function leafParts(raw: Buffer): RawPart[] {
  const out: RawPart[] = [];
  const walk = (entity: Buffer, depth: number) => {
    const split = splitHead(entity);
    const headers = unfold(split.head);
    const type = headerParams(headers.get('content-type') ?? 'text/plain');
    const contentType = type.value.toLowerCase();
    if (contentType.startsWith('multipart/') && type.params.boundary && depth < 20) {
      for (const child of splitMultipart(split.body, type.params.boundary)) walk(child, depth + 1);
      return;
    }
    const disposition = (headers.get('content-disposition') ?? '').toLowerCase();
    out.push({
      contentType,
      charset: type.params.charset,
      encoding: (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase(),
      attachment: disposition.startsWith('attachment'),
      body: split.body,
    });
  };
  walk(raw, 0);
  return out;
}

function splitHead(entity: Buffer): { head: string; body: Buffer } {
  const text = entity.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: Buffer.alloc(0) };
  return { head: text.slice(0, match.index), body: entity.subarray(match.index + match[0].length) };
}

function unfold(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function headerParams(value: string): { value: string; params: Record<string, string> } {
  const [first, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim().replace(/^"|"$/g, '');
  }
  return { value: (first ?? '').trim(), params };
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let index = text.indexOf(delimiter);
  while (index !== -1) {
    const start = text.indexOf('\n', index);
    if (start === -1 || text.startsWith(`${delimiter}--`, index)) break;
    const next = text.indexOf(`\n${delimiter}`, start);
    const end = next === -1 ? text.length : next;
    parts.push(body.subarray(start + 1, text[end - 1] === '\r' ? end - 1 : end));
    index = next === -1 ? -1 : next + 1;
  }
  return parts;
}

/** A header's raw value decoded with the charset guess, for headers sent as unencoded 8-bit bytes. */
function rawHeader(raw: Buffer, name: string): string | undefined {
  const { head } = splitHead(raw);
  const bytes = Buffer.from(head, 'latin1');
  const unfolded = unfold(decodeUnknown(bytes));
  return unfolded.get(name);
}

function rawDisplayName(raw: Buffer): string | undefined {
  const from = rawHeader(raw, 'from');
  const match = from && /^\s*"?([^"<]*?)"?\s*</.exec(from);
  return match?.[1]?.trim() || undefined;
}
