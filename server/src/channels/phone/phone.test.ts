import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { LiveTestClient } from '../../../test/live-client.ts';
import { processInboundItems } from '../../inbox/process.ts';

interface IntegrationWithToken { id: number; name: string; teamId: number | null; active: boolean; token: string; webhookPath: string }

describe('the phone channel (CTI webhook)', () => {
  let t: TestApp;
  let url: string;
  let teams: Array<{ id: number; name: string }>;
  let seq = 0;
  const clients: LiveTestClient[] = [];
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
    const address = await t.frontline.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address.replace('http', 'ws')}/api/v1/live`;
    teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: typeof teams }>().items;
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  const db = () => t.frontline.ctx.db;
  const drain = () => t.frontline.workers.runner.drain();
  const integration = async (body: Record<string, unknown> = {}) => {
    const response = await t.request('POST', '/api/v1/phone/integrations', { token: t.adminToken, body: { name: `PBX ${++seq}`, ...body } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<IntegrationWithToken>();
  };
  const post = (path: string, body: unknown) => t.request('POST', path, { body });
  const phoneItems = () => db().selectFrom('inbound_items').selectAll().where('channel', '=', 'phone').execute();
  const call = (overrides: Record<string, unknown> = {}) => ({ callId: `call-${++seq}`, event: 'ringing', direction: 'inbound', from: '+995 555 00 00 01', to: '+995 32 200 00 00', ...overrides });
  const ticketsOf = (customerId: number) => db().selectFrom('tickets').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
  const customerOfPhone = async (number: string) =>
    (await db().selectFrom('customer_identities').select('customer_id').where('kind', '=', 'phone').where('value', '=', number).executeTakeFirst())?.customer_id;
  const connect = async (token: string) => {
    const client = await LiveTestClient.connect(url, token);
    clients.push(client);
    return client;
  };

  test('the same event twice is stored and processed once', async () => {
    const { webhookPath } = await integration();
    const event = call({ event: 'missed', from: '+995 555 10 10 10' });
    const first = await post(webhookPath, event);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), { received: true, duplicate: false });
    // Acknowledged only once stored: the row is there before any processing.
    const stored = (await phoneItems()).filter((item) => item.dedupe_key.endsWith(`:${event.callId}:missed`));
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.status, 'pending');
    assert.deepEqual((await post(webhookPath, event)).json(), { received: true, duplicate: true });
    await drain();
    assert.deepEqual((await post(webhookPath, event)).json(), { received: true, duplicate: true });
    await drain();
    const customerId = (await customerOfPhone('+995555101010'))!;
    const tickets = await ticketsOf(customerId);
    assert.equal(tickets.length, 1);
    const messages = await db().selectFrom('messages').selectAll().where('ticket_id', '=', tickets[0]!.id).execute();
    assert.equal(messages.length, 1, 'one message');
  });

  test('a missed call becomes a new unassigned ticket for a call-back; a second missed call joins it while it is open; an unknown number becomes a phone customer', async () => {
    const { webhookPath } = await integration({ teamId: teams[0]!.id });
    assert.equal(await customerOfPhone('+995555202020'), undefined);
    assert.equal((await post(webhookPath, call({ event: 'missed', from: '+995 (555) 20-20-20' }))).statusCode, 200);
    await drain();
    const customerId = await customerOfPhone('+995555202020');
    assert.ok(customerId, 'a customer with the phone identity, normalized');
    const [ticket] = await ticketsOf(customerId);
    assert.equal(ticket!.subject, 'Missed call from +995555202020');
    assert.deepEqual([ticket!.status, ticket!.channel, ticket!.assignee_id, ticket!.team_id], ['new', 'phone', null, teams[0]!.id]);

    // A second missed call (an "ended" that was never answered counts too) joins the open ticket.
    const second = call({ event: 'ringing', from: '+995555202020' });
    await post(webhookPath, second);
    await post(webhookPath, { ...second, event: 'ended' });
    await drain();
    assert.equal((await ticketsOf(customerId)).length, 1, 'the same ticket');
    const messages = await db().selectFrom('messages').selectAll().where('ticket_id', '=', ticket!.id).orderBy('id').execute();
    assert.equal(messages.length, 2);
    assert.ok(messages.every((message) => message.channel === 'phone' && message.direction === 'inbound' && message.delivery_status === null));

    // Once that ticket is solved, the next missed call opens another.
    assert.equal((await t.request('PATCH', `/api/v1/tickets/${ticket!.id}`, { token: t.adminToken, body: { status: 'solved', reason: 'Called back; the line was busy earlier.' } })).statusCode, 200);
    await post(webhookPath, call({ event: 'missed', from: '+995555202020' }));
    await drain();
    assert.equal((await ticketsOf(customerId)).length, 2);
  });

  test('a missed ring that a colleague then answers is missed once and logged on its ticket; missed then ended counts once', async () => {
    const { webhookPath } = await integration();
    const base = { callId: `call-${++seq}`, direction: 'inbound', from: '+995555808080', to: '100' };
    for (const event of [{ ...base, event: 'missed' }, { ...base, event: 'answered', at: '2026-01-05T12:00:00Z' }, { ...base, event: 'ended', at: '2026-01-05T12:00:45Z' }]) {
      assert.equal((await post(webhookPath, event)).statusCode, 200);
      await drain();
    }
    const [ticket, ...others] = await ticketsOf((await customerOfPhone('+995555808080'))!);
    assert.equal(others.length, 0);
    const messages = await db().selectFrom('messages').selectAll().where('ticket_id', '=', ticket!.id).orderBy('id').execute();
    assert.equal(messages.length, 2);
    assert.match(messages[0]!.body_text, /^Missed call/);
    assert.match(messages[1]!.body_text, /Duration: 45 s/);

    const plain = { callId: `call-${++seq}`, direction: 'inbound', from: '+995555818181', to: '100' };
    for (const event of [{ ...plain, event: 'missed' }, { ...plain, event: 'ended' }]) {
      await post(webhookPath, event);
      await drain();
    }
    const [missed] = await ticketsOf((await customerOfPhone('+995555818181'))!);
    assert.equal((await db().selectFrom('messages').selectAll().where('ticket_id', '=', missed!.id).execute()).length, 1, 'one missed call, one message');
  });

  test('two missed calls from one number processed at the same moment make one ticket', async () => {
    const { webhookPath } = await integration();
    // A known customer: nothing else (such as claiming a new identity) makes the two wait for each other.
    const known = await t.request('POST', '/api/v1/customers', { token: t.adminToken, body: { name: 'Eka', identities: [{ kind: 'phone', value: '+995555707070' }] } });
    assert.equal(known.statusCode, 201, known.body);
    const events = [call({ event: 'missed', from: '+995555707070' }), call({ event: 'missed', from: '+995555707070' })];
    for (const event of events) assert.equal((await post(webhookPath, event)).statusCode, 200);
    const ids = (await phoneItems()).filter((item) => item.sender === '+995555707070').map((item) => item.id);
    assert.equal(ids.length, 2);
    // The first is processed in a transaction held open while the second's job runs: on PostgreSQL
    // the second overlaps it (on the embedded database it waits for it, as every query does).
    const ctx = t.frontline.ctx;
    const adapter = ctx.channels.get('phone')!;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstDone = false;
    const first = ctx.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('inbound_items').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
      await adapter.process!(tx, { id: row.id, channel: row.channel, raw: row.raw, meta: row.meta, attempts: 0 }, ctx);
      firstDone = true;
      await held;
    });
    while (!firstDone) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = processInboundItems(ctx, [ids[1]!]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await first;
    assert.equal((await second).size, 0);
    const tickets = await ticketsOf((await customerOfPhone('+995555707070'))!);
    assert.equal(tickets.length, 1, 'the second joined the first');
    assert.equal((await db().selectFrom('messages').selectAll().where('ticket_id', '=', tickets[0]!.id).execute()).length, 2);
    await drain();
  });

  test('an answered call is logged when it ends on the caller\'s open ticket, with direction, duration, agent, notes and recording', async () => {
    const { webhookPath } = await integration();
    const agent = await t.agent({ email: 'caller-agent@example.test', role: 'agent', name: 'Nino Beridze' });
    const created = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Invoice question', customer: { phone: '+995 555 30 30 30', name: 'Giorgi' }, message: { body: 'About my invoice' } } });
    assert.equal(created.statusCode, 201, created.body);
    const ticket = created.json<{ id: number; customerId: number }>();
    const id = `call-${++seq}`;
    const base = { callId: id, direction: 'inbound', from: '+995555303030', to: '100', agentEmail: 'caller-agent@example.test' };
    // Minutes apart, as calls go: each event is processed before the next arrives.
    for (const event of [
      { ...base, event: 'ringing' },
      { ...base, event: 'answered', at: '2026-01-05T10:00:00Z' },
      { ...base, event: 'ended', at: '2026-01-05T10:03:12Z', notes: 'Promised a refund', recordingUrl: 'https://pbx.example.test/rec/1.mp3' },
    ]) {
      assert.equal((await post(webhookPath, event)).statusCode, 200);
      await drain();
    }
    const messages = await db().selectFrom('messages').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute();
    assert.equal(messages.length, 2, 'logged on the open ticket');
    const log = messages[1]!;
    assert.equal(log.channel, 'phone');
    assert.equal(log.delivery_status, null, 'a record, never delivered');
    assert.equal(log.direction, 'inbound');
    assert.match(log.body_text, /Inbound call from \+995555303030 to 100/);
    assert.match(log.body_text, /Duration: 3 min 12 s/);
    assert.match(log.body_text, /Agent: Nino Beridze/);
    assert.match(log.body_text, /Notes: Promised a refund/);
    assert.match(log.body_text, /Recording: https:\/\/pbx\.example\.test\/rec\/1\.mp3/);
    const row = await db().selectFrom('phone_calls').selectAll().where('call_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.duration_seconds, row.agent_id, row.ticket_id], [192, agent.id, ticket.id]);
    // An outbound call to a number with no ticket opens one, with the duration it reports.
    const out = { callId: `call-${++seq}`, direction: 'outbound', from: '100', to: '+995 555 40 40 40', agentEmail: 'caller-agent@example.test' };
    // Posted together, their jobs may run in either order: the reported duration says it was answered.
    await post(webhookPath, { ...out, event: 'answered' });
    await post(webhookPath, { ...out, event: 'ended', durationSeconds: 65 });
    await drain();
    const [opened] = await ticketsOf((await customerOfPhone('+995555404040'))!);
    assert.equal(opened!.subject, 'Call to +995555404040');
    const [outLog] = await db().selectFrom('messages').selectAll().where('ticket_id', '=', opened!.id).execute();
    assert.deepEqual([outLog!.direction, outLog!.author_agent_id, outLog!.delivery_status], ['outbound', agent.id, null]);
    assert.match(outLog!.body_text, /Duration: 1 min 5 s/);
    assert.equal((await db().selectFrom('messages').selectAll().where('ticket_id', '=', opened!.id).execute()).length, 1, 'logged once');
  });

  test('an answer that arrives after its end still logs the call, on the ticket the unanswered end opened', async () => {
    const { webhookPath } = await integration();
    const base = { callId: `call-${++seq}`, direction: 'inbound', from: '+995555606060', to: '100' };
    await post(webhookPath, { ...base, event: 'ended', at: '2026-01-05T11:02:00Z', notes: 'Asked about prices' });
    await drain();
    const customerId = (await customerOfPhone('+995555606060'))!;
    const [ticket] = await ticketsOf(customerId);
    assert.equal(ticket!.subject, 'Missed call from +995555606060', 'unanswered so far: a missed call');
    await post(webhookPath, { ...base, event: 'answered', at: '2026-01-05T11:00:30Z' });
    await post(webhookPath, { ...base, event: 'missed' });
    await drain();
    assert.equal((await ticketsOf(customerId)).length, 1);
    const messages = await db().selectFrom('messages').selectAll().where('ticket_id', '=', ticket!.id).orderBy('id').execute();
    assert.equal(messages.length, 2, 'the missed call and its late log, nothing more');
    assert.match(messages[1]!.body_text, /Duration: 1 min 30 s\nNotes: Asked about prices/);
  });

  test('a ringing call reaches the live socket of the agents it concerns with the caller and their open tickets, and no one else', async () => {
    const [ours, theirs] = [teams[0]!.id, teams[1]!.id];
    const { webhookPath } = await integration({ teamId: ours });
    const member = await t.agent({ email: 'ring-member@example.test', role: 'agent', teamIds: [ours] });
    const outsider = await t.agent({ email: 'ring-outsider@example.test', role: 'agent', teamIds: [theirs] });
    const named = await t.agent({ email: 'ring-named@example.test', role: 'agent', teamIds: [theirs] });
    const org = await t.request('POST', '/api/v1/organizations', { token: t.adminToken, body: { name: 'Acme Shop' } });
    const customer = await t.request('POST', '/api/v1/customers', { token: t.adminToken, body: { name: 'Tamar', organizationId: org.json<{ id: number }>().id, identities: [{ kind: 'phone', value: '+995 555 50 50 50' }] } });
    assert.equal(customer.statusCode, 201, customer.body);
    const customerId = customer.json<{ id: number }>().id;
    const open = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Delivery late', customer: { id: customerId }, message: { body: 'Where is it?' }, teamId: ours } });
    const hidden = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Other team', customer: { id: customerId }, message: { body: 'x' }, teamId: theirs } });
    const [memberLive, outsiderLive, namedLive] = [await connect(member.token), await connect(outsider.token), await connect(named.token)];

    // For the integration's team: its member hears it, the other team does not.
    const first = call({ from: '+995555505050' });
    assert.equal((await post(webhookPath, first)).statusCode, 200);
    await drain();
    const frame = await memberLive.waitFor((f) => f.event?.type === 'call.ringing' && f.event.payload.callId === first.callId);
    const payload = frame.event!.payload as { number: string; customer: { id: number; name: string; organization: string }; tickets: Array<{ id: number; subject: string }> };
    assert.equal(payload.number, '+995555505050');
    assert.deepEqual(payload.customer, { id: customerId, name: 'Tamar', organization: 'Acme Shop' });
    assert.deepEqual(payload.tickets.map((ticket) => ticket.id), [open.json<{ id: number }>().id], 'only the tickets the member may see');

    // For a named agent: only them, with the tickets they may see.
    const second = call({ from: '+995555505050', agentEmail: 'ring-named@example.test' });
    await post(webhookPath, second);
    await drain();
    const named2 = await namedLive.waitFor((f) => f.event?.type === 'call.ringing' && f.event.payload.callId === second.callId);
    assert.deepEqual((named2.event!.payload.tickets as Array<{ id: number }>).map((ticket) => ticket.id), [hidden.json<{ id: number }>().id]);

    // An unknown caller on an integration without a team: everyone hears it, as an unknown caller.
    const teamless = await integration();
    const third = call({ from: '+995 599 00 00 99' });
    await post(teamless.webhookPath, third);
    await drain();
    const unknown = await outsiderLive.waitFor((f) => f.event?.type === 'call.ringing' && f.event.payload.callId === third.callId);
    assert.deepEqual([unknown.event!.payload.customer, unknown.event!.payload.tickets], [null, []]);
    assert.equal(await customerOfPhone('+995599000099'), undefined, 'ringing alone creates no customer');
    await memberLive.waitFor((f) => f.event?.type === 'call.ringing' && f.event.payload.callId === third.callId);

    // Events reach a socket in order: having heard the third call, the others were offered the first two.
    await namedLive.waitFor((f) => f.event?.payload.callId === third.callId);
    const heard = (client: LiveTestClient) => client.events('call.ringing').map((event) => event.payload.callId);
    assert.deepEqual(heard(outsiderLive), [third.callId], 'the other team heard neither the team call nor the named one');
    assert.deepEqual(heard(memberLive), [first.callId, third.callId], 'the member did not hear the call for the named agent');
    assert.deepEqual(heard(namedLive), [second.callId, third.callId]);
  });
});

