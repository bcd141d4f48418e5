// The README's walk-through, over real HTTP against the real `npm start` entry point:
// start, sign in as the admin, create an agent and a team, open a ticket for a new customer,
// reply, add a note, assign, find it by a word of its message, and read its history.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type TestDatabase } from './harness.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('the README walk-through over real HTTP', () => {
  let child: ChildProcess;
  let base: string;
  let dataDir: string;
  let fresh: TestDatabase | undefined;
  let output = '';

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-readme-'));
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      SMTP_PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      FRONTLINE_ADMIN_EMAIL: 'admin@example.com',
      FRONTLINE_ADMIN_PASSWORD: 'a long passphrase',
      LOG_LEVEL: 'info',
    };
    delete env.DATABASE_URL;
    if (process.env.TEST_DATABASE_URL) {
      fresh = await freshDatabase();
      await fresh.database.close();
      env.DATABASE_URL = fresh.url!;
    }
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  after(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
    await fresh?.drop();
  });

  test('a person can do the whole walk-through with curl-like requests', async () => {
    const call = async (method: string, url: string, token?: string, body?: unknown) => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
    };

    const login = await call('POST', '/api/v1/auth/login', undefined, { email: 'admin@example.com', password: 'a long passphrase' });
    assert.equal(login.status, 200);
    assert.match(login.headers.get('set-cookie') ?? '', /frontline_session=.*HttpOnly/i);
    const admin = login.json.token as string;

    const team = await call('POST', '/api/v1/teams', admin, { name: 'Payments' });
    assert.equal(team.status, 201);
    const agent = await call('POST', '/api/v1/agents', admin, {
      email: 'john@example.com', name: 'John Smith', alias: 'John Smith, Acme Support', role: 'agent', password: 'agent passphrase', teamIds: [team.json.id], languages: ['en', 'ru'],
    });
    assert.equal(agent.status, 201);
    const john = (await call('POST', '/api/v1/auth/login', undefined, { email: 'john@example.com', password: 'agent passphrase' })).json.token as string;

    const ticket = await call('POST', '/api/v1/tickets', admin, {
      subject: 'Выплата не пришла', customer: { email: 'partner@example.org', name: 'Пётр' }, message: { body: 'Здравствуйте! Выплата за октябрь так и не пришла на кошелёк.' }, teamId: team.json.id,
    });
    assert.equal(ticket.status, 201);
    const id = ticket.json.id as number;

    const unassigned = await call('GET', '/api/v1/tickets?view=unassigned', john);
    assert.ok(unassigned.json.items.some((item: { id: number }) => item.id === id));

    assert.equal((await call('POST', `/api/v1/tickets/${id}/messages`, john, { body: 'Здравствуйте, Пётр! Проверяем выплату.' })).status, 201);
    assert.equal((await call('POST', `/api/v1/tickets/${id}/messages`, john, { body: 'Кошелёк клиента в стоп-листе, спросить L2', internal: true })).status, 201);
    const assigned = await call('PATCH', `/api/v1/tickets/${id}`, john, { assigneeId: agent.json.id, status: 'pending' });
    assert.equal(assigned.status, 200);
    assert.equal(assigned.json.status, 'pending');

    const found = await call('GET', `/api/v1/tickets?q=${encodeURIComponent('кошелёк')}`, john);
    assert.deepEqual(found.json.items.map((item: { id: number }) => item.id), [id]);

    const history = await call('GET', `/api/v1/tickets/${id}/history`, john);
    assert.deepEqual(
      history.json.items.map((entry: { field: string }) => entry.field),
      ['created', 'status', 'status', 'assigneeId'],
    );
    const detail = await call('GET', `/api/v1/tickets/${id}`, john);
    assert.deepEqual(detail.json.messages.map((m: { internal: boolean }) => m.internal), [false, false, true]);
    assert.ok(!output.includes('a long passphrase') && !output.includes(admin), 'secrets are never logged');
  });
});
