// Turns raw RFC 822 bytes into what the help desk needs: who wrote, to whom, about what, the text
// and sanitized HTML, the attachments and the threading headers. mailparser does the MIME and
// charset work; this module adds the repairs real mail needs (undeclared, wrong or half-broken
// charsets, UTF-7, uuencoded files, unusable From headers; docs/email.md "Decoding").
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import { htmlToText } from '../../content/sanitize.ts';
import { Detection, decodeDeclared, decodeUnknown, doubtful, readsAsUtf8, type Decoded } from './charset.ts';
import { decodeAs } from './charset-detect.ts';
import { decodeHeaderText } from './header-text.ts';
import { allFields, leafParts, splitHead, transferDecode, type RawPart } from './mime-walk.ts';
import { extractUuencoded, uudecode } from './uuencode.ts';
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
  /** The first From header that holds an address (null when none does; see sender.ts for the fallbacks). */
  from: Address | null;
  replyTo: Address | null;
  /** The Sender header. */
  sender: Address | null;
  /** The envelope sender a delivering server wrote into Return-Path (IMAP mail has it), or null. */
  returnPath: string | null;
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
  /** What the bounds of one message (bounds.ts) left out, and what had to be repaired, for the inbound item's note. */
  limits: string[];
}

/** Oversized header fields are clipped first and lists and texts bounded after (bounds.ts): no message makes unbounded work downstream. */
export async function parseEmail(original: Buffer): Promise<ParsedEmail> {
  const clipped = clipHeaders(original);
  const raw = clipped.raw;
  const parsed = await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const detection = new Detection();
  const repair = new Repairs(raw, detection);
  let text = parsed.text ?? '';
  let html = typeof parsed.html === 'string' ? parsed.html : null;
  if (repair.utf7 || suspicious(text) || (html !== null && suspicious(html))) ({ text, html } = repair.bodies(text, html));
  const fields = allFields(splitHead(raw).head);
  const fieldsNamed = (name: string) => fields.filter(([key]) => key === name).map(([, value]) => value);
  let subject = parsed.subject ?? '';
  const rawSubject = fieldsNamed('subject')[0];
  if (rawSubject !== undefined && (suspicious(subject) || UTF7_WORD.test(rawSubject))) subject = repair.header(rawSubject);
  const limits: string[] = [];
  const fromFields = fieldsNamed('from');
  let from = firstAddress(parsed.from);
  if (from && (suspicious(from.name) || UTF7_WORD.test(fromFields[0] ?? ''))) from.name = addressIn(fromFields[0] ?? '', repair)?.name ?? from.name;
  if (!from) from = fromFields.slice(1).map((value) => addressIn(value, repair)).find((found) => found !== null) ?? null;
  if (fromFields.length > 1) limits.push(`${fromFields.length} From headers; ${from ? `the first with an address (${from.address}) was used` : 'none holds an address'}`);
  const headerValue = (name: string) => {
    const line = parsed.headerLines.find((entry) => entry.key === name.toLowerCase());
    return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
  };
  const uuText = extractUuencoded(text);
  const mail: ParsedEmail = {
    messageId: parsed.messageId ? stripBrackets(parsed.messageId) : null,
    inReplyTo: messageIdsIn(parsed.inReplyTo),
    references: messageIdsIn(parsed.references),
    from,
    replyTo: firstAddress(parsed.replyTo),
    sender: fieldsNamed('sender').map((value) => addressIn(value, repair)).find((found) => found !== null) ?? null,
    returnPath: fieldsNamed('return-path').map((value) => /<\s*([^<>\s]+@[^<>\s]+)\s*>/.exec(value)?.[1] ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(value)?.[1]).find(Boolean)?.toLowerCase() ?? null,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: withoutControls(subject).replace(/\s+/g, ' ').trim(),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text: withoutControls(uuText.text).replace(/\r\n?/g, '\n'),
    html: html === null ? null : withoutControls(html),
    attachments: [
      ...parsed.attachments.map((attachment, index) => repair.attachment(attachment, index)),
      ...uuText.files.map((file, index) => ({ filename: file.filename ?? `attachment-${parsed.attachments.length + index + 1}.bin`, contentType: typeOfName(file.filename), content: file.content, contentId: null, inline: false })),
    ],
    header: headerValue,
    contentType: (parsed.headers.get('content-type') as { value?: string } | undefined)?.value?.toLowerCase() ?? 'text/plain',
    parsed,
    limits,
  };
  if (mail.from) mail.from.name = withoutControls(mail.from.name);
  mail.limits = [...limits, ...boundMail(mail, clipped)];
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

const UTF7_WORD = /=\?(x-|unicode-)?utf-?7\?/i;

/** PostgreSQL text cannot hold NUL, and no control character but tab, line breaks and form feed means anything in mail text. */
const withoutControls = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '');

/** Text that mailparser may have decoded wrong: replacement characters, ISO-2022 escapes, or letters no language writes. Cheap for ASCII text. */
function suspicious(text: string): boolean {
  if (!/[^\x00-\x7f]|\x1b/.test(text)) return false;
  // Private-use characters: a charset label such as x-user-defined that maps bytes to nothing.
  return text.includes('\uFFFD') || text.includes('\x1b') || /[\uE000-\uF8FF]/.test(text.slice(0, 4000)) || doubtful(text.slice(0, 4000), '');
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

/** The first address in a raw header value (latin1), its display name decoded by the repair rules. */
function addressIn(value: string, repair: Repairs): Address | null {
  const entries = addressparser(value, { flatten: true });
  const found = entries.find((entry) => 'address' in entry && !!entry.address && /^[^@\s]+@[^@\s]+$/.test(entry.address.trim()));
  if (!found || !('address' in found) || !found.address) return null;
  const address = found.address.trim().toLowerCase();
  if (/[^\x20-\x7e]/.test(address)) return null;
  return { address, name: repair.header(found.name ?? '').trim() };
}

function defaultName(contentType: string, index: number): string {
  if (contentType === 'message/rfc822') return `message-${index + 1}.eml`;
  if (contentType === 'application/ms-tnef') return 'winmail.dat';
  const ext = contentType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
  return `attachment-${index + 1}.${ext}`;
}

const TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', txt: 'text/plain', csv: 'text/csv', zip: 'application/zip', doc: 'application/msword', xls: 'application/vnd.ms-excel' };
const typeOfName = (name: string | null) => TYPES[/\.([a-z0-9]+)$/i.exec(name ?? '')?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

/** A forwarded message/rfc822 part is named after its subject: "Invoice 118.eml". */
function forwardedName(content: Buffer, repair: Repairs): string | null {
  const rawSubject = allFields(splitHead(content).head).find(([key]) => key === 'subject')?.[1];
  if (!rawSubject) return null;
  const subject = withoutControls(repair.header(rawSubject)).replace(/[\\/:*?"<>|]+/g, '_').replace(/\s+/g, ' ').trim().slice(0, 100).trim();
  return subject ? `${subject}.eml` : null;
}

/** The repairs of one message, sharing its raw MIME walk (made only when a repair needs it) and its detector budget. */
class Repairs {
  readonly utf7: boolean;
  private parts: RawPart[] | undefined;
  private hinted = false;

  constructor(
    private readonly raw: Buffer,
    private readonly detection: Detection,
  ) {
    this.utf7 = ['utf-7', 'UTF-7', 'Utf-7', 'utf7', 'UTF7'].some((label) => raw.includes(label));
  }

  private leaves(): RawPart[] {
    this.parts ??= leafParts(this.raw);
    return this.parts;
  }

  /** Text and HTML decoded again from their parts by the rules of charset.ts. */
  bodies(text: string, html: string | null): { text: string; html: string | null } {
    const redo = (type: string) => {
      const found = this.leaves().filter((part) => part.contentType === type && !part.attachment && part.rawFilename === undefined);
      if (!found.length) return undefined;
      return found.map((part) => this.decodePart(part, type).text).join('\n');
    };
    const fixedHtml = html !== null && (this.utf7 || suspicious(html)) ? redo('text/html') : undefined;
    let fixedText = this.utf7 || suspicious(text) ? redo('text/plain') : undefined;
    // HTML-only mail: its text was made from the broken HTML; make it again from the repaired one.
    if (fixedText === undefined && fixedHtml !== undefined) fixedText = htmlToText(fixedHtml);
    return { text: fixedText ?? text, html: fixedHtml ?? html };
  }

  private decodePart(part: RawPart, type: string): Decoded {
    const bytes = transferDecode(part);
    let decoded: Decoded;
    // HTML may name its charset in a <meta> tag; trust that before guessing.
    const meta = type === 'text/html' && readsAsUtf8(part.charset) ? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(bytes.toString('latin1', 0, 4096))?.[1] : undefined;
    if (meta && !readsAsUtf8(meta) && decodeAs(new Uint8Array(0), meta) !== null) decoded = decodeDeclared(bytes, meta, this.detection);
    else if (readsAsUtf8(part.charset)) decoded = decodeUnknown(bytes, this.detection);
    else decoded = decodeDeclared(bytes, part.charset!, this.detection);
    if (!/^(utf-?8|us-ascii)$/i.test(decoded.charset)) this.detection.hint ??= decoded.charset;
    return decoded;
  }

  /** A raw header value (latin1), decoded with the body's charset as the hint for 8-bit bytes. */
  header(value: string): string {
    if (!this.hinted && /[^\x00-\x7f]/.test(value)) {
      this.hinted = true;
      // The charset the body declares, when nothing was detected yet.
      const declared = this.leaves().find((part) => part.contentType.startsWith('text/') && part.charset && !readsAsUtf8(part.charset))?.charset;
      if (declared && decodeAs(new Uint8Array(0), declared) !== null) this.detection.hint ??= declared;
    }
    return decodeHeaderText(value, this.detection);
  }

  /** One attachment, with a repaired file name, a uuencoded body decoded, a forwarded message named after its subject. */
  attachment(attachment: ParsedMail['attachments'][number], index: number): ParsedAttachment {
    let filename = attachment.filename?.trim() ?? '';
    let content = attachment.content;
    let contentType = attachment.contentType || 'application/octet-stream';
    // mailparser reads a raw 8-bit file name as Latin-1 or UTF-8: either may be wrong.
    if (filename && (suspicious(filename) || /[\u0080-\u00ff]/.test(filename))) {
      const part = this.leaves().find((leaf) => leaf.rawFilename !== undefined && transferDecode(leaf).equals(attachment.content));
      if (part?.rawFilename) filename = this.header(part.rawFilename.toString('latin1')).trim() || filename;
    }
    if (/^begin [0-7]{3,4} /.test(content.toString('latin1', 0, 16)) && /x-uu|uuencode|x-uue/i.test(this.raw.toString('latin1', 0, Math.min(this.raw.length, 4 * 1024 * 1024)))) {
      const file = uudecode(content.toString('latin1'));
      if (file) {
        content = file.content;
        filename ||= file.filename ?? '';
        if (contentType === 'text/plain' || contentType === 'application/octet-stream') contentType = typeOfName(filename);
      }
    }
    if (contentType === 'message/rfc822' && !filename) filename = forwardedName(content, this) ?? '';
    return {
      filename: filename || defaultName(contentType, index),
      contentType,
      content,
      contentId: attachment.contentId ? stripBrackets(attachment.contentId) : null,
      inline: attachment.contentDisposition === 'inline' || (!!attachment.contentId && attachment.related === true),
    };
  }
}
