import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { suiteDatabase } from '../../test/harness.ts';
import { readConfig } from '../config.ts';
import { verifyPassword } from '../auth/secrets.ts';
import { createAdminCommand, UsageError } from './create-admin.ts';
import { seedDemo } from './seed-demo.ts';
import { demoTickets } from './demo-tickets.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runCli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('command line', () => {
  const fresh = suiteDatabase();

  test('create-admin makes an administrator who can sign in with the password', async () => {
    const admin = await createAdminCommand(fresh.database.db, { email: 'Boss@Example.com', password: 'a long enough password', name: 'Boss' });
    const row = await fresh.database.db.selectFrom('agents').selectAll().where('id', '=', admin.id).executeTakeFirstOrThrow();
    assert.equal(row.role, 'admin');
    assert.equal(row.name, 'Boss');
    assert.ok(await verifyPassword(row.password_hash!, 'a long enough password'));
  });

  test('create-admin explains what is wrong instead of failing with a stack', async () => {
    const db = fresh.database.db;
    await assert.rejects(createAdminCommand(db, { email: undefined, password: 'a long enough password' }), (e: Error) => e instanceof UsageError && /email is needed/.test(e.message));
    await assert.rejects(createAdminCommand(db, { email: 'not-an-email', password: 'a long enough password' }), /is not an email address/);
    await assert.rejects(createAdminCommand(db, { email: 'x@example.com', password: undefined }), /password is needed/);
    await assert.rejects(createAdminCommand(db, { email: 'x@example.com', password: 'short' }), (e: Error) => e instanceof UsageError && /at least 12 characters/.test(e.message));
    await assert.rejects(createAdminCommand(db, { email: 'x@example.com', password: 'password1234' }), (e: Error) => e instanceof UsageError && /too easy to guess/.test(e.message));
    await assert.rejects(createAdminCommand(db, { email: 'x@example.com', password: 'x@example.com!' }), (e: Error) => e instanceof UsageError && /too easy to guess/.test(e.message));
    await assert.rejects(createAdminCommand(db, { email: 'boss@example.com', password: 'a long enough password' }), (e: Error) => e instanceof UsageError && /already exists/.test(e.message));
  });

  test('seed-demo fills the instance with conversations in three languages, and a second run adds nothing', async () => {
    const db = fresh.database.db;
    const now = new Date('2025-05-20T12:00:00Z');
    const first = await seedDemo(db, now);
    assert.equal(first.skipped, false);
    assert.equal(first.tickets, demoTickets.length);
    assert.ok(first.tickets >= 40 && first.customers >= 20 && first.organizations >= 3);

    const tickets = await db.selectFrom('tickets').select(['subject', 'status', 'language', 'assignee_id', 'team_id', 'tags', 'created_at', 'updated_at']).execute();
    assert.equal(tickets.length, demoTickets.length);
    for (const demo of demoTickets) {
      const ticket = tickets.find((row) => row.subject === demo.subject);
      assert.ok(ticket, demo.subject);
      assert.equal(ticket.status, demo.status, `${demo.subject} ends ${demo.status}`);
      assert.equal(ticket.assignee_id !== null, demo.assignee !== undefined, `${demo.subject} is assigned when the demo says so`);
      assert.ok(ticket.team_id);
      assert.ok(ticket.updated_at.getTime() <= now.getTime(), 'nothing happens in the future');
    }
    assert.deepEqual([...new Set(tickets.map((row) => row.language))].sort(), ['en', 'ka', 'ru']);
    assert.ok(tickets.filter((row) => row.status === 'new' && row.assignee_id === null).length >= 5, 'some tickets wait in the unassigned queue');

    const messages = await db.selectFrom('messages').select(['internal', 'direction', 'delivery_status']).execute();
    assert.equal(messages.length, first.messages);
    assert.ok(messages.some((m) => m.internal), 'internal notes');
    assert.ok(messages.some((m) => m.direction === 'outbound' && !m.internal), 'agent replies');
    assert.ok(!messages.some((m) => m.delivery_status === 'queued'), 'no demo reply waits to be mailed');
    const pending = await db.selectFrom('jobs').select('id').where('kind', '=', 'outbound.deliver').where('status', '=', 'pending').execute();
    assert.equal(pending.length, 0);
    const identities = await db.selectFrom('customer_identities').select('kind').execute();
    assert.ok(identities.some((i) => i.kind === 'telegram') && identities.some((i) => i.kind === 'phone'));
    const agents = await db.selectFrom('agents').select(['email', 'alias']).where('email', 'like', '%@support.example').execute();
    assert.equal(agents.length, first.agents.length);
    assert.ok(agents.every((agent) => agent.alias));
    const search = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tickets WHERE search_vector @@ websearch_to_tsquery('russian', 'выплаты')`.execute(db);
    assert.ok(search.rows[0]!.n > 0, 'Russian text is searchable by stem');

    const second = await seedDemo(db, now);
    assert.equal(second.skipped, true);
    const count = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), demoTickets.length);
  });

  test('`help` runs as a real process and lists the commands', () => {
    const result = runCli(['help']);
    assert.equal(result.status, 0, result.stderr);
    for (const command of ['create-admin', 'seed-demo', 'help']) assert.match(result.stdout, new RegExp(command));
  });

  test('an unknown command exits 2 with a hint', () => {
    const result = runCli(['frobnicate']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown command "frobnicate".*help/);
  });

  test('create-admin as a real process uses the embedded database in DATA_DIR, like npm start', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-cli-'));
    try {
      const env = { DATA_DIR: dataDir, FRONTLINE_ADMIN_EMAIL: 'first@example.com', FRONTLINE_ADMIN_PASSWORD: 'first admin password' };
      const created = runCli(['create-admin'], env);
      assert.equal(created.status, 0, created.stderr);
      assert.match(created.stdout, /Created administrator first@example\.com/);
      assert.ok(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION')));
      assert.ok(!fs.existsSync(path.join(dataDir, 'pglite', 'postmaster.pid')), 'the database is closed again');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a relative DATA_DIR is taken from where npm was run, so npm start and the CLI share ./data', () => {
    assert.equal(readConfig({ INIT_CWD: '/srv/frontline' }).dataDir, '/srv/frontline/data');
    assert.equal(readConfig({ INIT_CWD: '/srv/frontline', DATA_DIR: 'var/db' }).dataDir, '/srv/frontline/var/db');
    assert.equal(readConfig({ INIT_CWD: '/srv/frontline', DATA_DIR: '/data' }).dataDir, '/data');
    assert.equal(readConfig({}).dataDir, path.resolve('data'));
  });
});
