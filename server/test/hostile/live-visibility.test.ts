// Every event type of the catalogue, produced on a ticket (or customer, agent, team, mailbox, web form,
// session) that one agent may not see, over real WebSockets: that agent never receives it, while an
// agent allowed to see it does. A type added to the catalogue without a case here fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventCatalogue, eventTypes, type EventType, type NewEvent } from '@frontline/shared';
import { startTestApp, type TestApp } from '../harness.ts';
import { LiveTestClient } from '../live-client.ts';
import { appendEvent } from '../../src/events/append.ts';

describe('who hears each event type live', () => {
  let t: TestApp;
  let url: string;
  const clients: LiveTestClient[] = [];
  before(async () => {
    t = await startTestApp();
    const address = await t.frontline.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address.replace('http', 'ws')}/api/v1/live`;
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  const as = (token: string) => ({
    post: (path: string, body: unknown) => t.request('POST', path, { token, body }),
    patch: (path: string, body: unknown) => t.request('PATCH', path, { token, body }),
  });
  const connect = async (token: string) => {
    const client = await LiveTestClient.connect(url, token);
    clients.push(client);
    return client;
  };

  test('an agent outside the scope of an event never receives it, of any type; one inside does', async () => {
    const admin = as(t.adminToken);
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number }> }>().items;
    const [ours, theirs] = [teams[0]!.id, teams[1]!.id];
    const outsider = await t.agent({ email: 'outsider@vis.test', role: 'agent', teamIds: [ours] });
    const insider = await t.agent({ email: 'insider@vis.test', role: 'agent', teamIds: [theirs] });
    const subject = await t.agent({ email: 'subject@vis.test', role: 'agent', teamIds: [theirs] });
    const watchers = { outsider: await connect(outsider.token), insider: await connect(insider.token), subject: await connect(subject.token), admin: await connect(await t.login()) };

    // Tickets and their customers live in the other team only.
    const ticket = (await admin.post('/api/v1/tickets', { subject: 'Hidden', customer: { email: 'hidden@vis.test' }, message: { body: 'secret' }, teamId: theirs })).json<{ id: number; customerId: number }>();
    const second = (await admin.post('/api/v1/tickets', { subject: 'Hidden too', customer: { email: 'hidden2@vis.test' }, message: { body: 'secret' }, teamId: theirs })).json<{ id: number; customerId: number }>();
    assert.equal((await admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'high' })).statusCode, 200);
    await t.frontline.ctx.db.transaction().execute(async (tx) => {
      // Delivery outcomes carry provider error text: produced through the real append path.
      await appendEvent(tx, { type: 'message.sent', ticketId: ticket.id, payload: { messageId: 1, channel: 'email', externalId: '<x@vis.test>' } });
      await appendEvent(tx, { type: 'message.failed', ticketId: ticket.id, payload: { messageId: 1, channel: 'email', error: '550 mailbox of the CEO is full' } });
      await appendEvent(tx, { type: 'message.requeued', ticketId: ticket.id, payload: { messageId: 1, channel: 'email' } });
      await appendEvent(tx, { type: 'message.delivered', ticketId: ticket.id, payload: { messageId: 1, channel: 'whatsapp' } });
      await appendEvent(tx, { type: 'message.bounced', payload: { messageId: 1, reason: 'bounced: 550 no such user', bounceItemId: 1 } });
      // A call ringing for the other team (channels/phone appends it as the call comes in).
      const tickets = [{ id: ticket.id, number: 1, subject: 'Hidden', status: 'new' as const, teamId: theirs, assigneeId: null }];
      await appendEvent(tx, { type: 'call.ringing', payload: { integrationId: 1, callId: 'vis-1', number: '+995555000111', to: '100', agentId: null, teamId: theirs, customer: { id: ticket.customerId, name: 'Hidden', organization: null }, tickets } });
    });
    assert.equal((await admin.patch(`/api/v1/customers/${ticket.customerId}`, { name: 'Renamed' })).statusCode, 200);
    assert.equal((await admin.post(`/api/v1/customers/${ticket.customerId}/merge`, { sourceId: second.customerId })).statusCode, 200);
    // Now one customer's: the second ticket merges into the first.
    assert.equal((await admin.post(`/api/v1/tickets/${second.id}/merge`, { targetId: ticket.id })).statusCode, 200);
    await t.agent({ email: 'newcomer@vis.test', role: 'agent' });
    assert.equal((await admin.patch(`/api/v1/agents/${subject.id}`, { name: 'Subject Renamed' })).statusCode, 200);
    assert.equal((await admin.post(`/api/v1/agents/${subject.id}/unlock`, {})).statusCode, 200);
    const team = (await admin.post('/api/v1/teams', { name: 'Secret squad' })).json<{ id: number }>();
    assert.equal((await admin.patch(`/api/v1/teams/${team.id}`, { name: 'Secret squad 2' })).statusCode, 200);
    const mailbox = await admin.post('/api/v1/mailboxes', { address: 'vip@vis.test', name: 'VIP' });
    assert.equal(mailbox.statusCode, 201, mailbox.body);
    assert.equal((await admin.patch(`/api/v1/mailboxes/${mailbox.json<{ id: number }>().id}`, { name: 'VIP desk' })).statusCode, 200);
    const form = (await admin.post('/api/v1/web-forms', { name: 'VIP form' })).json<{ id: number }>();
    assert.equal((await admin.patch(`/api/v1/web-forms/${form.id}`, { name: 'VIP contact form' })).statusCode, 200);
    assert.equal((await t.request('DELETE', `/api/v1/web-forms/${form.id}`, { token: t.adminToken })).statusCode, 204);
    const chatSite = (await admin.post('/api/v1/chat-sites', { name: 'VIP chat' })).json<{ id: number }>();
    assert.equal((await admin.patch(`/api/v1/chat-sites/${chatSite.id}`, { name: 'VIP site chat' })).statusCode, 200);
    assert.equal((await t.request('DELETE', `/api/v1/chat-sites/${chatSite.id}`, { token: t.adminToken })).statusCode, 204);
    const calendar = await admin.post('/api/v1/calendars', { name: 'VIP hours', timeZone: 'Asia/Tbilisi' });
    assert.equal(calendar.statusCode, 201, calendar.body);
    const calendarId = calendar.json<{ id: number }>().id;
    assert.equal((await admin.patch(`/api/v1/calendars/${calendarId}`, { name: 'VIP hours 2' })).statusCode, 200);
    assert.equal((await t.request('DELETE', `/api/v1/calendars/${calendarId}`, { token: t.adminToken })).statusCode, 204);
    const token = (await as(subject.token).post('/api/v1/me/tokens', { name: 'script' })).json<{ id: number }>();
    assert.equal((await t.request('DELETE', `/api/v1/me/tokens/${token.id}`, { token: subject.token })).statusCode, 204);
    const spare = await t.login('subject@vis.test', 'agent password 123');
    assert.equal((await t.request('POST', '/api/v1/auth/logout', { token: spare })).statusCode, 204);

    // Every catalogue type was produced above.
    const produced = new Set((await t.frontline.ctx.db.selectFrom('events').select('type').distinct().execute()).map((row) => row.type));
    assert.deepEqual(eventTypes.filter((type) => !produced.has(type)), [], 'each catalogue type is produced');

    // Who is allowed to hear each audience, and who is not.
    const allowed = { ticket: watchers.insider, customer: watchers.insider, self: watchers.subject, admins: watchers.admin, call: watchers.insider, nobody: null };
    for (const type of eventTypes) {
      const listener = allowed[eventCatalogue[type].audience];
      if (listener) await listener.waitFor((frame) => frame.event?.type === type);
    }
    // Events reach a connection in order: once the outsider hears this, it has been offered all of the above.
    const marker = (await admin.post('/api/v1/tickets', { subject: 'Ours', customer: { email: 'ours@vis.test' }, message: { body: 'hi' }, teamId: ours })).json<{ id: number; customerId: number }>();
    await watchers.outsider.waitFor((frame) => frame.event?.type === 'message.created' && frame.event.ticketId === marker.id);
    await watchers.admin.waitFor((frame) => frame.event?.type === 'message.created' && frame.event.ticketId === marker.id);
    const aboutMarker = (event: { ticketId: number | null; payload: Record<string, unknown> }) => event.ticketId === marker.id || event.payload.customerId === marker.customerId;
    const heard = new Set(watchers.outsider.events().filter((event) => !aboutMarker(event)).map((event) => event.type));
    const leaks = (eventTypes as EventType[]).filter((type) => heard.has(type));
    assert.deepEqual(leaks, [], 'the outsider heard none of them');
    const toNobody = eventTypes.filter((type) => eventCatalogue[type].audience === 'nobody');
    for (const client of Object.values(watchers)) assert.ok(!client.events().some((event) => toNobody.includes(event.type as EventType)), 'nobody hears session and token events');
    assert.ok(!watchers.subject.events().some((event) => event.type === 'agent.created'), 'only admins hear of new agents');
  });

  test('an event type the catalogue does not know reaches nobody, admins included', async () => {
    const admin = await connect(await t.login());
    // Outside the catalogue on purpose (the type checker refuses it), as a newer node might write one.
    await appendEvent(t.frontline.ctx.db, { type: 'ticket.exploded', ticketId: null, payload: { secret: 'x' } } as unknown as NewEvent);
    const marker = await appendEvent(t.frontline.ctx.db, { type: 'agent.created', payload: { agentId: 0, role: 'agent' } });
    await admin.waitFor((frame) => frame.event?.id === marker.id);
    assert.ok(!admin.events().some((event) => event.type === 'ticket.exploded'));
  });
});
