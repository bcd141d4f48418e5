// Opaque cursors for keyset pagination: base64url JSON of the last row's sort key.
import { invalidInput } from '../errors.ts';

/** What a cursor part may be: text, a safe integer, or a timestamp as PostgreSQL writes timestamptz::text. */
type Part = 'string' | 'number' | 'timestamp';
type Decoded<T extends Part[]> = { [K in keyof T]: T[K] extends 'number' ? number : string };

/** 2026-12-01 09:55:13.123456+00 — only this form, with a real date, is cast back to timestamptz. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

function isTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

const fits = (part: unknown, shape: Part) =>
  shape === 'number' ? typeof part === 'number' && Number.isSafeInteger(part) : typeof part === 'string' && (shape === 'string' || isTimestamp(part));

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with the given shape, or answers 400. */
export function decodeCursor<T extends Part[]>(cursor: string, shape: T): Decoded<T> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const ok = Array.isArray(value) && value.length === shape.length && value.every((part, index) => fits(part, shape[index]!));
  if (!ok) throw invalidInput('invalid_cursor', 'The cursor is malformed; pass back the nextCursor value of the previous page unchanged.');
  return value as Decoded<T>;
}
