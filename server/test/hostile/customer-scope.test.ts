// A customer's tickets and contact details belong to the teams that serve them: other agents do
// not see those tickets listed on the customer, and cannot re-address (identities, merge) the
// customer's replies. Every change is in the customer's history and the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../harness.ts';

interface Detail {
  id: number;
  identities: Array<{ id: number; kind: string; value: string }>;
  recentTickets: Array<{ id: number }>;
}
interface AuditJson {
  action: string;
  actor: { id: number; name: string | null } | null;
  subject: { type: string; id: number };
  before: unknown;
  after: unknown;
  clientAddress?: string | null;
}

describe('customers across teams', () => {
  let t: TestApp;
  let teams: number[];
  let seq = 0;
  before(async () => {
    t = await startTestApp();
    teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number }> }>().items.map((team) => team.id);
  });
  after(() => t.close());

  const customerWith = async (teamIds: Array<number | null>) => {
    const email = `person${++seq}@scope.test`;
    const ids: number[] = [];
    let customerId = 0;
    for (const teamId of teamIds) {
      const ticket = (await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: `T${seq}`, customer: { email }, message: { body: 'hi' }, teamId } })).json<{ id: number; customerId: number }>();
      ids.push(ticket.id);
      customerId = ticket.customerId;
    }
    return { customerId, ticketIds: ids };
  };
  const auditOf = async (customerId: number) =>
    (await t.request('GET', `/api/v1/admin/audit?subjectType=customer&subjectId=${customerId}`, { token: t.adminToken })).json<{ items: AuditJson[] }>().items;

  test('a customer lists only the tickets the caller may see, on read, change and merge', async () => {
    const agent = await t.agent({ email: 'reader@scope.test', role: 'agent', teamIds: [teams[0]!] });
    const { customerId, ticketIds: [own, hidden] } = await customerWith([teams[0]!, teams[1]!]);
    const read = (await t.request('GET', `/api/v1/customers/${customerId}`, { token: agent.token })).json<Detail>();
    assert.deepEqual(read.recentTickets.map((ticket) => ticket.id), [own]);
    const changed = await t.request('PATCH', `/api/v1/customers/${customerId}`, { token: agent.token, body: { name: 'Renamed' } });
    assert.deepEqual(changed.json<Detail>().recentTickets.map((ticket) => ticket.id), [own]);
    const other = await customerWith([teams[1]!]);
    const merged = await t.request('POST', `/api/v1/customers/${customerId}/merge`, { token: t.adminToken, body: { sourceId: other.customerId } });
    assert.equal(merged.json<Detail>().recentTickets.length, 3, 'the admin sees all three');
    const afterMerge = (await t.request('GET', `/api/v1/customers/${customerId}`, { token: agent.token })).json<Detail>();
    assert.deepEqual(afterMerge.recentTickets.map((ticket) => ticket.id), [own]);
    assert.ok(hidden);
  });

  test('an agent outside the customer\'s teams cannot change their identities or merge them (403 customer_out_of_scope)', async () => {
    const outsider = await t.agent({ email: 'outsider@scope.test', role: 'agent', teamIds: [teams[0]!] });
    const { customerId } = await customerWith([teams[1]!]);
    const before = (await t.request('GET', `/api/v1/customers/${customerId}`, { token: t.adminToken })).json<Detail>();
    const redirect = await t.request('PATCH', `/api/v1/customers/${customerId}`, { token: outsider.token, body: { addIdentities: [{ kind: 'email', value: 'attacker@evil.test' }] } });
    assert.equal(redirect.statusCode, 403);
    assert.equal(redirect.json().error.code, 'customer_out_of_scope');
    const removal = await t.request('PATCH', `/api/v1/customers/${customerId}`, { token: outsider.token, body: { removeIdentityIds: [before.identities[0]!.id] } });
    assert.equal(removal.json().error.code, 'customer_out_of_scope');
    const mine = await customerWith([teams[0]!]);
    for (const [target, source] of [[mine.customerId, customerId], [customerId, mine.customerId]]) {
      const merge = await t.request('POST', `/api/v1/customers/${target}/merge`, { token: outsider.token, body: { sourceId: source } });
      assert.equal(merge.statusCode, 403);
      assert.equal(merge.json().error.code, 'customer_out_of_scope');
    }
    const now = (await t.request('GET', `/api/v1/customers/${customerId}`, { token: t.adminToken })).json<Detail>();
    assert.deepEqual(now.identities, before.identities, 'nothing changed');
    assert.deepEqual(await auditOf(customerId), [], 'nothing recorded');
  });

  test('a team member, a supervisor, or anyone for a customer without tickets may change identities; each change is audited and in the history', async () => {
    const member = await t.agent({ email: 'member@scope.test', role: 'agent', teamIds: [teams[1]!] });
    const supervisor = await t.agent({ email: 'super@scope.test', role: 'supervisor', teamIds: [] });
    const { customerId } = await customerWith([teams[1]!]);
    const added = await t.request('PATCH', `/api/v1/customers/${customerId}`, { token: member.token, body: { addIdentities: [{ kind: 'phone', value: '+995 555 000 111' }] } });
    assert.equal(added.statusCode, 200);
    const phone = added.json<Detail>().identities.find((identity) => identity.kind === 'phone')!;
    assert.equal((await t.request('PATCH', `/api/v1/customers/${customerId}`, { token: supervisor.token, body: { removeIdentityIds: [phone.id] } })).statusCode, 200);
    const entries = await auditOf(customerId);
    assert.deepEqual(entries.map((entry) => [entry.action, entry.actor?.id]), [['customer.identity_changed', supervisor.id], ['customer.identity_changed', member.id]]);
    assert.deepEqual(entries[1]!.after, [{ kind: 'email', value: `person${seq}@scope.test` }, { kind: 'phone', value: '+995555000111' }]);
    assert.deepEqual(entries[1]!.before, [{ kind: 'email', value: `person${seq}@scope.test` }]);
    assert.equal(entries[1]!.clientAddress, '127.0.0.1');
    const history = (await t.request('GET', `/api/v1/customers/${customerId}/history`, { token: member.token })).json<{ items: AuditJson[] }>();
    assert.deepEqual(history.items.map((entry) => entry.action), ['customer.identity_changed', 'customer.identity_changed']);
    assert.ok(!('clientAddress' in history.items[0]!), 'the client address is for the audit log only');

    const outsider = await t.agent({ email: 'newcontact@scope.test', role: 'agent', teamIds: [teams[0]!] });
    const lonely = (await t.request('POST', '/api/v1/customers', { token: t.adminToken, body: { name: 'No tickets yet' } })).json<{ id: number }>();
    assert.equal((await t.request('PATCH', `/api/v1/customers/${lonely.id}`, { token: outsider.token, body: { addIdentities: [{ kind: 'email', value: 'lonely@scope.test' }] } })).statusCode, 200);
  });

  test('a merge is recorded on both customers with the identities that moved', async () => {
    const { customerId: target } = await customerWith([teams[0]!]);
    const { customerId: source } = await customerWith([teams[0]!]);
    assert.equal((await t.request('POST', `/api/v1/customers/${target}/merge`, { token: t.adminToken, body: { sourceId: source } })).statusCode, 200);
    for (const id of [target, source]) {
      const [entry] = await auditOf(id);
      assert.equal(entry!.action, 'customer.merged');
      assert.deepEqual((entry!.after as { sourceId: number; targetId: number }).targetId, target);
    }
  });

  test('the customer history answers 404 for an unknown customer and 400 for a bad cursor', async () => {
    assert.equal((await t.request('GET', '/api/v1/customers/999999/history', { token: t.adminToken })).json().error.code, 'customer_not_found');
    const { customerId } = await customerWith([null]);
    const bad = await t.request('GET', `/api/v1/customers/${customerId}/history?cursor=nonsense`, { token: t.adminToken });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'invalid_cursor');
  });
});
