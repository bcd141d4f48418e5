// The README's walk-through, over real HTTP against the real `npm start` entry point:
// start, sign in as the admin, create an agent and a team, open a ticket for a new customer,
// reply, add a note, assign, find it by a word of its message, and read its history.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, type TestDatabase } from './harness.ts';
import { startEntryPoint, type EntryPoint } from './entry-point.ts';

describe('the README walk-through over real HTTP', () => {
  let server: EntryPoint;
  let base: string;
  let dataDir: string;
  let fresh: TestDatabase | undefined;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-readme-'));
    const env: Record<string, string> = { DATA_DIR: dataDir, FRONTLINE_ADMIN_EMAIL: 'admin@example.com', FRONTLINE_ADMIN_PASSWORD: 'a long passphrase' };
    if (process.env.TEST_DATABASE_URL) {
      fresh = await freshDatabase();
      await fresh.database.close();
      env.DATABASE_URL = fresh.url!;
    }
    server = await startEntryPoint(env);
    base = server.base;
  });

  after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
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
    const suggested = await call('GET', `/api/v1/search?q=${encodeURIComponent('partner@')}`, john);
    assert.deepEqual(suggested.json.tickets.map((item: { id: number }) => item.id), [id]);
    assert.deepEqual(suggested.json.customers.map((customer: { email: string }) => customer.email), ['partner@example.org']);
    const number = (await call('GET', `/api/v1/tickets/${id}`, john)).json.number;
    assert.equal((await call('GET', `/api/v1/tickets/by-number/${number}`, john)).json.id, id);

    const history = await call('GET', `/api/v1/tickets/${id}/history`, john);
    assert.deepEqual(
      history.json.items.map((entry: { field: string }) => entry.field),
      ['created', 'status', 'status', 'assigneeId'],
    );
    const detail = await call('GET', `/api/v1/tickets/${id}`, john);
    assert.deepEqual(detail.json.messages.map((m: { internal: boolean }) => m.internal), [false, false, true]);
    assert.ok(!server.output().includes('a long passphrase') && !server.output().includes(admin), 'secrets are never logged');
  });
});
