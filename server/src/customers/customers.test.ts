import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

interface CustomerJson {
  id: number;
  name: string;
  organizationId: number | null;
  mergedIntoId: number | null;
  identities: Array<{ id: number; kind: string; value: string }>;
  recentTickets?: Array<{ id: number }>;
}

describe('customers API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const post = (path: string, body: unknown) => t.request('POST', path, { token: t.adminToken, body });

  test('creates a customer with identities on several channels, normalized', async () => {
    const response = await post('/api/v1/customers', {
      name: 'Нино Беридзе',
      language: 'ka',
      identities: [
        { kind: 'email', value: ' Nino@Example.GE ' },
        { kind: 'phone', value: '+995 (555) 12-34-56' },
        { kind: 'telegram', value: '@NinoB' },
      ],
    });
    assert.equal(response.statusCode, 201);
    const customer = response.json<CustomerJson>();
    assert.deepEqual(
      customer.identities.map((i) => [i.kind, i.value]),
      [['email', 'nino@example.ge'], ['phone', '+995555123456'], ['telegram', 'ninob']],
    );
    const clash = await post('/api/v1/customers', { identities: [{ kind: 'email', value: 'nino@example.ge' }] });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().error.code, 'identity_taken');
  });

  test('an organization is matched by the email domain', async () => {
    const org = await post('/api/v1/organizations', { name: 'Acme Hosting', domain: 'acme-hosting.test' });
    assert.equal(org.statusCode, 201);
    const customer = (await post('/api/v1/customers', { name: 'Bob', identities: [{ kind: 'email', value: 'bob@acme-hosting.test' }] })).json<CustomerJson>();
    assert.equal(customer.organizationId, org.json().id);
  });

  test('lists with search by name or identity, paginated', async () => {
    for (let i = 0; i < 5; i++) await post('/api/v1/customers', { name: `Searchable ${i}`, identities: [{ kind: 'email', value: `searchable${i}@list.test` }] });
    const byName = await t.request('GET', '/api/v1/customers?q=Searchable&limit=2', { token: t.adminToken });
    assert.equal(byName.statusCode, 200);
    assert.equal(byName.json().items.length, 2);
    const next = await t.request('GET', `/api/v1/customers?q=Searchable&limit=10&cursor=${byName.json().nextCursor}`, { token: t.adminToken });
    assert.equal(next.json().items.length, 3);
    const byEmail = await t.request('GET', '/api/v1/customers?q=searchable3@list', { token: t.adminToken });
    assert.deepEqual(byEmail.json().items.map((c: CustomerJson) => c.name), ['Searchable 3']);
  });

  test('updates fields and identities', async () => {
    const customer = (await post('/api/v1/customers', { name: 'Old', identities: [{ kind: 'email', value: 'old@upd.test' }] })).json<CustomerJson>();
    const response = await t.request('PATCH', `/api/v1/customers/${customer.id}`, {
      token: t.adminToken,
      body: { name: 'New', addIdentities: [{ kind: 'vk', value: 'id12345' }], removeIdentityIds: [customer.identities[0]!.id] },
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().name, 'New');
    assert.deepEqual(response.json().identities.map((i: { kind: string }) => i.kind), ['vk']);
  });

  test('merging moves identities and tickets to the surviving customer', async () => {
    const source = (await post('/api/v1/customers', { name: 'Telegram Ivan', identities: [{ kind: 'telegram', value: 'ivan_tg' }] })).json<CustomerJson>();
    const target = (await post('/api/v1/customers', { name: 'Ivan Petrov', identities: [{ kind: 'email', value: 'ivan@merge.test' }] })).json<CustomerJson>();
    const ticket = (await post('/api/v1/tickets', { subject: 'From telegram', customer: { id: source.id }, message: { body: 'hello from tg' }, channel: 'telegram' })).json<{ id: number }>();
    const merged = await post(`/api/v1/customers/${target.id}/merge`, { sourceId: source.id });
    assert.equal(merged.statusCode, 200);
    assert.deepEqual(merged.json().identities.map((i: { kind: string }) => i.kind).sort(), ['email', 'telegram']);
    assert.ok(merged.json().recentTickets.some((r: { id: number }) => r.id === ticket.id));
    const old = await t.request('GET', `/api/v1/customers/${source.id}`, { token: t.adminToken });
    assert.equal(old.json().mergedIntoId, target.id);
    const detail = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken });
    assert.equal(detail.json().customerId, target.id);
    const again = await post(`/api/v1/customers/${target.id}/merge`, { sourceId: source.id });
    assert.equal(again.statusCode, 409);
    assert.equal((await post(`/api/v1/customers/${target.id}/merge`, { sourceId: target.id })).statusCode, 422);
    // A new message on the merged identity lands on the surviving customer.
    const byTg = await post('/api/v1/tickets', { subject: 'again', customer: { id: source.id }, message: { body: 'x' } });
    assert.equal(byTg.json().customerId, target.id);
  });

  test('a light agent may read customers but not change them', async () => {
    const light = await t.agent({ email: 'light-c@example.test', role: 'light_agent' });
    assert.equal((await t.request('GET', '/api/v1/customers', { token: light.token })).statusCode, 200);
    assert.equal((await t.request('POST', '/api/v1/customers', { token: light.token, body: { name: 'x' } })).statusCode, 403);
  });
});
