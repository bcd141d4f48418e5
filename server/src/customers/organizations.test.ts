// Organizations through the API: search and pages, one with its customers and tickets, renaming
// and a new domain; who may change them, and bad input answering 4xx.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

interface OrganizationJson {
  id: number;
  name: string;
  domain: string | null;
  customerCount?: number;
}

describe('organizations API', () => {
  let t: TestApp;
  let light: { token: string };
  let agent: { token: string };
  before(async () => {
    t = await startTestApp();
    light = await t.agent({ email: 'light-org@example.test', role: 'light_agent' });
    agent = await t.agent({ email: 'agent-org@example.test', role: 'agent' });
  });
  after(() => t.close());

  const post = (path: string, body: unknown, token = t.adminToken) => t.request('POST', path, { token, body });
  const newOrganization = async (name: string, domain: string | null) => {
    const response = await post('/api/v1/organizations', { name, domain });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<OrganizationJson>();
  };

  test('one organization with its customer count, its customers and its tickets, on every channel', async () => {
    const org = await newOrganization('Kavkaz Travel', 'kavkaz.test');
    const customer = (await post('/api/v1/customers', { name: 'Giorgi', identities: [{ kind: 'email', value: 'giorgi@kavkaz.test' }, { kind: 'telegram', value: 'giorgi_k' }] })).json<{ id: number }>();
    const byMail = (await post('/api/v1/tickets', { subject: 'Booking 4', customer: { id: customer.id }, message: { body: 'mail' }, channel: 'email' })).json<{ id: number }>();
    const byTelegram = (await post('/api/v1/tickets', { subject: 'Booking 5', customer: { id: customer.id }, message: { body: 'tg' }, channel: 'telegram' })).json<{ id: number }>();

    const one = await t.request('GET', `/api/v1/organizations/${org.id}`, { token: light.token });
    assert.equal(one.statusCode, 200);
    assert.deepEqual({ ...one.json<OrganizationJson>(), createdAt: undefined }, { id: org.id, name: 'Kavkaz Travel', domain: 'kavkaz.test', customerCount: 1, createdAt: undefined });
    const customers = await t.request('GET', `/api/v1/customers?organizationId=${org.id}`, { token: light.token });
    assert.deepEqual(customers.json<{ items: Array<{ id: number }> }>().items.map((c) => c.id), [customer.id]);
    const tickets = await t.request('GET', `/api/v1/tickets?organizationId=${org.id}&sort=-created`, { token: light.token });
    assert.equal(tickets.statusCode, 200, tickets.body);
    assert.deepEqual(tickets.json<{ items: Array<{ id: number }> }>().items.map((x) => x.id), [byTelegram.id, byMail.id]);
  });

  test("a customer moved to another organization takes their tickets along, so the organization's list stays true", async () => {
    const from = await newOrganization('Old Co', 'old-co.test');
    const to = await newOrganization('New Co', null);
    const customer = (await post('/api/v1/customers', { identities: [{ kind: 'email', value: 'mover@old-co.test' }] })).json<{ id: number; organizationId: number }>();
    assert.equal(customer.organizationId, from.id);
    await post('/api/v1/tickets', { subject: 'Moving', customer: { id: customer.id }, message: { body: 'x' } });
    const moved = await t.request('PATCH', `/api/v1/customers/${customer.id}`, { token: agent.token, body: { organizationId: to.id } });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(moved.json().organization, { id: to.id, name: 'New Co', domain: null });
    const list = async (id: number) => (await t.request('GET', `/api/v1/tickets?organizationId=${id}`, { token: t.adminToken })).json<{ items: unknown[] }>().items.length;
    assert.equal(await list(from.id), 0);
    assert.equal(await list(to.id), 1);
  });

  test('renames and changes the domain; a domain another organization has answers 409; a missing one 404', async () => {
    const org = await newOrganization('Typo Ltd', 'typo.test');
    await newOrganization('Taken', 'taken.test');
    const renamed = await t.request('PATCH', `/api/v1/organizations/${org.id}`, { token: agent.token, body: { name: '  Tipo Ltd ', domain: 'Tipo.Test' } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json<OrganizationJson>().name, 'Tipo Ltd');
    assert.equal(renamed.json<OrganizationJson>().domain, 'tipo.test');
    const joined = (await post('/api/v1/customers', { identities: [{ kind: 'email', value: 'new@tipo.test' }] })).json<{ organizationId: number }>();
    assert.equal(joined.organizationId, org.id, 'new customers of the new domain join it');
    const clash = await t.request('PATCH', `/api/v1/organizations/${org.id}`, { token: agent.token, body: { domain: 'TAKEN.test' } });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().error.code, 'organization_exists');
    assert.match(clash.json().error.message, /Taken/);
    assert.equal((await t.request('PATCH', `/api/v1/organizations/${org.id}`, { token: agent.token, body: { domain: null } })).json<OrganizationJson>().domain, null);
    const missing = await t.request('PATCH', '/api/v1/organizations/99999999', { token: agent.token, body: { name: 'x' } });
    assert.equal(missing.statusCode, 404);
    assert.equal((await t.request('GET', '/api/v1/organizations/99999999', { token: agent.token })).statusCode, 404);
    const createClash = await post('/api/v1/organizations', { name: 'Again', domain: 'taken.test' });
    assert.equal(createClash.statusCode, 409);
  });

  test('a light agent reads organizations but may not create or change them; no one signed out reads them', async () => {
    const org = await newOrganization('Readable', null);
    assert.equal((await t.request('GET', '/api/v1/organizations', { token: light.token })).statusCode, 200);
    assert.equal((await t.request('PATCH', `/api/v1/organizations/${org.id}`, { token: light.token, body: { name: 'No' } })).statusCode, 403);
    assert.equal((await post('/api/v1/organizations', { name: 'No' }, light.token)).statusCode, 403);
    assert.equal((await t.request('GET', `/api/v1/organizations/${org.id}`)).statusCode, 401);
  });

  test('lists by name with search by name or domain, in pages', async () => {
    for (const name of ['Paged C', 'Paged A', 'Paged B']) await newOrganization(name, `${name.replace(' ', '-').toLowerCase()}.test`);
    const first = await t.request('GET', '/api/v1/organizations?q=paged&limit=2', { token: t.adminToken });
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json<{ items: OrganizationJson[] }>().items.map((o) => o.name), ['Paged A', 'Paged B']);
    const next = await t.request('GET', `/api/v1/organizations?q=paged&limit=2&cursor=${first.json().nextCursor}`, { token: t.adminToken });
    assert.deepEqual(next.json<{ items: OrganizationJson[] }>().items.map((o) => o.name), ['Paged C']);
    assert.equal(next.json().nextCursor, null);
    const byDomain = await t.request('GET', '/api/v1/organizations?q=paged-b.test', { token: t.adminToken });
    assert.deepEqual(byDomain.json<{ items: OrganizationJson[] }>().items.map((o) => o.name), ['Paged B']);
    const percent = await t.request('GET', '/api/v1/organizations?q=%25', { token: t.adminToken });
    assert.deepEqual(percent.json<{ items: unknown[] }>().items, [], 'a % is a character, not a wildcard');
  });

  test('bad input answers 400 with a message', async () => {
    const org = await newOrganization('Strict', null);
    const cases: Array<[string, string, unknown]> = [
      ['PATCH', `/api/v1/organizations/${org.id}`, {}],
      ['PATCH', `/api/v1/organizations/${org.id}`, { name: '' }],
      ['PATCH', `/api/v1/organizations/${org.id}`, { domain: 'not a domain' }],
      ['PATCH', `/api/v1/organizations/${org.id}`, { name: 'x', color: 'red' }],
      ['PATCH', `/api/v1/organizations/${org.id}`, { name: 'x'.repeat(201) }],
      ['GET', '/api/v1/organizations?cursor=garbage', undefined],
      ['GET', '/api/v1/organizations?limit=0', undefined],
      ['GET', '/api/v1/organizations/abc', undefined],
      ['GET', '/api/v1/tickets?organizationId=abc', undefined],
    ];
    for (const [method, path, body] of cases) {
      const response = await t.request(method, path, { token: t.adminToken, ...(body !== undefined && { body }) });
      assert.equal(response.statusCode, 400, `${method} ${path} ${JSON.stringify(body)}: ${response.body}`);
      assert.ok(response.json().error.message);
    }
  });
});
