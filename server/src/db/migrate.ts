// Applies the numbered SQL files in migrations/ in order, once each, each in its own transaction,
// under an advisory lock so several nodes starting together do not race.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Database } from './connect.ts';
import type { DB } from './tables.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_ID = 7_402_113;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file, sql: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

/** Returns the names of the migrations it applied. */
export async function migrate(database: Database, migrations = readMigrations()): Promise<string[]> {
  return database.withSession(async (exec) => {
    await exec(`SELECT pg_advisory_lock(${LOCK_ID})`);
    try {
      await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = await exec('SELECT version FROM schema_migrations');
      const applied = new Set(done.map((row) => Number(row.version)));
      const names: string[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        try {
          await exec(`BEGIN;\n${migration.sql}\n;INSERT INTO schema_migrations (version, name) VALUES (${migration.version}, '${migration.name}');\nCOMMIT;`);
        } catch (error) {
          await exec('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        names.push(migration.name);
      }
      return names;
    } finally {
      await exec(`SELECT pg_advisory_unlock(${LOCK_ID})`);
    }
  });
}

/** True when every known migration has been applied (for /readyz). */
export async function isMigrated(db: Kysely<DB>, migrations = readMigrations()): Promise<boolean> {
  const last = migrations.at(-1);
  if (!last) return true;
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations WHERE version = ${last.version}`.execute(db);
  return (row.rows[0]?.n ?? 0) === 1;
}
