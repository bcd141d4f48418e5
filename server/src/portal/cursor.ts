// The portal list's cursor: where the next page starts, opaque to the client.
import { invalidInput } from '../errors.ts';

export const encodeCursor = (after: { updatedAt: Date; id: number }) => Buffer.from(JSON.stringify([after.updatedAt.toISOString(), after.id])).toString('base64url');

export function decodeCursor(cursor: string): { updatedAt: Date; id: number } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const updatedAt = new Date(String(at));
    if (typeof at === 'string' && !Number.isNaN(updatedAt.getTime()) && typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return { updatedAt, id };
  } catch {
    // falls through to the refusal
  }
  throw invalidInput('invalid_cursor', 'The cursor is not one this list gave out; start again without it.');
}
