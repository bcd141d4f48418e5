// A small MIME walk over the raw bytes, for the repairs parse.ts makes after mailparser: it finds
// each leaf part with its declared charset, transfer encoding, file name and undecoded body.
import libqp from 'libqp';
import libbase64 from 'libbase64';

export interface RawPart {
  contentType: string;
  charset: string | undefined;
  encoding: string;
  attachment: boolean;
  /** The file name parameter as its raw bytes (Content-Disposition filename, else Content-Type name); undefined when there is none. */
  rawFilename: Buffer | undefined;
  body: Buffer;
}

/** Every leaf part, in MIME order (multiparts at most 20 deep). */
export function leafParts(raw: Buffer): RawPart[] {
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
    const disposition = headerParams(headers.get('content-disposition') ?? '');
    const filename = disposition.params.filename ?? type.params.name;
    out.push({
      contentType,
      charset: type.params.charset,
      encoding: (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase(),
      attachment: disposition.value.toLowerCase() === 'attachment',
      rawFilename: filename === undefined ? undefined : Buffer.from(filename, 'latin1'),
      body: split.body,
    });
  };
  walk(raw, 0);
  return out;
}

/** A part's body with its transfer encoding undone. */
export function transferDecode(part: RawPart): Buffer {
  const body = part.body.toString('latin1');
  if (part.encoding === 'quoted-printable') return libqp.decode(body);
  if (part.encoding === 'base64') return libbase64.decode(body);
  return part.body;
}

/** The header block (as latin1, one character per byte) and the body of an entity. */
export function splitHead(entity: Buffer): { head: string; body: Buffer } {
  const text = entity.toString('latin1', 0, Math.min(entity.length, 1024 * 1024));
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: Buffer.alloc(0) };
  return { head: text.slice(0, match.index), body: entity.subarray(match.index + match[0].length) };
}

/** Header fields by lowercase name, unfolded; the first of a repeated field (use `allFields` for every one). */
export function unfold(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [name, value] of allFields(head)) if (!headers.has(name)) headers.set(name, value);
  return headers;
}

/** Every header field in order, as [lowercase name, unfolded value]. */
export function allFields(head: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export function headerParams(value: string): { value: string; params: Record<string, string> } {
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
