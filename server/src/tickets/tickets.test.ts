import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

interface TicketJson {
  id: number;
  number: number;
  status: string;
  assigneeId: number | null;
  teamId: number | null;
  tags: string[];
  language: string | null;
  customer: { id: number; email: string | null };
  messages: Array<{ id: number; internal: boolean; bodyText: string; bodyHtml: string | null; direction: string; deliveryStatus: string | null }>;
}

describe('tickets API', () => {
  let t: TestApp;
  let firstLine: number;
  let secondLine: number;
  before(async () => {
    t = await startTestApp();
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number; name: string }> }>().items;
    firstLine = teams.find((team) => team.name === 'First line')!.id;
    secondLine = teams.find((team) => team.name === 'Second line')!.id;
  });
  after(() => t.close());

  const create = (body: Record<string, unknown>, token = t.adminToken, headers: Record<string, string> = {}) =>
    t.request('POST', '/api/v1/tickets', { token, body, headers });

  test('creates a ticket with its first message for a new customer given by email', async () => {
    const response = await create({ subject: 'Payout is late', customer: { email: 'Webmaster@Partner.test', name: 'Ivan' }, message: { body: 'Where is my payout for October?' } });
    assert.equal(response.statusCode, 201);
    const ticket = response.json<TicketJson>();
    assert.ok(ticket.number >= 1000);
    assert.equal(ticket.status, 'new');
    assert.equal(ticket.customer.email, 'webmaster@partner.test');
    assert.equal(ticket.messages.length, 1);
    assert.equal(ticket.messages[0]!.direction, 'inbound');
    assert.equal(ticket.language, 'en');
    const again = await create({ subject: 'Second question', customer: { email: 'webmaster@partner.test' }, message: { body: 'And another thing' } });
    assert.equal(again.json<TicketJson>().customer.id, ticket.customer.id, 'the same customer is found again by email');
  });

  test('detects Russian and Georgian and sanitizes HTML', async () => {
    const ru = await create({ subject: 'Не приходят выплаты', customer: { email: 'ru@example.test' }, message: { body: 'Здравствуйте, не приходят выплаты' } });
    assert.equal(ru.json<TicketJson>().language, 'ru');
    const ka = await create({ subject: 'გადახდა', customer: { email: 'ka@example.test' }, message: { body: 'გამარჯობა, გადახდა ვერ მოხერხდა' } });
    assert.equal(ka.json<TicketJson>().language, 'ka');
    const html = await create({
      subject: 'HTML',
      customer: { email: 'html@example.test' },
      message: { html: '<p onclick="x()">Hello <b>there</b><script>alert(1)</script><img src="https://tracker.example/p.gif"></p>' },
    });
    const message = html.json<TicketJson>().messages[0]!;
    assert.equal(message.bodyHtml, '<p>Hello <b>there</b><img /></p>');
    assert.equal(message.bodyText, 'Hello there');
  });

  test('reply, note, assign, search by a word of the message, and history', async () => {
    const agent = await t.agent({ email: 'anna@example.test', role: 'agent', teamIds: [firstLine] });
    const ticket = (await create({ subject: 'Refund request', customer: { email: 'buyer@shop.test' }, message: { body: 'Please refund order 4471, the parcel never arrived' }, teamId: firstLine })).json<TicketJson>();

    const reply = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agent.token, body: { body: 'We are checking with the courier.' } });
    assert.equal(reply.statusCode, 201);
    assert.equal(reply.json().internal, false);
    assert.equal(reply.json().direction, 'outbound');
    const note = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agent.token, body: { body: 'Courier says lost', internal: true } });
    assert.equal(note.statusCode, 201);
    assert.equal(note.json().internal, true);
    assert.equal(note.json().deliveryStatus, null, 'notes are never delivered');

    const assigned = await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: agent.token, body: { assigneeId: agent.id, tags: ['Refund', 'courier'], priority: 'high' } });
    assert.equal(assigned.statusCode, 200);
    assert.equal(assigned.json().assigneeId, agent.id);
    assert.equal(assigned.json().status, 'open', 'the first reply opened it');
    assert.deepEqual(assigned.json().tags, ['courier', 'refund']);
    assert.ok(assigned.json().firstResponseAt);

    const found = await t.request('GET', '/api/v1/tickets?q=parcel', { token: agent.token });
    assert.equal(found.statusCode, 200);
    assert.deepEqual(found.json().items.map((item: TicketJson) => item.id), [ticket.id]);
    const stemmed = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent('arrive')}`, { token: agent.token });
    assert.ok(stemmed.json().items.some((item: TicketJson) => item.id === ticket.id), 'English stemming finds "arrived" from "arrive"');
    const viaNote = await t.request('GET', '/api/v1/tickets?q=lost', { token: agent.token });
    assert.ok(viaNote.json().items.some((item: TicketJson) => item.id === ticket.id), 'internal notes are searchable by agents');

    const mine = await t.request('GET', '/api/v1/tickets?view=mine', { token: agent.token });
    assert.deepEqual(mine.json().items.map((item: TicketJson) => item.id), [ticket.id]);

    const history = await t.request('GET', `/api/v1/tickets/${ticket.id}/history`, { token: agent.token });
    const fields = history.json().items.map((entry: { field: string }) => entry.field);
    for (const field of ['created', 'status', 'assigneeId', 'tags', 'priority']) assert.ok(fields.includes(field), `history records ${field}`);
    const priority = history.json().items.find((entry: { field: string }) => entry.field === 'priority');
    assert.equal(priority.before, 'normal');
    assert.equal(priority.after, 'high');
    assert.equal(priority.actorAgentId, agent.id);
  });

  test('Russian full-text search finds word forms', async () => {
    const ticket = (await create({ subject: 'Вопрос', customer: { email: 'vopros@example.test' }, message: { body: 'Мои платежи не проходят уже неделю' } })).json<TicketJson>();
    const found = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent('платеж')}`, { token: t.adminToken });
    assert.ok(found.json().items.some((item: TicketJson) => item.id === ticket.id));
  });

  test('status transitions are enforced', async () => {
    const ticket = (await create({ subject: 'Transitions', customer: { email: 'tr@example.test' }, message: { body: 'x y z' } })).json<TicketJson>();
    const solve = await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken, body: { status: 'solved', reason: 'Answered by phone.' } });
    assert.equal(solve.json().status, 'solved');
    assert.ok(solve.json().solvedAt);
    const pending = await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken, body: { status: 'pending' } });
    assert.equal(pending.statusCode, 422);
    assert.equal(pending.json().error.code, 'invalid_transition');
    assert.match(pending.json().error.message, /cannot go from solved to pending/);
    assert.equal((await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken, body: { status: 'closed' } })).statusCode, 200);
    const reopen = await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken, body: { status: 'open' } });
    assert.equal(reopen.statusCode, 422);
    const reply = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: 'late reply' } });
    assert.equal(reply.statusCode, 409);
    assert.equal(reply.json().error.code, 'ticket_closed');
  });

  test('views and pagination by cursor walk every ticket once', async () => {
    for (let i = 0; i < 7; i++) await create({ subject: `Paged ${i}`, customer: { email: `paged${i}@example.test` }, message: { body: 'paging test' } });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { statusCode: number; json(): { items: TicketJson[]; nextCursor: string | null } } = await t.request('GET', `/api/v1/tickets?view=unassigned&q=paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: t.adminToken });
      assert.equal(page.statusCode, 200);
      seen.push(...page.json().items.map((item) => item.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
    const byCreated = await t.request('GET', '/api/v1/tickets?q=paging&sort=created&limit=100', { token: t.adminToken });
    const ids = byCreated.json().items.map((item: TicketJson) => item.id);
    assert.deepEqual(ids, [...ids].sort((a: number, b: number) => a - b));
  });

  test('filters by status list, priority, tag and assignee none', async () => {
    const ticket = (await create({ subject: 'Filter me', customer: { email: 'filter@example.test' }, message: { body: 'filters' }, priority: 'urgent', tags: ['vip'] })).json<TicketJson>();
    const byAll = await t.request('GET', '/api/v1/tickets?status=new,open&priority=urgent&tag=vip&assigneeId=none', { token: t.adminToken });
    assert.equal(byAll.statusCode, 200);
    assert.deepEqual(byAll.json().items.map((item: TicketJson) => item.id), [ticket.id]);
  });

  test('agents see their teams\' tickets only; admins see all; a forbidden ticket answers 403', async () => {
    const l1 = await t.agent({ email: 'l1@example.test', role: 'agent', teamIds: [firstLine] });
    const secret = (await create({ subject: 'L2 only', customer: { email: 'l2case@example.test' }, message: { body: 'escalated thing' }, teamId: secondLine })).json<TicketJson>();
    assert.equal((await t.request('GET', `/api/v1/tickets/${secret.id}`, { token: l1.token })).statusCode, 403);
    assert.equal((await t.request('PATCH', `/api/v1/tickets/${secret.id}`, { token: l1.token, body: { priority: 'low' } })).statusCode, 403);
    assert.equal((await t.request('POST', `/api/v1/tickets/${secret.id}/messages`, { token: l1.token, body: { body: 'hi' } })).statusCode, 403);
    const list = await t.request('GET', '/api/v1/tickets?q=escalated', { token: l1.token });
    assert.equal(list.json().items.length, 0);
    assert.equal((await t.request('GET', `/api/v1/tickets/${secret.id}`, { token: t.adminToken })).statusCode, 200);
  });

  test('one message as the conversation shows it, to those who may see its ticket (GET /messages/:id)', async () => {
    const l1 = await t.agent({ email: 'l1-message@example.test', role: 'agent', teamIds: [firstLine] });
    const ticket = (await create({ subject: 'One message', customer: { email: 'one-message@example.test' }, message: { body: 'first words' }, teamId: firstLine })).json<TicketJson>();
    const note = (await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: 'a note for the team', internal: true } })).json<{ id: number }>();
    const shown = await t.request('GET', `/api/v1/messages/${note.id}`, { token: l1.token });
    assert.equal(shown.statusCode, 200);
    const detail = (await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: l1.token })).json<TicketJson>();
    assert.deepEqual(shown.json(), detail.messages.find((message) => message.id === note.id), 'the message is the one the ticket shows');
    const moved = await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken, body: { teamId: secondLine } });
    assert.equal(moved.statusCode, 200);
    assert.equal((await t.request('GET', `/api/v1/messages/${note.id}`, { token: l1.token })).statusCode, 403, 'a ticket of another team');
    assert.equal((await t.request('GET', '/api/v1/messages/999999999', { token: l1.token })).statusCode, 404);
    assert.equal((await t.request('GET', '/api/v1/messages/nope', { token: l1.token })).statusCode, 400);
  });

  test('ticket and message events carry the row the lists show (what the web app places a ticket by)', async () => {
    const ticket = (await create({ subject: 'Row in events', customer: { email: 'row-events@example.test', name: 'Rowena' }, message: { body: 'Where is my order?' }, tags: ['VIP'] })).json<TicketJson>();
    await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: 'On its way.' } });
    const events = await t.frontline.ctx.db.selectFrom('events').select(['type', 'payload']).where('ticket_id', '=', ticket.id).orderBy('id').execute();
    const list = (await t.request('GET', '/api/v1/tickets?view=all&tag=vip', { token: t.adminToken })).json<{ items: Array<Record<string, unknown>> }>().items;
    const row = list.find((item) => item.id === ticket.id)!;
    const created = events.find((event) => event.type === 'ticket.created')!.payload as Record<string, unknown>;
    assert.deepEqual(created.customer, { name: 'Rowena', unknownSender: false });
    assert.deepEqual(created.tags, ['vip']);
    assert.equal(created.lastMessagePreview, 'Where is my order?');
    const reply = events.filter((event) => event.type === 'message.created').at(-1)!.payload as Record<string, unknown>;
    // The reply's event follows the ticket's update: it carries the row as the list now shows it.
    for (const field of ['status', 'updatedAt', 'lastMessagePreview', 'lastMessageAuthor', 'lastCustomerMessageAt', 'customerWaitingSince']) {
      assert.deepEqual(reply[field], row[field], `message.created ${field}`);
    }
    assert.equal(reply.lastMessageAuthor, 'agent');
  });

  test('a light agent reads and writes internal notes only', async () => {
    const light = await t.agent({ email: 'light@example.test', role: 'light_agent' });
    const ticket = (await create({ subject: 'Light', customer: { email: 'light-case@example.test' }, message: { body: 'light agent test' } })).json<TicketJson>();
    assert.equal((await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: light.token })).statusCode, 200);
    assert.equal((await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: light.token, body: { body: 'note', internal: true } })).statusCode, 201);
    assert.equal((await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: light.token, body: { body: 'public' } })).statusCode, 403);
    assert.equal((await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: light.token, body: { status: 'solved' } })).statusCode, 403);
    assert.equal((await create({ subject: 'x', customer: { email: 'x@example.test' }, message: { body: 'x' } }, light.token)).statusCode, 403);
    assert.equal((await t.request('POST', '/api/v1/agents', { token: light.token, body: { email: 'n@example.test', name: 'N', role: 'agent' } })).statusCode, 403);
  });

  test('an agent may not manage agents or teams (403)', async () => {
    const agent = await t.agent({ email: 'plain@example.test', role: 'agent' });
    assert.equal((await t.request('POST', '/api/v1/agents', { token: agent.token, body: { email: 'n2@example.test', name: 'N', role: 'admin' } })).statusCode, 403);
    assert.equal((await t.request('POST', '/api/v1/teams', { token: agent.token, body: { name: 'Rogue' } })).statusCode, 403);
    assert.equal((await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: agent.token, body: { role: 'admin' } })).statusCode, 403);
  });

  test('Idempotency-Key makes a retried create return the first answer without a second ticket', async () => {
    const body = { subject: 'Idempotent', customer: { email: 'idem@example.test' }, message: { body: 'once only' } };
    const headers = { 'idempotency-key': 'create-idem-1' };
    const [first, second] = await Promise.all([create(body, t.adminToken, headers), create(body, t.adminToken, headers)]);
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(first.json().id, second.json().id);
    const list = await t.request('GET', '/api/v1/tickets?q=Idempotent', { token: t.adminToken });
    assert.equal(list.json().items.length, 1);
    const reused = await create({ ...body, subject: 'Different' }, t.adminToken, headers);
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.code, 'idempotency_key_reused');
    const ticketId = first.json().id;
    const msgHeaders = { 'idempotency-key': 'msg-1' };
    const m1 = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: t.adminToken, body: { body: 'reply once' }, headers: msgHeaders });
    const m2 = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: t.adminToken, body: { body: 'reply once' }, headers: msgHeaders });
    assert.equal(m1.json().id, m2.json().id);
    const detail = await t.request('GET', `/api/v1/tickets/${ticketId}`, { token: t.adminToken });
    assert.equal(detail.json().messages.length, 2);
  });
});

describe('view counts', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('count what each view lists, for the asking agent', async () => {
    const agent = await t.agent({ email: 'counter@example.test', role: 'agent' });
    const make = (subject: string) =>
      t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject, customer: { email: `${subject}@count.test` }, message: { body: subject } } }).then((r) => r.json<{ id: number }>().id);
    const a = await make('a');
    await make('b');
    const c = await make('c');
    await t.request('PATCH', `/api/v1/tickets/${a}`, { token: t.adminToken, body: { assigneeId: agent.id } });
    await t.request('PATCH', `/api/v1/tickets/${c}`, { token: t.adminToken, body: { status: 'solved', reason: 'Answered by phone.' } });
    const counts = (await t.request('GET', '/api/v1/tickets/counts', { token: agent.token })).json<Record<string, unknown>>();
    assert.deepEqual(counts, { unassigned: 1, unanswered: 0, mine: 1, team: 0, open: 2, pending: 0, solved: 1, spam: 0, all: 3, capped: [] });
    for (const view of ['unassigned', 'unanswered', 'mine', 'open', 'solved', 'all']) {
      const list = await t.request('GET', `/api/v1/tickets?view=${view}`, { token: agent.token });
      assert.equal(list.json().items.length, (counts as Record<string, unknown>)[view], `${view} lists as many as it counts`);
    }
  });
});
