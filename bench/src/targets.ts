// The databases a benchmark runs on: a new database on the PostgreSQL server (dropped at the end)
// or a temporary DATA_DIR for the embedded PGlite (removed at the end).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readConfig } from '../../server/src/config.ts';
import { openDatabase } from '../../server/src/boot.ts';
import type { Database } from '../../server/src/db/connect.ts';

export type TargetKind = 'postgres' | 'pglite';

export interface Target {
  kind: TargetKind;
  /** What the server process gets: DATABASE_URL or DATA_DIR. */
  env: Record<string, string>;
  /** Opens the database in this process, exactly as the server would. */
  open(): Promise<Database>;
  destroy(): Promise<void>;
}

export async function postgresTarget(serverUrl: string): Promise<Target> {
  const name = `frontline_bench_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString() };
  return {
    kind: 'postgres',
    env,
    open: () => openDatabase(readConfig(env)),
    async destroy() {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function pgliteTarget(): Target {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-'));
  const env = { DATA_DIR: dir };
  return {
    kind: 'pglite',
    env,
    open: () => openDatabase(readConfig(env)),
    async destroy() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery(serverUrl: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
