// Loaded before src/main.ts in a child process by the fatal-exit test: the first statement that
// carries the probe address closes the embedded database underneath the server for real, so every
// statement from then on fails the way an aborted PGlite does. Nothing here runs outside that test.
import { PGlite } from '@electric-sql/pglite';

export const FATAL_PROBE = 'fatal-probe@example.test';

const query = PGlite.prototype.query;
PGlite.prototype.query = async function (this: PGlite, ...args: Parameters<PGlite['query']>) {
  const parameters = (args[1] ?? []) as unknown[];
  if (parameters.includes(FATAL_PROBE) && !this.closed) await this.close();
  return query.apply(this, args);
} as PGlite['query'];
