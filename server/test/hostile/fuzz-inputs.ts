// Inputs for the schema-driven fuzz test: values shaped by the OpenAPI schemas (so requests get
// past validation and reach the verbs and the database) and hostile values that try not to.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

/** JSON text that JSON.stringify cannot write (1e309 parses to Infinity; nesting past its stack); spliced in raw. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `__raw_${raws.length - 1}__`;
    }
    return item;
  });
  return (text ?? 'null').replace(/"__raw_(\d+)__"/g, (_match, index: string) => raws[Number(index)]!);
}

/** Nesting deeper than any schema, as text (building it as objects would overflow the stack first). */
const deep = (levels: number, asArray: boolean) => new RawJson(asArray ? `${'['.repeat(levels)}1${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

/** Strings that have broken servers: NUL and control characters, lone surrogates, bidi overrides, huge and numeric-looking text. */
export const hostileString = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(
    '\u0000',
    'a\u0000b',
    'x'.repeat(5) + '\u0000',
    '\u0001\u0002\u001b[31m\u007f',
    '\ud800',
    'ok\udfffok',
    '\udbff\udfff\ud800',
    'invoice\u202efdp.exe',
    '\u2066\u2067\u2068\u2069\u200e\u200f',
    '',
    ' ',
    '\r\n\r\nX-Injected: 1',
    "' OR 1=1 --",
    '"; DROP TABLE tickets; --',
    '../../../../etc/passwd',
    '%00',
    '1e309',
    '-1',
    'NaN',
    'Infinity',
    '99999999999999999999999',
    '2024-13-45T99:99:99Z',
    '+275760-09-13T00:00:00.001Z',
    '0000-00-00 00:00:00+00',
    'infinity',
    '{{number}}{{constructor}}{{__proto__}}',
    '<script>alert(1)</script>',
    '\ufeff\ufffe\uffff',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢'.repeat(100),
  ) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => 'ქ'.repeat(n * 250)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => 'y'.repeat(n * 70_000)) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

export const hostileNumber = fc.constantFrom<unknown>(
  0,
  -1,
  -0.5,
  1.5,
  2 ** 31,
  2 ** 53,
  -(2 ** 63),
  1e20,
  Number.MAX_SAFE_INTEGER,
  new RawJson('1e309'),
  new RawJson('-1e309'),
  new RawJson('1e-400'),
  new RawJson('123456789012345678901234567890'),
);

/** Anything at all in place of a value: wrong types, deep nesting, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom<unknown>(null, true, false, [], {}, [null], { __proto__: { admin: true } }, JSON.parse('{"__proto__":{"role":"admin"}}'), { constructor: { prototype: {} } }),
  fc.integer({ min: 50, max: 3000 }).map((levels) => deep(levels, levels % 2 === 0)),
  fc.array(hostileString, { maxLength: 20 }),
);

const stringFor = (schema: JsonSchema): fc.Arbitrary<string> => {
  const maxLength = Math.min(schema.maxLength ?? 60, 60);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity));
  const edges = [fc.string({ unit: 'grapheme', minLength, maxLength })];
  // Exactly at and just past the limit, in letters that take more than one byte.
  if (schema.maxLength) edges.push(fc.constantFrom('ж'.repeat(schema.maxLength), 'ж'.repeat(schema.maxLength + 1)));
  return fc.oneof({ arbitrary: edges[0]!, weight: 4 }, ...edges.slice(1).map((arbitrary) => ({ arbitrary, weight: 1 })));
};

const integerFor = (schema: JsonSchema): fc.Arbitrary<number> => {
  const min = schema.minimum ?? -1000;
  const max = schema.maximum ?? 1_000_000;
  const edges = [min, max].filter((value) => Number.isSafeInteger(value));
  return fc.oneof(
    { arbitrary: fc.integer({ min: Math.max(min, 1), max: Math.min(Math.max(min, 1) + 8, max) }), weight: 5 },
    { arbitrary: fc.integer({ min: Math.max(min, -(2 ** 53) + 1), max: Math.min(max, 2 ** 53 - 1) }), weight: 1 },
    { arbitrary: fc.constantFrom(...edges), weight: 1 },
  );
};

/** Values that match a schema's shape (mostly valid, at times just past a limit). */
export function shaped(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(undefined);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((option) => shaped(option, depth + 1)));
  if (schema.allOf) return shaped(mergeAll(schema.allOf), depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerFor(schema);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringFor(schema);
    case 'array':
      return fc.array(shaped(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      const properties = schema.properties ?? {};
      const record = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, shaped(value, depth + 1)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    default:
      return fc.constant(undefined);
  }
}

function mergeAll(schemas: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
  for (const part of schemas) {
    Object.assign(merged.properties!, part.properties ?? {});
    merged.required!.push(...(part.required ?? []));
  }
  return merged;
}

/** Replaces one node of a value (picked by index among all its nodes) with a hostile one, or adds a field. */
export function mutate(value: unknown, pick: number, replacement: unknown, addField: string | null): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object' && !(node instanceof RawJson)) {
      for (const [key, child] of Object.entries(node)) {
        nodes.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(key) : key });
        walk(child);
      }
    }
  };
  const root = { value: structuredClone(value) };
  walk(root);
  const target = nodes[pick % nodes.length]!;
  if (addField && target.parent && !Array.isArray(target.parent) && typeof target.parent === 'object') (target.parent as Record<string, unknown>)[addField] = replacement;
  else (target.parent as Record<string | number, unknown>)[target.key] = replacement;
  return root.value;
}

/** Cursors a client may forge: wrong shapes, impossible dates, unsafe numbers, not base64 at all. */
export const hostileCursor = fc.oneof(
  fc
    .constantFrom<unknown>(
      ['2024-99-99 99:99:99+00', 1],
      ['infinity', 1],
      ['-infinity', 1],
      ['294277-01-01 00:00:00+00', 1],
      ['', 1],
      ['now', 1],
      ['2026-01-01 00:00:00+00', 1],
      ['2026-01-01 00:00:00+00\u0000', 1],
      ['2026-02-30 10:00:00+00', 2],
      [1],
      [-1],
      [1.5],
      [2 ** 60],
      ['1'],
      [null],
      {},
      'x',
    )
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')),
  fc.constantFrom('!!!', '%00', '', 'bnVsbA', '\u0000'),
  fc.string({ maxLength: 40 }),
);

/** Path parameter text: a few real ids (the seeded rows), and anything else. */
export const pathValue = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 8 }).map(String), weight: 6 },
  {
    arbitrary: fc.constantFrom('0', '-1', '1.5', '1e309', '1e3', '99999999999999999999', '9007199254740993', 'abc', '%00', '%ZZ', '%E2%80%AE', '%F0%9F%98%80', '%ED%A0%80', ' 1', '0x10', 'null', '__proto__'),
    weight: 4,
  },
);

export interface Multipart {
  contentType: string;
  payload: Buffer;
}

/** Multipart bodies for the upload routes: well-formed with hostile names, and broken in every way the parser meets. */
export const multipartBody: fc.Arbitrary<Multipart> = fc
  .record({
    boundary: fc.constantFrom('b0undary', 'x'.repeat(70), 'with space', '"quoted"', ''),
    filename: fc.oneof(hostileString, fc.constantFrom('report.pdf', 'invoice\u202efdp.exe', '..\\..\\win.ini', 'a"b.txt', '\u0000.png')),
    text: fc.oneof(fc.string({ maxLength: 30 }), hostileString),
    internal: fc.constantFrom('true', '1', 'false', 'yes', '\u0000'),
    breakage: fc.constantFrom('none', 'none', 'truncate', 'no-closing', 'no-boundary', 'garbage', 'empty', 'bad-header', 'many-parts', 'unknown-field', 'nul-field-name'),
  })
  .map(({ boundary, filename, text, internal, breakage }) => {
    const b = boundary || 'b';
    const part = (headers: string, body: string) => `--${b}\r\n${headers}\r\n\r\n${body}\r\n`;
    let body =
      part('Content-Disposition: form-data; name="body"', text) +
      part('Content-Disposition: form-data; name="internal"', internal) +
      part(`Content-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf`, '%PDF-1.4 hello') +
      `--${b}--\r\n`;
    let contentType = `multipart/form-data; boundary=${boundary}`;
    switch (breakage) {
      case 'truncate':
        body = body.slice(0, Math.floor(body.length / 2));
        break;
      case 'no-closing':
        body = body.replace(`--${b}--\r\n`, '');
        break;
      case 'no-boundary':
        contentType = 'multipart/form-data';
        break;
      case 'garbage':
        body = '\u0000\u0001not multipart at all';
        break;
      case 'empty':
        body = '';
        break;
      case 'bad-header':
        body = `--${b}\r\nContent-Disposition\r\n\r\nvalue\r\n--${b}--\r\n`;
        break;
      case 'many-parts':
        body = Array.from({ length: 40 }, (_, i) => part(`Content-Disposition: form-data; name="f${i}"`, 'v')).join('') + `--${b}--\r\n`;
        break;
      case 'unknown-field':
        body = part('Content-Disposition: form-data; name="role"', 'admin') + body;
        break;
      case 'nul-field-name':
        body = part('Content-Disposition: form-data; name="bo\u0000dy"', 'x') + body;
        break;
    }
    return { contentType, payload: Buffer.from(body) };
  });
