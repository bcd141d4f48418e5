// Response serialization: fast-json-stringify on each route's response schema, with nullable
// fields made cheap. Our schemas say "T or null" as anyOf [T, null] (schema-kit's Nullable), and for
// an anyOf fast-json-stringify runs Ajv on the value at every serialization to pick the branch, format
// regexes included. A primitive "T or null" is the same JSON as a type list [T, "null"], which it
// writes directly: a list of 26 tickets serializes about 3 times faster (docs/benchmarks.md, Write path).
import fastJson, { type Schema } from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';

const PRIMITIVES = new Set(['string', 'integer', 'number', 'boolean']);

/**
 * The schema to serialize with: every anyOf of one primitive schema and null becomes that schema
 * with type [its type, "null"]. Only for serialization; validation and the OpenAPI document keep the
 * schemas as written.
 */
export function serializableSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(serializableSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = serializableSchema(value);
  const branches = copy.anyOf;
  if (Array.isArray(branches) && branches.length === 2) {
    const isNull = (branch: unknown) => (branch as { type?: unknown } | null)?.type === 'null';
    const other = branches.find((branch) => !isNull(branch)) as Record<string, unknown> | undefined;
    if (branches.some(isNull) && other && typeof other.type === 'string' && PRIMITIVES.has(other.type) && !('anyOf' in other)) {
      const { anyOf: _anyOf, ...rest } = copy;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return copy;
}

/** Installs the serializer for every route registered after this call. */
export function installSerializer(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => fastJson(serializableSchema(schema) as Schema));
}
