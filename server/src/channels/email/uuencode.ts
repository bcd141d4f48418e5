// uuencoded files: a part sent with Content-Transfer-Encoding x-uuencode, and "begin 644 name" …
// "end" blocks pasted into a text body by old clients and scripts. No maintained npm package
// decodes it (the `uuencode` package is a 2013 0.0.x), and the format is twenty lines.

export interface UuFile {
  filename: string | null;
  content: Buffer;
}

/** Inline blocks taken out of one text body, at most this many. */
export const MAX_UU_BLOCKS = 20;

const BEGIN = /^begin(?:-base64)? [0-7]{3,4} ([^\r\n]*)\r?$/m;

/** Decodes the first uuencoded block in the text; null when there is none. */
export function uudecode(text: string): UuFile | null {
  const found = findBlock(text, 0);
  return found ? found.file : null;
}

/** A text body with its inline uuencoded blocks taken out as files. */
export function extractUuencoded(text: string): { text: string; files: UuFile[] } {
  if (!text.includes('begin ')) return { text, files: [] };
  const files: UuFile[] = [];
  let rest = '';
  let from = 0;
  while (files.length < MAX_UU_BLOCKS) {
    const found = findBlock(text, from);
    if (!found) break;
    files.push(found.file);
    rest += text.slice(from, found.start);
    from = found.end;
  }
  if (!files.length) return { text, files };
  return { text: (rest + text.slice(from)).replace(/\n{3,}/g, '\n\n'), files };
}

function findBlock(text: string, from: number): { file: UuFile; start: number; end: number } | null {
  const tail = text.slice(from);
  const begin = BEGIN.exec(tail);
  if (!begin) return null;
  const start = from + begin.index;
  const bodyStart = start + begin[0].length + 1;
  const endMatch = /^end\r?$/m.exec(text.slice(bodyStart));
  if (!endMatch) return null;
  const end = bodyStart + endMatch.index + endMatch[0].length;
  const lines = text.slice(bodyStart, bodyStart + endMatch.index).split(/\r?\n/);
  const chunks: Buffer[] = [];
  for (const line of lines) {
    if (!line) continue;
    const length = (line.charCodeAt(0) - 32) & 63;
    if (length === 0) continue;
    // Every line but the terminating one must be well formed: else this is not a uuencoded block.
    if (!/^[\x20-\x60]+$/.test(line)) return null;
    chunks.push(decodeLine(line, length));
  }
  const name = begin[1]!.trim();
  return { file: { filename: name || null, content: Buffer.concat(chunks) }, start, end: Math.min(text.length, end + 1) };
}

function decodeLine(line: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  const value = (index: number) => ((line.charCodeAt(index) || 32) - 32) & 63;
  let written = 0;
  for (let index = 1; written < length; index += 4) {
    const [a, b, c, d] = [value(index), value(index + 1), value(index + 2), value(index + 3)];
    const bytes = [(a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d];
    for (const byte of bytes) if (written < length) out[written++] = byte & 0xff;
  }
  return out;
}
