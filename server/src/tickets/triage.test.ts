import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { addMessage } from './verbs.ts';

interface Row {
  id: number;
  number: number;
  lastMessagePreview: string;
  lastMessageAuthor: 'customer' | 'agent' | 'note' | null;
  customerWaitingSince: string | null;
  unread: boolean;
}

interface Detail {
  id: number;
  customer: { id: number; name: string; email: string | null };
  customerId: number;
  channel: string;
  lastMessageAuthor: string | null;
  customerWaitingSince: string | null;
  messages: Array<{ internal: boolean; direction: string; authorAgentId: number | null }>;
}

describe('triage: inbox rows and read markers', () => {
  let t: TestApp;
  const clock = new TestClock();
  let nino: { id: number; token: string };
  let light: { id: number; token: string };
  let outsider: { id: number; token: string };
  let secondLine: number;

  before(async () => {
    t = await startTestApp({ clock });
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number; name: string }> }>().items;
    const firstLine = teams.find((team) => team.name === 'First line')!.id;
    secondLine = teams.find((team) => team.name === 'Second line')!.id;
    nino = await t.agent({ email: 'nino@triage.test', role: 'agent', teamIds: [firstLine] });
    light = await t.agent({ email: 'light@triage.test', role: 'light_agent', teamIds: [firstLine] });
    outsider = await t.agent({ email: 'outsider@triage.test', role: 'agent', teamIds: [firstLine] });
  });
  after(() => t.close());

  const rowOf = async (id: number, token: string) => {
    const response = await t.request('GET', '/api/v1/tickets?view=all&limit=100', { token });
    assert.equal(response.statusCode, 200);
    const row = response.json<{ items: Row[] }>().items.find((item) => item.id === id);
    assert.ok(row, `ticket ${id} is in the list`);
    return row;
  };
  /** A customer's message (as a channel adapter adds it); returns when it was written. */
  const customerWrites = async (ticketId: number, text: string) => {
    const at = clock.now();
    await t.frontline.ctx.db.transaction().execute((tx) => addMessage(tx, ticketId, { direction: 'inbound', bodyText: text }, { kind: 'customer' }, at));
    return at;
  };
  const create = (body: Record<string, unknown>, token = t.adminToken) => t.request('POST', '/api/v1/tickets', { token, body });

  test('preview, author, waiting and unread follow customer message → agent reply → customer message', async () => {
    const created = await create({ subject: 'Card charged twice', customer: { email: 'eka@triage.test', name: 'Eka' }, message: { body: 'Hello,\n\nmy card was charged twice for order 5512.' } });
    assert.equal(created.statusCode, 201);
    const { id, createdAt } = created.json<Detail & { createdAt: string }>();

    let row = await rowOf(id, t.adminToken);
    assert.equal(row.lastMessagePreview, 'Hello, my card was charged twice for order 5512.');
    assert.equal(row.lastMessageAuthor, 'customer');
    assert.equal(row.customerWaitingSince, createdAt);
    assert.equal(row.unread, false, 'whoever opens a ticket has read it');
    assert.equal((await rowOf(id, nino.token)).unread, true, 'a colleague has not opened it yet');

    clock.advance(20 * 60_000);
    const reply = await t.request('POST', `/api/v1/tickets/${id}/messages`, { token: t.adminToken, body: { body: 'Sorry about that! The second charge is refunded.' } });
    assert.equal(reply.statusCode, 201);
    row = await rowOf(id, t.adminToken);
    assert.equal(row.lastMessagePreview, 'Sorry about that! The second charge is refunded.');
    assert.equal(row.lastMessageAuthor, 'agent');
    assert.equal(row.customerWaitingSince, null, 'nobody waits once the agent answered');

    clock.advance(60 * 60_000);
    const wrote = await customerWrites(id, 'Thanks, but I still see both charges.');
    row = await rowOf(id, t.adminToken);
    assert.equal(row.lastMessageAuthor, 'customer');
    assert.equal(row.customerWaitingSince, wrote.toISOString());
    assert.equal(row.unread, true, 'the customer wrote after the agent last opened it');

    clock.advance(30 * 60_000);
    await customerWrites(id, 'Hello? Any news?');
    row = await rowOf(id, t.adminToken);
    assert.equal(row.lastMessagePreview, 'Hello? Any news?');
    assert.equal(row.customerWaitingSince, wrote.toISOString(), 'the wait runs from the first unanswered message');

    const note = await t.request('POST', `/api/v1/tickets/${id}/messages`, { token: t.adminToken, body: { body: 'Asked billing to check.', internal: true } });
    assert.equal(note.statusCode, 201);
    row = await rowOf(id, t.adminToken);
    assert.equal(row.lastMessageAuthor, 'note');
    assert.equal(row.customerWaitingSince, wrote.toISOString(), 'a note is no answer to the customer');

    assert.equal((await t.request('PUT', `/api/v1/tickets/${id}/read`, { token: t.adminToken })).statusCode, 204);
    assert.equal((await rowOf(id, t.adminToken)).unread, false);
    assert.equal((await rowOf(id, nino.token)).unread, true, 'read markers are per agent');
    assert.equal((await t.request('PUT', `/api/v1/tickets/${id}/read`, { token: nino.token })).statusCode, 204);
    assert.equal((await rowOf(id, nino.token)).unread, false);

    clock.advance(60_000);
    await customerWrites(id, 'Found it, all good now.');
    assert.equal((await rowOf(id, t.adminToken)).unread, true);
    assert.equal((await rowOf(id, nino.token)).unread, true);
  });

  test('opening a ticket again and again writes its read marker once', async () => {
    const id = (await create({ subject: 'Marker', customer: { email: 'marker@triage.test' }, message: { body: 'Once' } }, nino.token)).json<Detail>().id;
    const marker = () => t.frontline.ctx.db.selectFrom('ticket_reads').select('read_at').where('agent_id', '=', light.id).where('ticket_id', '=', id).execute();
    await t.request('PUT', `/api/v1/tickets/${id}/read`, { token: light.token });
    const first = await marker();
    assert.equal(first.length, 1);
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      assert.equal((await t.request('PUT', `/api/v1/tickets/${id}/read`, { token: light.token })).statusCode, 204);
    }
    assert.deepEqual(await marker(), first, 'nothing new from the customer: no write');
    await customerWrites(id, 'Twice');
    clock.advance(1000);
    await t.request('PUT', `/api/v1/tickets/${id}/read`, { token: light.token });
    const after = await marker();
    assert.ok(after[0]!.read_at > first[0]!.read_at, 'a new customer message moves the marker on the next open');
  });

  test('marking read: anyone who may see the ticket, nobody else; bad ids answer 400 or 404', async () => {
    const id = (await create({ subject: 'Second line only', customer: { email: 'second@triage.test' }, message: { body: 'For the experts' }, teamId: secondLine })).json<Detail>().id;
    assert.equal((await t.request('PUT', `/api/v1/tickets/${id}/read`, { token: t.adminToken })).statusCode, 204);
    const refused = await t.request('PUT', `/api/v1/tickets/${id}/read`, { token: outsider.token });
    assert.equal(refused.statusCode, 403, 'a ticket of another team stays out of reach');
    assert.match(refused.json<{ error: { message: string } }>().error.message, /team/);
    assert.equal((await t.request('PUT', `/api/v1/tickets/${id}/read`)).statusCode, 401);
    assert.equal((await t.request('PUT', '/api/v1/tickets/999999/read', { token: nino.token })).statusCode, 404);
    for (const bad of ['abc', '0', '1e309', '-1']) {
      const response = await t.request('PUT', `/api/v1/tickets/${bad}/read`, { token: nino.token });
      assert.equal(response.statusCode, 400, bad);
      assert.ok(response.json<{ error: { message: string } }>().error.message.length > 0);
    }
  });

  test('New ticket: a phone call from a new customer, found again by the phone, the call described in a note', async () => {
    const response = await create(
      { subject: 'Cannot sign in', channel: 'phone', customer: { name: 'Giorgi Phone', phone: '+995 555 12-34-56' }, message: { body: 'Called at 10:05, locked out after a password reset.', as: 'note' }, priority: 'high' },
      nino.token,
    );
    assert.equal(response.statusCode, 201, response.body);
    const ticket = response.json<Detail>();
    assert.equal(ticket.channel, 'phone');
    assert.equal(ticket.customer.name, 'Giorgi Phone');
    assert.equal(ticket.messages[0]!.internal, true);
    assert.equal(ticket.messages[0]!.authorAgentId, nino.id);
    assert.equal(ticket.lastMessageAuthor, 'note');
    assert.equal(ticket.customerWaitingSince, null);
    const identities = (await t.request('GET', `/api/v1/customers/${ticket.customerId}`, { token: t.adminToken })).json<{ identities: Array<{ kind: string; value: string }> }>().identities;
    assert.deepEqual(identities.map((identity) => [identity.kind, identity.value]), [['phone', '+995555123456']]);

    const again = await create({ subject: 'Second call', channel: 'phone', customer: { phone: '+995555123456' }, message: { body: 'Calls again' } }, nino.token);
    assert.equal(again.json<Detail>().customerId, ticket.customerId, 'the same number finds the same customer');
    const both = await create({ subject: 'Walk-in', channel: 'web', customer: { email: 'eka@triage.test', phone: '+995 599 00 00 00' }, message: { body: 'At the desk' } }, nino.token);
    assert.equal(both.json<Detail>().customer.email, 'eka@triage.test', 'an existing customer is found by the email');
    const byId = await create({ subject: 'By id', channel: 'phone', customer: { id: ticket.customerId }, message: { body: 'Third call' } }, nino.token);
    assert.equal(byId.json<Detail>().customerId, ticket.customerId);
  });

  test('the migration backfill gives the tickets made above what the verbs gave them', async () => {
    const db = t.frontline.ctx.db;
    const columns = ['id', 'last_message_preview', 'last_message_author', 'customer_waiting_since'] as const;
    const kept = await db.selectFrom('tickets').select(columns).orderBy('id').execute();
    assert.ok(kept.some((row) => row.customer_waiting_since !== null) && kept.some((row) => row.last_message_author === 'note'));
    const migration = fs.readFileSync(new URL('../db/migrations/0016_ticket_triage.sql', import.meta.url), 'utf8');
    const backfill = migration.match(/^UPDATE tickets[\s\S]*?;$/gm);
    assert.equal(backfill?.length, 2);
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('tickets').set({ last_message_preview: '', last_message_author: null, customer_waiting_since: null }).execute();
      for (const statement of backfill!) await sql.raw(statement).execute(tx);
    });
    assert.deepEqual(await db.selectFrom('tickets').select(columns).orderBy('id').execute(), kept);
  });

  test('New ticket: light agents may not; bad customers and messages answer 4xx with words', async () => {
    const base = { subject: 'Phone', channel: 'phone', customer: { phone: '+995 555 00 11 22', name: 'X' }, message: { body: 'Hi' } };
    const refused = await create(base, light.token);
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json<{ error: { message: string } }>().error.message, /light agent/);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ ...base, customer: { name: 'Nobody' } }, 422, 'customer_required'],
      [{ ...base, customer: { phone: '12' } }, 422, 'invalid_phone'],
      [{ ...base, customer: { phone: '1'.repeat(30) } }, 422, 'invalid_phone'],
      [{ ...base, customer: { phone: 'call me' } }, 400, ''],
      [{ ...base, customer: { id: 999999 } }, 422, 'customer_not_found'],
      [{ ...base, message: { body: 'x', as: 'agent' } }, 400, ''],
      [{ ...base, message: { as: 'note' } }, 422, 'empty_message'],
      [{ ...base, channel: 'fax' }, 400, ''],
      [{ ...base, assigneeId: light.id }, 422, 'agent_cannot_take_tickets'],
    ];
    for (const [body, status, code] of cases) {
      const response = await create(body, nino.token);
      assert.equal(response.statusCode, status, JSON.stringify(body));
      const error = response.json<{ error: { code: string; message: string } }>().error;
      if (code) assert.equal(error.code, code);
      assert.ok(error.message.length > 0);
    }
  });
});
