// Keeps the size of every statement independent of what a stranger sends: a list of any length
// goes as ONE array parameter, and many rows are written a slice at a time, each under the limit.
import { sql, type RawBuilder } from 'kysely';

/**
 * Bind parameters one statement may carry. The embedded database breaks for good from 32,768 on
 * (the count is a signed 16-bit number there: every later query answers nothing); PostgreSQL
 * refuses more than 65,535. Well under both, so no row shape can get near either.
 */
export const MAX_PARAMETERS = 10_000;

/** The SQL types lists are passed as. */
export type ListType = 'bigint' | 'text' | 'integer' | 'jsonb';

/** `$1::type[]`: a whole list as one parameter (for `unnest(...)` or `ANY(...)`). */
export const arrayOf = <T extends number | string>(values: readonly T[], type: ListType): RawBuilder<T[]> => sql<T[]>`${[...values]}::${sql.raw(type)}[]`;

/** `ANY($1::type[])`, for `column = ANY(...)`: membership in a list of any length (an empty one matches nothing). */
export const anyOf = <T extends number | string>(values: readonly T[], type: ListType): RawBuilder<T> => sql<T>`ANY(${arrayOf(values, type)})`;

/** `rows` in slices whose statements carry at most `limit` parameters each, a row costing `perRow`. */
export function slicesOf<T>(rows: readonly T[], perRow: number, limit = MAX_PARAMETERS): T[][] {
  const size = Math.max(1, Math.floor(limit / Math.max(1, perRow)));
  const slices: T[][] = [];
  for (let start = 0; start < rows.length; start += size) slices.push(rows.slice(start, start + size));
  return slices;
}

/** Runs `statement` for each slice of `rows`, one after the other, and returns what they all returned, in order. */
export async function inSlices<T, R>(rows: readonly T[], perRow: number, statement: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const results: R[] = [];
  for (const slice of slicesOf(rows, perRow)) results.push(...(await statement(slice)));
  return results;
}

/** A multi-row insert of objects, a slice at a time: each row binds one parameter per column any row names. */
export function insertInSlices<T extends object, R>(rows: readonly T[], statement: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return inSlices(rows, columns.size, statement);
}
