import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

// POST /tickets answers with the new ticket built from what the transaction wrote (newTicketDetail),
// not read back: it must be exactly what GET /tickets/:id shows of it, whatever the ticket was opened with.
describe('the answer to opening a ticket', () => {
  let t: TestApp;
  let teamId: number;
  let agent: { id: number; token: string };
  before(async () => {
    t = await startTestApp();
    teamId = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number }> }>().items[0]!.id;
    agent = await t.agent({ email: 'nino@desk.test', role: 'agent', teamIds: [teamId] });
    await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'support@desk.test', name: 'Support' } });
  });
  after(() => t.close());

  const cases: Array<[string, () => Record<string, unknown>]> = [
    ['a new customer by email', () => ({ subject: 'Payout is late', customer: { email: 'Ivan@Partner.test', name: 'Ivan' }, message: { body: 'Where is my payout?' } })],
    ['the same customer again, by email', () => ({ subject: 'Still late', customer: { email: 'ivan@partner.test' }, message: { html: '<p>Any <b>news</b>?</p>' } })],
    ['a customer by phone only (no email to reply to)', () => ({ subject: 'Called about a refund', customer: { phone: '+995 555 12 34 56', name: 'Nino' }, message: { body: 'Wants the annual plan refunded.', as: 'note' } })],
    ['a team, an assignee, tags and a language', () => ({ subject: 'Сайт недоступен', customer: { email: 'olga@shop.test' }, message: { body: 'С утра не открывается.' }, teamId, assigneeId: agent.id, tags: ['VIP', 'site'], priority: 'high', language: 'ru' })],
  ];
  for (const [name, body] of cases) {
    test(`is what GET /tickets/:id shows: ${name}`, async () => {
      const created = await t.request('POST', '/api/v1/tickets', { token: agent.token, body: body() });
      assert.equal(created.statusCode, 201, created.body);
      const ticket = created.json<{ id: number }>();
      const read = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token });
      assert.equal(read.statusCode, 200);
      assert.deepEqual(created.json(), read.json());
    });
  }

  test('by an existing customer id: the same, with an Idempotency-Key replaying it', async () => {
    const first = (await t.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: 'First', customer: { email: 'keti@shop.test' }, message: { body: 'Hello' } } })).json<{ customerId: number }>();
    const body = { subject: 'Second', customer: { id: first.customerId }, message: { body: 'Hello again' } };
    const created = await t.request('POST', '/api/v1/tickets', { token: agent.token, body, headers: { 'idempotency-key': 'second-ticket' } });
    assert.equal(created.statusCode, 201);
    const again = await t.request('POST', '/api/v1/tickets', { token: agent.token, body, headers: { 'idempotency-key': 'second-ticket' } });
    const read = await t.request('GET', `/api/v1/tickets/${created.json<{ id: number }>().id}`, { token: agent.token });
    assert.deepEqual(created.json(), read.json());
    assert.deepEqual(again.json(), read.json());
  });
});
