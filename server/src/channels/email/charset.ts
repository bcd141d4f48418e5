// The decoding rules for text whose charset is missing, wrong or half broken (docs/email.md,
// "Decoding"): valid UTF-8 is UTF-8; UTF-8 with a few broken bytes keeps its good letters and
// replaces only the broken ones; anything else, and a declared label the text contradicts, goes
// to the detector (charset-detect.ts), at most a few times per message.
import { TextDecoder } from 'node:util';
import { decodeAs, detectCharset, LAST_RESORT, qualityOf } from './charset-detect.ts';

/**
 * A part read as UTF-8 is UTF-8 with a few broken bytes, not a legacy charset, when at least this
 * share of its non-ASCII sequences are well-formed UTF-8: one stray byte in a page of Cyrillic is
 * 1 in hundreds, while windows-1251, KOI8-R, GBK or Latin-1 text forms a valid UTF-8 sequence only
 * by accident (a few per cent of its non-ASCII runs at most).
 */
export const UTF8_VALID_SHARE = 0.8;
/** Detector runs one message may cause; after that its earlier answer (or windows-1252) is reused. */
export const MAX_DETECTIONS_PER_MESSAGE = 8;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bytes of a part the UTF-8 census reads: a sample that decides as well as the whole, in bounded time. */
export const CENSUS_BYTES = 1024 * 1024;

/** Well-formed non-ASCII UTF-8 sequences and ill-formed ones (each maximal ill-formed run counts once, as U+FFFD replaces it), in the first MB. */
export function utf8Census(whole: Uint8Array): { valid: number; invalid: number } {
  const bytes = whole.subarray(0, CENSUS_BYTES);
  const text = lenientUtf8.decode(bytes);
  let valid = 0;
  let invalid = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80 || (code >= 0xdc00 && code <= 0xdfff)) continue; // ASCII, or the second half of a pair
    if (code === 0xfffd) invalid++;
    else valid++;
  }
  // U+FFFD written as such (EF BF BD) was valid.
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let written = 0;
  for (let at = raw.indexOf(REPLACEMENT); at !== -1; at = raw.indexOf(REPLACEMENT, at + 3)) written++;
  return { valid: valid + written, invalid: invalid - written };
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/** One message's detector runs: bounded, and the first answer is the message's hint for the rest. */
export class Detection {
  runs = 0;
  /** The charset the message's text was found or declared in, for headers sent as raw 8-bit bytes. */
  hint: string | null = null;

  detect(bytes: Uint8Array): string {
    if (this.runs >= MAX_DETECTIONS_PER_MESSAGE) return this.hint ?? LAST_RESORT;
    this.runs++;
    const found = detectCharset(bytes);
    this.hint ??= found;
    return found;
  }
}

export interface Decoded {
  text: string;
  /** What it was decoded as. */
  charset: string;
}

const ISO_2022 = /\x1b(\$[@B()*+]|\(J|\(B|\$\)C|N|O)/;
const hasIso2022 = (bytes: Uint8Array) => bytes.includes(0x1b) && ISO_2022.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', 0, Math.min(bytes.length, 64 * 1024)));
const has8bit = (bytes: Uint8Array) => bytes.some((byte) => byte >= 0x80);

/** Bytes that came with no charset, or labelled UTF-8 or ASCII. */
export function decodeUnknown(bytes: Uint8Array, detection = new Detection()): Decoded {
  const utf16 = utf16Of(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), charset: utf16 };
  if (!has8bit(bytes)) {
    if (hasIso2022(bytes)) return decodeDetected(bytes, detection);
    return { text: Buffer.from(bytes).toString('latin1'), charset: 'us-ascii' };
  }
  const { valid, invalid } = utf8Census(bytes);
  if (invalid === 0 || valid / (valid + invalid) >= UTF8_VALID_SHARE) return { text: lenientUtf8.decode(bytes), charset: 'utf-8' };
  // Raw 8-bit headers are usually in the charset of the body: trust it when it reads cleanly.
  if (detection.hint && !/^utf-?8$/i.test(detection.hint)) {
    const text = decodeAs(bytes, detection.hint);
    if (text !== null && looksRight(text)) return { text, charset: detection.hint };
  }
  return decodeDetected(bytes, detection);
}

/** UTF-16 sent as if it were 8-bit text: a byte-order mark, or every other byte NUL (Latin text in UTF-16). */
function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 8) return null;
  let even = 0;
  let odd = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) even++;
    if (bytes[index + 1] === 0) odd++;
  }
  const pairs = length / 2;
  if (odd > pairs * 0.6 && even < pairs * 0.1) return 'utf-16le';
  if (even > pairs * 0.6 && odd < pairs * 0.1) return 'utf-16be';
  return null;
}

/** Bytes with a declared charset other than UTF-8 or ASCII: the label decides unless the text contradicts it. */
export function decodeDeclared(bytes: Uint8Array, declared: string, detection = new Detection()): Decoded {
  const text = decodeAs(bytes, declared);
  if (text === null) return decodeUnknown(bytes, detection);
  if (!doubtful(text, declared)) return { text, charset: declared };
  const other = decodeUnknown(bytes, detection);
  return qualityScore(other.text) > qualityScore(text) ? other : { text, charset: declared };
}

/** A label the decoded text contradicts: bytes invalid in it, ISO-2022 escapes under another label, or letters no language writes. */
export function doubtful(text: string, label: string): boolean {
  if (text.includes('\uFFFD')) return true;
  if (text.includes('\x1b') && !/^iso-2022/i.test(label)) return true;
  const quality = qualityOf(text);
  if (quality.letters < 4) return false;
  // Western European text has a few accented letters; Cyrillic or CJK read as Latin-1 is mostly them.
  if (quality.accented > 0.3) return true;
  // Wrong-codepage Cyrillic turns case around: "Здравствуйте" comes out as "зДРБЧУФЧХКФЕ".
  return quality.innerUpper > 0.3 && quality.flipped > 0;
}

const looksRight = (text: string) => !doubtful(text, '');

function qualityScore(text: string): number {
  const quality = qualityOf(text);
  return -(quality.broken * 100 + quality.innerUpper + quality.flipped + (quality.accented > 0.3 ? quality.accented : 0));
}

function decodeDetected(bytes: Uint8Array, detection: Detection): Decoded {
  const charset = detection.detect(bytes);
  return { text: decodeAs(bytes, charset) ?? Buffer.from(bytes).toString('latin1'), charset };
}

/** Labels that say nothing about the bytes (none, UTF-8, ASCII, "unknown-8bit", "x-user-defined"): decoded by the rules for unknown bytes. */
export const readsAsUtf8 = (label: string | undefined) => !label || /^(utf-?8|us-?ascii|ascii|unknown-8bit|x-unknown|unknown|x-user-defined|8bit|default|none)$/i.test(label.trim());
