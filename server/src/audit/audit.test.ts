import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

interface Entry {
  id: number;
  action: string;
  actor: { id: number; name: string | null } | null;
  subject: { type: string; id: number | null };
  before: unknown;
  after: unknown;
  clientAddress?: string | null;
}
type Page = { items: Entry[]; nextCursor: string | null };

describe('the audit log', () => {
  let t: TestApp;
  let adminId: number;
  before(async () => {
    t = await startTestApp();
    adminId = (await t.request('GET', '/api/v1/me', { token: t.adminToken })).json<{ id: number }>().id;
  });
  after(() => t.close());

  const list = (query = '', token = t.adminToken) => t.request('GET', `/api/v1/admin/audit${query}`, { token });

  test('role, team and activation changes of agents and team members are recorded with who, before and after', async () => {
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number; agentIds: number[] }> }>().items;
    const agent = await t.agent({ email: 'audited@example.test', role: 'agent', teamIds: [teams[0]!.id] });
    await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: t.adminToken, body: { role: 'supervisor', teamIds: [teams[1]!.id], active: false, password: 'another password 789' } });
    await t.request('PATCH', `/api/v1/teams/${teams[2]!.id}`, { token: t.adminToken, body: { agentIds: [...teams[2]!.agentIds, agent.id] } });
    const about = (await list(`?subjectType=agent&subjectId=${agent.id}`)).json<Page>().items;
    assert.deepEqual(about.map((entry) => entry.action).sort(), ['agent.created', 'agent.deactivated', 'agent.password_changed', 'agent.role_changed', 'agent.teams_changed']);
    const role = about.find((entry) => entry.action === 'agent.role_changed')!;
    assert.deepEqual([role.before, role.after], [{ role: 'agent' }, { role: 'supervisor' }]);
    assert.deepEqual(role.actor, { id: adminId, name: 'Admin' });
    assert.equal(role.clientAddress, '127.0.0.1');
    const password = about.find((entry) => entry.action === 'agent.password_changed')!;
    assert.deepEqual([password.before, password.after], [null, null], 'never the password');
    const staffed = (await list(`?action=team.members_changed&subjectId=${teams[2]!.id}`)).json<Page>().items;
    assert.equal(staffed.length, 1);
    assert.deepEqual((staffed[0]!.after as { agentIds: number[] }).agentIds.includes(agent.id), true);
  });

  test('creating and revoking an API token is recorded, never the token itself', async () => {
    const owner = await t.agent({ email: 'tokens@example.test', role: 'agent' });
    const created = (await t.request('POST', '/api/v1/me/tokens', { token: owner.token, body: { name: 'ci' } })).json<{ id: number; token: string }>();
    await t.request('DELETE', `/api/v1/me/tokens/${created.id}`, { token: owner.token });
    const entries = (await list(`?actorId=${owner.id}&subjectType=token`)).json<Page>().items;
    assert.deepEqual(entries.map((entry) => entry.action), ['token.revoked', 'token.created']);
    assert.ok(!JSON.stringify(entries).includes(created.token), 'the secret is not in the log');
  });

  test('pages newest first with a cursor, each entry once', async () => {
    for (let i = 0; i < 5; i++) await t.request('POST', '/api/v1/me/tokens', { token: t.adminToken, body: { name: `page ${i}` } });
    const first = (await list('?action=token.created&actorId=' + adminId + '&limit=3')).json<Page>();
    assert.equal(first.items.length, 3);
    const second = (await list(`?action=token.created&actorId=${adminId}&limit=3&cursor=${first.nextCursor}`)).json<Page>();
    assert.equal(second.items.length, 2);
    assert.equal(second.nextCursor, null);
    const ids = [...first.items, ...second.items].map((entry) => entry.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.equal(new Set(ids).size, 5);
  });

  test('only admins read it', async () => {
    for (const role of ['supervisor', 'agent', 'light_agent']) {
      const { token } = await t.agent({ email: `${role}-audit@example.test`, role });
      const response = await list('', token);
      assert.equal(response.statusCode, 403, role);
      assert.equal(response.json().error.code, 'forbidden');
    }
    assert.equal((await list('', '')).statusCode, 401);
  });

  test('bad filters answer 400 with a code, never 500', async () => {
    for (const query of ['?action=customer.deleted', '?subjectType=planet', '?actorId=abc', '?actorId=0', '?limit=0', '?limit=1000', '?cursor=%%%', '?cursor=WzEsMl0', '?color=red']) {
      const response = await list(query);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.equal(typeof response.json().error.code, 'string');
    }
  });
});
