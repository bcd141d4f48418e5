// Reading job payloads, which arrive as untyped JSON from the jobs table.

/** The positive integer id stored under `key`, or a clear error (the job then fails visibly). */
export function idIn(payload: Record<string, unknown>, key: string): number {
  const value = payload[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`the job payload needs a positive integer "${key}", got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}
