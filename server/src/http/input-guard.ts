// One check for text no field may hold, on every route: a NUL byte (PostgreSQL cannot store it in
// text or JSON) or half of a surrogate pair (not a character; it would be stored as U+FFFD).
import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.ts';

const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path ("body.customer.name") of the first string or key holding a forbidden character, if any. */
export function findForbiddenText(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (FORBIDDEN.test(node)) return path;
    } else if (node && typeof node === 'object' && !Buffer.isBuffer(node)) {
      for (const [key, child] of Object.entries(node)) {
        const childPath = Array.isArray(node) ? `${path}[${key}]` : `${path}.${key}`;
        if (FORBIDDEN.test(key)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** Refuses a value holding forbidden text with 400 invalid_characters naming the field. */
export function assertStorableText(value: unknown, root: string): void {
  const field = findForbiddenText(value, root);
  if (field === undefined) return;
  throw badRequest('invalid_characters', `${field} contains a NUL byte or half of a surrogate pair, which is not text; remove it.`, { field });
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    assertStorableText(request.params, 'params');
    assertStorableText(request.query, 'query');
    assertStorableText(request.body, 'body');
  });
}
