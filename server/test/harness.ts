// Starts a real Frontline for a test file: a fresh database (in-memory PGlite, or a new database
// on the PostgreSQL server named by TEST_DATABASE_URL), migrations, the first admin, and HTTP
// through Fastify's inject (real routing, validation and serialization, no socket).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import type { Logger } from 'pino';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { isEventType, payloadProblems } from '@frontline/shared';
import { readConfig, type Config } from '../src/config.ts';
import { boot, type Frontline } from '../src/boot.ts';
import { connect, openPglite, type Database } from '../src/db/connect.ts';
import { migrate, readMigrations } from '../src/db/migrate.ts';
import type { DB } from '../src/db/tables.ts';
import type { Clock } from '../src/context.ts';
import { createLogger } from '../src/logger.ts';
import type { Feature } from '../src/feature.ts';

/** A fixed key for sealing mailbox passwords in tests. */
export const TEST_SECRET_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/**
 * Password hashes in tests cost 1 MiB and one pass instead of 64 MiB and three: still argon2id,
 * made and checked the same way, but a sign-in is milliseconds, not a quarter of a second of both
 * cores (test/run.mjs sets the same for the Frontline processes tests start).
 */
export const TEST_HASH_COST = { PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' };

export const ADMIN = { email: 'admin@example.test', password: 'correct horse battery staple' };

export interface TestDatabase {
  database: Database;
  url: string | undefined;
  drop(): Promise<void>;
}

let template: Promise<Blob> | undefined;

/**
 * An embedded cluster with every migration applied, as a dump to start fresh databases from: an
 * empty PGlite cluster takes seconds to create, a copy of this one a fraction of that. Kept on disk
 * between test processes under a name made of the migrations' text, so a changed migration makes a
 * new one (the template for PostgreSQL's CREATE DATABASE, done by hand).
 */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const key = crypto.createHash('sha256');
    for (const migration of readMigrations()) key.update(`${migration.name}\0${migration.sql}\0`);
    const pglite = JSON.parse(fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')).version as string;
    key.update(pglite);
    const file = path.join(os.tmpdir(), `frontline-test-pglite-${key.digest('hex').slice(0, 16)}.tar`);
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    const client = await openPglite(undefined);
    const database = await connect({ pglite: client });
    await migrate(database);
    const dump = await client.dumpDataDir('none');
    await database.close();
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
    return dump;
  })();
  return template;
}

/** A fresh database for one test file, migrated (boot finds nothing left to apply). */
export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { database: await connect({ pglite: await openPglite(undefined, await migratedTemplate()) }), url: undefined, async drop() {} };
  const name = `frontline_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await connect({ url: url.toString(), poolSize: 5 });
  return {
    database,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A fresh, migrated database for the tests of the describe block this is called in: opened before
 * them, closed and dropped after them. Read its fields inside tests (they exist from `before` on).
 */
export function suiteDatabase(): TestDatabase {
  let fresh: TestDatabase | undefined;
  before(async () => {
    fresh = await freshDatabase();
    await migrate(fresh.database);
  });
  after(async () => {
    await fresh?.database.close();
    await fresh?.drop();
  });
  return {
    get database() {
      return fresh!.database;
    },
    get url() {
      return fresh!.url;
    },
    drop: () => fresh!.drop(),
  };
}

export interface TestApp {
  frontline: Frontline;
  config: Config;
  url: string | undefined;
  /** Sends a request as the given bearer token (or none). */
  request(method: string, path: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  /** Signs in and returns a bearer token. */
  login(email?: string, password?: string): Promise<string>;
  /** Creates an agent through the API as the admin and returns its id and a signed-in token. */
  agent(input: { email: string; role: string; teamIds?: number[]; name?: string }): Promise<{ id: number; token: string }>;
  adminToken: string;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

/** `withoutAdmin`: no first admin (a fresh instance waiting for its set-up); `adminToken` is then empty. */
export async function startTestApp(options: { env?: Record<string, string>; clock?: Clock; log?: Logger; withoutAdmin?: boolean; extraFeatures?: readonly Feature[] } = {}): Promise<TestApp> {
  const fresh = await freshDatabase();
  const admin = options.withoutAdmin ? {} : { FRONTLINE_ADMIN_EMAIL: ADMIN.email, FRONTLINE_ADMIN_PASSWORD: ADMIN.password };
  const config = readConfig({ ...admin, ...TEST_HASH_COST, LOG_LEVEL: 'silent', SMTP_PORT: '0', FRONTLINE_SECRET_KEY: TEST_SECRET_KEY, ...options.env });
  const frontline = await boot(config, {
    database: fresh.database,
    log: options.log ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(options.clock && { clock: options.clock }),
    ...(options.extraFeatures && { extraFeatures: options.extraFeatures }),
  });
  const request: TestApp['request'] = (method, path, { token, body, headers = {}, payload } = {}) =>
    frontline.app.inject({
      method: method as 'GET',
      url: path,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : payload !== undefined ? { payload } : {}),
    });
  const login = async (email = ADMIN.email, password = ADMIN.password) => {
    const response = await request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
    return response.json<{ token: string }>().token;
  };
  const adminToken = options.withoutAdmin ? '' : await login();
  return {
    frontline,
    config,
    url: fresh.url,
    request,
    login,
    adminToken,
    async agent(input) {
      const password = 'agent password 123';
      const response = await request('POST', '/api/v1/agents', {
        token: adminToken,
        body: { name: input.name ?? input.email.split('@')[0], password, ...input },
      });
      if (response.statusCode !== 201) throw new Error(`agent create failed: ${response.statusCode} ${response.body}`);
      return { id: response.json<{ id: number }>().id, token: await login(input.email, password) };
    },
    async close() {
      const problems = await misshapenEvents(frontline.ctx.db);
      await frontline.close();
      await fresh.drop();
      if (problems.length) throw new Error(`events appended with another payload than the catalogue declares:\n${problems.slice(0, 20).join('\n')}`);
    },
  };
}

/**
 * Every stored event of a catalogue type checked against its declared payload (shared/src/events.ts),
 * so each test file that runs Frontline also checks at run time what the types promise. Types
 * outside the catalogue are left to the tests that append them on purpose.
 */
export async function misshapenEvents(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('events').select(['id', 'type', 'payload']).orderBy('id').execute();
  return rows.filter((row) => isEventType(row.type)).flatMap((row) => payloadProblems(row.type, row.payload).map((problem) => `event ${row.id}: ${problem}`));
}
