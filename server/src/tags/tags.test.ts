import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

describe('GET /tags', () => {
  let t: TestApp;
  let agentToken: string;
  let lightToken: string;
  before(async () => {
    t = await startTestApp();
    const team = (await t.request('POST', '/api/v1/teams', { token: t.adminToken, body: { name: 'Payments' } })).json<{ id: number }>().id;
    const other = (await t.request('POST', '/api/v1/teams', { token: t.adminToken, body: { name: 'Legal' } })).json<{ id: number }>().id;
    agentToken = (await t.agent({ email: 'agent@example.test', role: 'agent', teamIds: [team] })).token;
    lightToken = (await t.agent({ email: 'light@example.test', role: 'light_agent', teamIds: [team] })).token;
    const create = (tags: string[], teamId: number | null) =>
      t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: `About ${tags.join(' ')}`, customer: { email: 'c@example.org' }, message: { body: 'Hello' }, teamId, tags } });
    for (const [tags, teamId] of [[['payout', 'vip'], team], [['payout'], team], [['Payout-Delay'], null], [['lawsuit'], other], [[], team]] as const) {
      assert.equal((await create([...tags], teamId)).statusCode, 201);
    }
  });
  after(() => t.close());

  test('lists the tags in use, most used first, with their counts', async () => {
    const response = await t.request('GET', '/api/v1/tags', { token: t.adminToken });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().items, [
      { name: 'payout', tickets: 2 },
      { name: 'lawsuit', tickets: 1 },
      { name: 'payout-delay', tickets: 1 },
      { name: 'vip', tickets: 1 },
    ]);
  });

  test('an agent sees only the tags of tickets they may see; a light agent may read them too', async () => {
    for (const token of [agentToken, lightToken]) {
      const names = (await t.request('GET', '/api/v1/tags', { token })).json().items.map((tag: { name: string }) => tag.name);
      assert.deepEqual(names, ['payout', 'payout-delay', 'vip'], 'never the Legal team\'s "lawsuit"');
    }
  });

  test('without signing in it answers 401', async () => {
    assert.equal((await t.request('GET', '/api/v1/tags')).statusCode, 401);
  });

  test('a prefix filters in any case, and LIKE wildcards are plain text', async () => {
    const names = async (q: string) => (await t.request('GET', `/api/v1/tags?q=${encodeURIComponent(q)}`, { token: t.adminToken })).json().items.map((tag: { name: string }) => tag.name);
    assert.deepEqual(await names('PAY'), ['payout', 'payout-delay']);
    assert.deepEqual(await names('%'), []);
    assert.deepEqual(await names('_ayout'), []);
    assert.deepEqual((await t.request('GET', '/api/v1/tags?limit=1', { token: t.adminToken })).json().items, [{ name: 'payout', tickets: 2 }]);
  });

  test('bad input answers 400 with a message', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=1e309', `q=${'x'.repeat(101)}`, 'other=1']) {
      const response = await t.request('GET', `/api/v1/tags?${query}`, { token: t.adminToken });
      assert.equal(response.statusCode, 400, query);
      assert.ok(response.json().error.message, query);
    }
  });
});
