// Opaque cursors for keyset pagination: base64url JSON of the last row's sort key.
import { badRequest } from './errors.ts';

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with the given shape, or answers 400. */
export function decodeCursor<T extends ('string' | 'number')[]>(cursor: string, shape: T): { [K in keyof T]: T[K] extends 'string' ? string : number } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const ok =
    Array.isArray(value) &&
    value.length === shape.length &&
    value.every((part, index) => typeof part === shape[index] && (typeof part !== 'number' || Number.isSafeInteger(part)));
  if (!ok) throw badRequest('invalid_cursor', 'The cursor is malformed; pass back the nextCursor value of the previous page unchanged.');
  return value as { [K in keyof T]: T[K] extends 'string' ? string : number };
}
