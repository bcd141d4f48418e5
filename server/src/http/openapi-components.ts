// Gives the OpenAPI document named shapes: a response schema with a `title` (Ticket, Message, …)
// moves to components.schemas once and every use becomes a $ref, so clients generated from the
// document (the web app's api/generated.ts) get one named type per shape instead of inline copies.
// Only the document changes: Fastify still validates and serializes with the route's own schema.

type Schema = { [key: string]: unknown };
interface OpenApiLike {
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
}

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keywords whose value is a schema, or a list or map of schemas (JSON Schema 2020-12 as OpenAPI 3.1 uses it). */
const single = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else'] as const;
const lists = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const maps = ['properties', 'patternProperties'] as const;

type Named<T> = T & { components: { schemas: Record<string, unknown> } };

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Moves every titled schema under the operations' responses into components.schemas (sorted by
 * name, so the order routes register in does not matter) and leaves a $ref in its place. Throws
 * when two different shapes carry the same title or a title is no type name: either would make the
 * generated types lie.
 */
export function nameTitledSchemas<T extends object>(input: T): Named<T> {
  const document = input as OpenApiLike;
  const named = new Map<string, { schema: Schema; json: string; where: string }>();

  const visit = (schema: unknown, where: string): unknown => {
    if (!isObject(schema)) return schema;
    const copy: Schema = { ...schema };
    for (const key of single) if (isObject(copy[key])) copy[key] = visit(copy[key], where);
    for (const key of lists) {
      const value = copy[key];
      if (Array.isArray(value)) copy[key] = value.map((item) => visit(item, where));
    }
    if (Array.isArray(copy.items)) copy.items = copy.items.map((item) => visit(item, where));
    for (const key of maps) {
      const value = copy[key];
      if (isObject(value)) copy[key] = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, visit(item, `${where}.${name}`)]));
    }
    const title = copy.title;
    if (typeof title !== 'string') return copy;
    if (!TYPE_NAME.test(title)) throw new Error(`The response schema at ${where} is titled "${title}": a title names a type (PascalCase letters and digits).`);
    const json = JSON.stringify(copy);
    const seen = named.get(title);
    if (seen && seen.json !== json) throw new Error(`Two different response schemas are titled ${title} (${seen.where} and ${where}): give each shape its own title.`);
    // The component's key is its name; the title would only repeat it.
    const component = { ...copy };
    delete component.title;
    if (!seen) named.set(title, { schema: component, json, where });
    return { $ref: `#/components/schemas/${title}` };
  };

  const paths: NonNullable<OpenApiLike['paths']> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    paths[path] = Object.fromEntries(
      Object.entries(item).map(([method, operation]) => {
        if (!isObject(operation) || !isObject(operation.responses)) return [method, operation];
        const responses = Object.fromEntries(
          Object.entries(operation.responses).map(([status, response]) => {
            if (!isObject(response) || !isObject(response.content)) return [status, response];
            const content = Object.fromEntries(
              Object.entries(response.content).map(([mediaType, media]) =>
                isObject(media) && media.schema !== undefined ? [mediaType, { ...media, schema: visit(media.schema, `${method.toUpperCase()} ${path} ${status}`) }] : [mediaType, media],
              ),
            );
            return [status, { ...response, content }];
          }),
        );
        return [method, { ...operation, responses }];
      }),
    );
  }

  const schemas: Record<string, unknown> = { ...document.components?.schemas };
  for (const [name, { schema }] of [...named].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name in schemas) throw new Error(`The response schema ${name} clashes with a schema already in components.`);
    schemas[name] = schema;
  }
  const result: OpenApiLike = { ...document, paths, components: { ...document.components, schemas } };
  return result as Named<T>;
}
