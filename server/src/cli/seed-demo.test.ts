import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEntryPoint } from '../../test/entry-point.ts';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, type TestDatabase } from '../../test/harness.ts';
import { migrate } from '../db/migrate.ts';
import { seedDemo } from './seed-demo.ts';
import { demoTickets } from './demo-tickets.ts';
import { DEMO_AGENT_PASSWORD, demoAgents } from './demo-people.ts';

/** Channels whose replies reach the customer today (the email adapter); the demo opens tickets only there. */
const ANSWERABLE = new Set(['email']);

describe('the demo data', () => {
  let fresh: TestDatabase;
  let now: Date;
  before(async () => {
    fresh = await freshDatabase();
    await migrate(fresh.database);
    now = new Date();
    await seedDemo(fresh.database.db, now);
  });
  after(async () => {
    await fresh.database.close();
    await fresh.drop();
  });

  test('opens tickets only on channels that can answer', async () => {
    for (const demo of demoTickets) assert.ok(ANSWERABLE.has(demo.channel), `"${demo.subject}" is on ${demo.channel}`);
    const channels = await fresh.database.db.selectFrom('tickets').select('channel').distinct().execute();
    assert.deepEqual(channels.map((row) => row.channel), ['email']);
  });

  test('timestamps agree with each other: messages after the ticket, replies after the customer, updated_at after the last message, nothing in the future', async () => {
    const db = fresh.database.db;
    const end = Date.now();
    const tickets = await db.selectFrom('tickets').select(['id', 'subject', 'created_at', 'updated_at', 'customer_id']).execute();
    const messages = await db.selectFrom('messages').select(['ticket_id', 'id', 'direction', 'internal', 'created_at', 'sent_at']).orderBy('id').execute();
    const customers = new Map((await db.selectFrom('customers').select(['id', 'created_at']).execute()).map((row) => [row.id, row.created_at]));
    const history = await db.selectFrom('ticket_history').select(['ticket_id', 'created_at']).execute();
    const problems: string[] = [];
    for (const ticket of tickets) {
      const own = messages.filter((message) => message.ticket_id === ticket.id);
      const label = `"${ticket.subject}"`;
      if (own[0]?.created_at.getTime() !== ticket.created_at.getTime()) problems.push(`${label}: its first message is not at its creation`);
      if (customers.get(ticket.customer_id)! > ticket.created_at) problems.push(`${label}: created before its customer`);
      for (const [index, message] of own.entries()) {
        const previous = own[index - 1];
        if (message.created_at < ticket.created_at) problems.push(`${label}: message ${message.id} before the ticket`);
        if (previous && message.created_at <= previous.created_at) problems.push(`${label}: message ${message.id} not after the one before it`);
        if (message.sent_at && message.sent_at < message.created_at) problems.push(`${label}: message ${message.id} sent before it was written`);
        if (message.created_at.getTime() > end || (message.sent_at?.getTime() ?? 0) > end) problems.push(`${label}: message ${message.id} in the future`);
      }
      const inbound = own.find((message) => message.direction === 'inbound');
      const firstReply = own.find((message) => message.direction === 'outbound' && !message.internal);
      if (firstReply && inbound && firstReply.created_at <= inbound.created_at) problems.push(`${label}: the first reply is not after the customer's message`);
      const last = own.at(-1)!;
      if (ticket.updated_at < last.created_at) problems.push(`${label}: updated_at before its last message`);
      if (ticket.updated_at.getTime() > end || ticket.created_at.getTime() > end) problems.push(`${label}: in the future`);
      for (const entry of history.filter((row) => row.ticket_id === ticket.id)) {
        if (entry.created_at < ticket.created_at || entry.created_at.getTime() > end) problems.push(`${label}: a history entry outside the ticket's life`);
        if (entry.created_at > ticket.updated_at) problems.push(`${label}: a history entry after updated_at`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('seed-demo while the server runs on the embedded database', () => {
  test('goes through the running server as the admin, and says what to do without credentials', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-seed-'));
    const admin = { FRONTLINE_ADMIN_EMAIL: 'owner@example.com', FRONTLINE_ADMIN_PASSWORD: 'owner e2e passphrase' };
    const server = await startEntryPoint({ DATA_DIR: dataDir, ...admin });
    try {
      const port = new URL(server.base).port;
      const cli = (env: Record<string, string>) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'seed-demo'], { cwd: serverDir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, PORT: port, ...env }, encoding: 'utf8', timeout: 120_000 });
      const refused = cli({});
      assert.equal(refused.status, 2, refused.stderr);
      assert.match(refused.stderr, /server is running.*--email/);
      const seeded = cli(admin);
      assert.equal(seeded.status, 0, seeded.stderr);
      assert.match(seeded.stdout, new RegExp(`Added \\d+ organizations, \\d+ customers, ${demoTickets.length} tickets`));
      assert.match(seeded.stdout, /Demo agents \(password "demo password 123"\)/);
      const login = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: admin.FRONTLINE_ADMIN_EMAIL, password: admin.FRONTLINE_ADMIN_PASSWORD }) });
      const { token } = (await login.json()) as { token: string };
      const list = await fetch(`${server.base}/api/v1/tickets?view=all&limit=100`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await list.json()) as { items: unknown[] }).items.length, demoTickets.length, 'the running server shows the demo at once');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test('the README lists every demo login and its password', () => {
  const readme = fs.readFileSync(path.join(serverDir, '..', 'README.md'), 'utf8');
  for (const agent of demoAgents) assert.ok(readme.includes(`\`${agent.email}\``), `${agent.email} is not in the README`);
  assert.ok(readme.includes(DEMO_AGENT_PASSWORD));
});
