// Real mail often lies about its charset or leaves it out. When bytes that were read as UTF-8
// (declared, ASCII or undeclared) are not UTF-8, this guesses what they are: the Cyrillic code
// pages Russian mail uses, else Western European.
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes bytes whose charset is unknown or wrong. */
export function decodeUnknown(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return iconv.decode(bytes, guessLegacyCharset(bytes));
}

/**
 * windows-1251 and koi8-r share their byte range and differ in case: Russian text is mostly
 * lowercase letters, which are 0xE0–0xFF in windows-1251 and 0xC0–0xDF in koi8-r.
 */
export function guessLegacyCharset(bytes: Buffer): string {
  let high = 0;
  let upperHalf = 0;
  let lowerHalf = 0;
  for (const byte of bytes) {
    if (byte < 0x80) continue;
    high++;
    if (byte >= 0xe0) upperHalf++;
    else if (byte >= 0xc0) lowerHalf++;
  }
  if (high === 0) return 'utf-8';
  const letters = upperHalf + lowerHalf;
  // Latin text has few high bytes and they are accented letters scattered over 0xC0–0xFF;
  // Cyrillic text is nearly all high bytes in 0xC0–0xFF.
  const cyrillic = letters / high > 0.7 && high > 0.3 * countLetters(bytes);
  if (!cyrillic) return 'windows-1252';
  return upperHalf >= lowerHalf ? 'windows-1251' : 'koi8-r';
}

function countLetters(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (byte >= 0x80 || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a) count++;
  return count;
}
