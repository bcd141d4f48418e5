import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { LiveTestClient as Client } from '../../test/live-client.ts';
import { appendEvent } from '../events/append.ts';

describe('live updates over WebSocket', () => {
  let t: TestApp;
  let url: string;
  let teams: Array<{ id: number; name: string }>;
  const clients: Client[] = [];
  before(async () => {
    t = await startTestApp();
    const address = await t.frontline.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address.replace('http', 'ws')}/api/v1/live`;
    teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: typeof teams }>().items;
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  const connect = async (token: string, lastEventId: number | null = null) => {
    const client = await Client.connect(url, token, lastEventId);
    clients.push(client);
    return client;
  };
  const createTicket = (teamId: number | null, subject = 'Live') =>
    t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject, customer: { email: `${subject.replace(/\W/g, '')}@live.test` }, message: { body: 'hello' }, teamId } }).then((r) => r.json<{ id: number }>().id);

  test('a new ticket and its message reach a connected agent without asking', async () => {
    const agent = await t.agent({ email: 'live1@example.test', role: 'agent', teamIds: [teams[0]!.id] });
    const client = await connect(agent.token);
    const id = await createTicket(teams[0]!.id, 'Arrives live');
    const created = await client.waitFor((frame) => frame.event?.type === 'ticket.created' && frame.event.ticketId === id);
    assert.equal(created.event!.payload.subject, 'Arrives live');
    const message = await client.waitFor((frame) => frame.event?.type === 'message.created' && frame.event.ticketId === id);
    // The message comes with its event, as GET /messages/:id answers it: the open ticket asks nothing.
    const read = await t.request('GET', `/api/v1/messages/${message.event!.payload.messageId}`, { token: agent.token });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(message.message, read.json());
    assert.equal((message.message as { bodyText: string } | undefined)?.bodyText, 'hello');
  });

  test('an agent does not hear of tickets of teams they are not in, until one moves to them', async () => {
    const agent = await t.agent({ email: 'live2@example.test', role: 'agent', teamIds: [teams[0]!.id] });
    const client = await connect(agent.token);
    const hidden = await createTicket(teams[1]!.id, 'Other team');
    const visible = await createTicket(teams[0]!.id, 'Own team');
    await client.waitFor((frame) => frame.event?.ticketId === visible);
    assert.ok(!client.events().some((event) => event.ticketId === hidden), 'nothing about the other team');
    await t.request('PATCH', `/api/v1/tickets/${visible}`, { token: t.adminToken, body: { teamId: teams[1]!.id } });
    await client.waitFor((frame) => frame.event?.type === 'ticket.updated' && frame.event.ticketId === visible);
  });

  test('a reconnecting client catches up on what it missed, each event once', async () => {
    const agent = await t.agent({ email: 'live3@example.test', role: 'admin' });
    const first = await connect(agent.token);
    const before = await createTicket(null, 'Before drop');
    const seen = await first.waitFor((frame) => frame.event?.ticketId === before && frame.event.type === 'message.created');
    first.close();
    const missed = [await createTicket(null, 'Missed one'), await createTicket(null, 'Missed two')];
    const second = await connect(agent.token, seen.event!.id);
    const replayed = second.events();
    for (const id of missed) assert.ok(replayed.some((event) => event.ticketId === id && event.type === 'ticket.created'), `replays ticket ${id}`);
    assert.ok(!replayed.some((event) => event.id <= seen.event!.id), 'nothing it already had');
    const after = await createTicket(null, 'After reconnect');
    await second.waitFor((frame) => frame.event?.ticketId === after && frame.event.type === 'message.created');
    const ids = second.events().map((event) => event.id);
    assert.equal(new Set(ids).size, ids.length, 'no event twice');
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in order');
  });

  test('on PostgreSQL, events committed out of id order all reach the browser', { skip: !process.env.TEST_DATABASE_URL && 'needs two transactions at once (TEST_DATABASE_URL)' }, async () => {
    const agent = await t.agent({ email: 'live-order@example.test', role: 'admin' });
    const client = await connect(agent.token);
    const ticket = await createTicket(null, 'Out of order');
    await client.waitFor((frame) => frame.event?.ticketId === ticket && frame.event.type === 'message.created');
    const db = t.frontline.ctx.db;
    let appended!: () => void;
    const first = new Promise<void>((resolve) => (appended = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The lower id commits last.
    const slow = db.transaction().execute(async (tx) => {
      await appendEvent(tx, { type: 'message.requeued', ticketId: ticket, payload: { messageId: 1, channel: 'email' } });
      appended();
      await gate;
    });
    await first;
    await db.transaction().execute((tx) => appendEvent(tx, { type: 'message.requeued', ticketId: ticket, payload: { messageId: 2, channel: 'email' } }));
    await client.waitFor((frame) => frame.event?.type === 'message.requeued' && frame.event.payload.messageId === 2);
    release();
    await slow;
    const lower = await client.waitFor((frame) => frame.event?.type === 'message.requeued' && frame.event.payload.messageId === 1);
    const higher = client.events().find((event) => event.type === 'message.requeued' && event.payload.messageId === 2)!;
    assert.ok(lower.event!.id < higher.id, 'the event heard last has the lower id');
  });

  test('agents on the same ticket see each other viewing and typing', async () => {
    const anna = await t.agent({ email: 'anna-live@example.test', role: 'agent', name: 'Anna' });
    const boris = await t.agent({ email: 'boris-live@example.test', role: 'agent', name: 'Boris' });
    const id = await createTicket(null, 'Collision');
    const a = await connect(anna.token);
    const b = await connect(boris.token);
    a.send({ type: 'presence', ticketId: id, state: 'viewing' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    b.send({ type: 'presence', ticketId: id, state: 'viewing' });
    await b.waitFor((frame) => frame.type === 'presence' && frame.agentId === anna.id && frame.state === 'viewing');
    a.send({ type: 'presence', ticketId: id, state: 'typing' });
    await b.waitFor((frame) => frame.type === 'presence' && frame.agentId === anna.id && frame.state === 'typing');
    await a.waitFor((frame) => frame.type === 'presence' && frame.agentId === boris.id);
  });

  test('presence on a ticket the agent cannot see is refused', async () => {
    const agent = await t.agent({ email: 'live5@example.test', role: 'agent', teamIds: [teams[0]!.id] });
    const hidden = await createTicket(teams[2]!.id, 'Management only');
    const client = await connect(agent.token);
    client.send({ type: 'presence', ticketId: hidden, state: 'viewing' });
    await client.waitFor((frame) => frame.type === 'error');
  });

  test('no credentials, or a cookie from a foreign origin, cannot connect', async () => {
    await assert.rejects(Client.open(url, {}), /401/);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'admin@example.test', password: 'correct horse battery staple' } });
    const cookie = `frontline_session=${login.cookies.find((c) => c.name === 'frontline_session')!.value}`;
    await assert.rejects(Client.open(url, { cookie, origin: 'https://evil.example' }), /403/);
    const ok = await Client.open(url, { cookie });
    ok.close();
  });
});
