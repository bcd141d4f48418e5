// Which legacy charset unknown bytes are in: chardet (statistical, ICU's detectors) proposes, and
// each proposal is decoded and judged as text (no replacement or control characters, letters in a
// natural case pattern), so a detector's near-tie between KOI8-R and windows-1251 or Hebrew is
// settled by what the text looks like. Bounded: the detector reads one sample of at most 16 KB.
import { TextDecoder } from 'node:util';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Bytes the detector reads, however large the part: 10 MB of noise costs what 16 KB does. */
export const DETECTOR_SAMPLE_BYTES = 16 * 1024;
/** The detector's proposals that are decoded and judged. */
const CANDIDATES = 6;
/** Used when no proposal decodes cleanly: every byte means something in it. */
export const LAST_RESORT = 'windows-1252';

/** Decodes with a charset label; null for a label neither TextDecoder (WHATWG) nor iconv-lite knows. */
export function decodeAs(bytes: Uint8Array, label: string): string | null {
  const name = label.trim().toLowerCase();
  if (/^(x-|unicode-)?utf-?7$/.test(name)) return iconv.decode(Buffer.from(bytes), 'utf7');
  // iso-8859-1 and ASCII mean windows-1252 in mail, as in browsers (WHATWG).
  const canonical = /^(iso-?8859-1|latin-?1|l1|us-?ascii|ascii|iso-ir-100|cp819)$/.test(name) ? 'windows-1252' : name;
  // iconv-lite first: several times faster than TextDecoder on large single-byte parts.
  if (iconv.encodingExists(canonical)) return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), canonical);
  try {
    return new TextDecoder(canonical).decode(bytes); // what iconv-lite lacks: ISO-2022-JP, x-mac-cyrillic, …
  } catch {
    return null;
  }
}

/** Whether a label names a charset this module can decode. */
export const isKnownCharset = (label: string) => decodeAs(new Uint8Array(0), label) !== null;

/** The part of the bytes worth showing the detector: the first stretch with non-ASCII bytes in it. */
export function sampleOf(bytes: Uint8Array, size = DETECTOR_SAMPLE_BYTES): Uint8Array {
  if (bytes.length <= size) return bytes;
  let first = bytes.findIndex((byte) => byte >= 0x80 || byte === 0x1b);
  if (first === -1) first = 0;
  const start = Math.max(0, Math.min(first - 64, bytes.length - size));
  return bytes.subarray(start, start + size);
}

export interface TextQuality {
  /** Replacement characters, ESC and C0/C1 controls other than tab, line breaks and form feed, per character. */
  broken: number;
  /** Of the cased letters, the share that are uppercase inside a word ("пРИВЕТ"): wrong-codepage Cyrillic. */
  innerUpper: number;
  /** Of the letters, the share in Latin-1's accented range (À–ÿ): Cyrillic or CJK read as Latin. */
  accented: number;
  /** Words that start lowercase and have an uppercase letter later ("зДРБЧУФЧХКФЕ"), per word. */
  flipped: number;
  letters: number;
}

/** How much decoded text looks like text; reads at most the first 16,000 characters. */
export function qualityOf(text: string): TextQuality {
  let broken = 0;
  let letters = 0;
  let cased = 0;
  let inner = 0;
  let accented = 0;
  let inWord = false;
  let words = 0;
  let flipped = 0;
  let startsLower = false;
  let flips = false;
  const end = Math.min(text.length, 16_000);
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 0xfffd || (code < 0x20 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || (code >= 0x7f && code <= 0x9f)) broken++;
    const char = text[index]!;
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    const isCased = lower !== upper;
    const isLetter = isCased || (code > 0x2e7f && /\p{L}/u.test(char));
    if (isLetter) {
      letters++;
      if (code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7) accented++;
      if (!inWord) {
        words++;
        startsLower = isCased && char === lower;
        flips = false;
      }
      if (isCased) {
        cased++;
        if (inWord && char === upper) {
          inner++;
          if (startsLower && !flips) {
            flips = true;
            flipped++;
          }
        }
      }
    }
    inWord = isLetter;
  }
  return { broken: end ? broken / end : 0, innerUpper: cased >= 8 ? inner / cased : 0, accented: letters ? accented / letters : 0, flipped: words ? flipped / words : 0, letters };
}

/** 0 (garbage) to 1 (reads as text). */
export function plausibility(text: string): number {
  const quality = qualityOf(text);
  if (quality.broken > 0.01) return 0;
  return (1 - quality.broken * 50) * (1 - quality.innerUpper) * (1 - quality.flipped);
}

/** The charset the bytes are most likely in, by the detector's proposals judged as decoded text. */
export function detectCharset(bytes: Uint8Array): string {
  const sample = sampleOf(bytes);
  const proposals = chardet.analyse(sample).filter((match) => !/^UTF-(16|32)/.test(match.name) || hasBom(sample));
  const strong = proposals.filter((match) => match.confidence >= 10);
  let best: { name: string; score: number } | null = null;
  for (const match of (strong.length ? strong : proposals).slice(0, CANDIDATES)) {
    const decoded = decodeAs(sample, match.name);
    if (decoded === null) continue;
    const score = match.confidence * plausibility(decoded);
    if (score > 0 && (!best || score > best.score)) best = { name: match.name, score };
  }
  return best?.name ?? LAST_RESORT;
}

const hasBom = (bytes: Uint8Array) => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
