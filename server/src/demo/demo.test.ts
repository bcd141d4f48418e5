import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { demoTickets } from '../cli/demo-tickets.ts';

describe('POST /admin/demo-data', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('only an admin may seed the demo; others answer 401 or 403', async () => {
    const supervisor = await t.agent({ email: 'sup@example.test', role: 'supervisor' });
    const agent = await t.agent({ email: 'agent@example.test', role: 'agent' });
    assert.equal((await t.request('POST', '/api/v1/admin/demo-data', { body: {} })).statusCode, 401);
    for (const { token } of [supervisor, agent]) assert.equal((await t.request('POST', '/api/v1/admin/demo-data', { token, body: {} })).statusCode, 403);
    const count = await t.frontline.ctx.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  test('a body that is not JSON answers 400 (the route takes no input)', async () => {
    const response = await t.request('POST', '/api/v1/admin/demo-data', { token: t.adminToken, payload: '{"tickets":', headers: { 'content-type': 'application/json' } });
    assert.equal(response.statusCode, 400);
    assert.ok(response.json().error.message);
  });

  test('an admin seeds it into the running server once; a second call adds nothing', async () => {
    const first = await t.request('POST', '/api/v1/admin/demo-data', { token: t.adminToken, body: {} });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().skipped, false);
    assert.equal(first.json().tickets, demoTickets.length);
    assert.ok(first.json().agents.length >= 3);
    const demo = first.json().agents[0];
    assert.ok(await t.login(demo.email, first.json().agentPassword), 'a demo login works');
    const second = await t.request('POST', '/api/v1/admin/demo-data', { token: t.adminToken });
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().skipped, true);
    // An admin edits a demo organization's domain: seeding again still adds nothing, and answers 200.
    const organizations = (await t.request('GET', '/api/v1/organizations', { token: t.adminToken })).json<{ items: Array<{ id: number; domain: string | null }> }>().items;
    const kavkaz = organizations.find((organization) => organization.domain === 'kavkazmedia.example')!;
    assert.equal((await t.request('PATCH', `/api/v1/organizations/${kavkaz.id}`, { token: t.adminToken, body: { domain: 'kavkaz-media.example' } })).statusCode, 200);
    const third = await t.request('POST', '/api/v1/admin/demo-data', { token: t.adminToken });
    assert.equal(third.statusCode, 200, third.body);
    assert.equal(third.json().skipped, true);
  });
});
