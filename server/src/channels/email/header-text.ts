// Header text mailparser could not decode right: raw 8-bit bytes in a legacy charset, and RFC 2047
// words in UTF-7 or under a charset label their bytes contradict. Decoded by the same rules as
// bodies (charset.ts), with the message's body charset as the hint for raw bytes.
import { Detection, decodeDeclared, decodeUnknown, readsAsUtf8 } from './charset.ts';

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** A header value given as latin1 (one character per byte), decoded. */
export function decodeHeaderText(value: string, detection: Detection): string {
  const bytes = Buffer.from(value, 'latin1');
  // Raw 8-bit bytes, or a raw ISO-2022-JP header (7-bit with escape sequences).
  const text = bytes.some((byte) => byte >= 0x80) || value.includes('\x1b') ? decodeUnknown(bytes, detection).text : value;
  return decodeWords(text, detection);
}

/** RFC 2047 encoded words; adjacent words of one charset are joined as bytes first (a character may be split between them). */
export function decodeWords(text: string, detection: Detection): string {
  if (!text.includes('=?')) return text;
  const pieces: Array<{ charset: string; bytes: Buffer } | string> = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const between = text.slice(last, match.index);
    const previous = pieces.at(-1);
    if (!(typeof previous === 'object' && /^\s*$/.test(between))) {
      if (between) pieces.push(between);
    }
    const charset = match[1]!.split('*')[0]!.toLowerCase();
    const bytes = match[2]!.toLowerCase() === 'b' ? Buffer.from(match[3]!, 'base64') : qDecode(match[3]!);
    const before = pieces.at(-1);
    if (typeof before === 'object' && before.charset === charset) before.bytes = Buffer.concat([before.bytes, bytes]);
    else pieces.push({ charset, bytes });
    last = match.index + match[0].length;
  }
  pieces.push(text.slice(last));
  return pieces
    .map((piece) => (typeof piece === 'string' ? piece : readsAsUtf8(piece.charset) ? decodeUnknown(piece.bytes, detection).text : decodeDeclared(piece.bytes, piece.charset, detection).text))
    .join('');
}

function qDecode(data: string): Buffer {
  const text = data.replace(/_/g, ' ');
  const out: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const hex = text[index] === '=' ? text.slice(index + 1, index + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      index += 2;
    } else out.push(text.charCodeAt(index) & 0xff);
  }
  return Buffer.from(out);
}
