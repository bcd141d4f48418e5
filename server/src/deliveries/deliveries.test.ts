// Honest delivery over real HTTP and real SMTP: acknowledgements need a relay, replies on phone,
// web and API tickets go by email, a reply nothing can reach is refused, and failed deliveries are
// listed (in the agent's scope), counted and sent again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { startSmtpSink, type SmtpSink } from '../../test/mail.ts';

interface Detail {
  id: number;
  number: number;
  replyTarget: { channel: string; address: string | null; byEmail: boolean; mailbox: { id: number; address: string; hasRelay: boolean } | null } | null;
  replyIssue: { code: string; message: string } | null;
}

describe('delivery: acknowledgements need a relay', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
  });
  after(() => t.close());
  const post = (body: unknown) => t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body });

  test('a new mailbox without a relay has acknowledgements off; with one, on', async () => {
    const bare = await post({ address: 'bare@acme.test', name: 'Bare' });
    assert.equal(bare.statusCode, 201, bare.body);
    assert.equal(bare.json().acknowledge, false);
    const relayed = await post({ address: 'relayed@acme.test', name: 'Relayed', smtp: { host: 'smtp.acme.test' } });
    assert.equal(relayed.json().acknowledge, true);
  });

  test('turning acknowledgements on without a relay is refused with the reason, on create and on change', async () => {
    const refused = await post({ address: 'ack@acme.test', name: 'Ack', acknowledge: true });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, 'acknowledgement_needs_relay');
    assert.match(refused.json().error.message, /need an outgoing SMTP relay/);
    assert.deepEqual(refused.json().error.details, { field: 'acknowledge' });
    const { items } = (await t.request('GET', '/api/v1/mailboxes', { token: t.adminToken })).json<{ items: Array<{ id: number; address: string }> }>();
    assert.ok(!items.some((m) => m.address === 'ack@acme.test'), 'nothing was saved');

    const bare = items.find((m) => m.address === 'bare@acme.test')!;
    const on = await t.request('PATCH', `/api/v1/mailboxes/${bare.id}`, { token: t.adminToken, body: { acknowledge: true } });
    assert.equal(on.statusCode, 422);
    assert.equal(on.json().error.code, 'acknowledgement_needs_relay');
    const relayed = items.find((m) => m.address === 'relayed@acme.test')!;
    const dropRelay = await t.request('PATCH', `/api/v1/mailboxes/${relayed.id}`, { token: t.adminToken, body: { smtp: null } });
    assert.equal(dropRelay.statusCode, 422, 'removing the relay of a mailbox that acknowledges is refused');
    const both = await t.request('PATCH', `/api/v1/mailboxes/${relayed.id}`, { token: t.adminToken, body: { smtp: null, acknowledge: false } });
    assert.equal(both.statusCode, 200, both.body);
    assert.deepEqual([both.json().acknowledge, both.json().smtp], [false, null]);
  });
});

describe('delivery: every channel can answer, and failures are listed', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let firstLine: number;
  let secondLine: number;
  let bareMailbox: number;
  let seq = 0;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
    sink = await startSmtpSink();
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number }> }>().items;
    [firstLine, secondLine] = [teams[0]!.id, teams[1]!.id];
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  const drain = () => t.frontline.workers.runner.drain();
  const detail = async (id: number, token = t.adminToken) => (await t.request('GET', `/api/v1/tickets/${id}`, { token })).json<Detail>();
  const ticket = async (channel: string, customer: Record<string, unknown>, teamId: number | null = firstLine) => {
    const created = await t.request('POST', '/api/v1/tickets', {
      token: t.adminToken,
      body: { subject: `Called about order ${++seq}`, customer, message: { body: 'The customer phoned: the parcel is late.' }, channel, teamId },
    });
    assert.equal(created.statusCode, 201, created.body);
    return created.json<Detail>();
  };
  const reply = (id: number, body = 'We have found your parcel.', token = t.adminToken) => t.request('POST', `/api/v1/tickets/${id}/messages`, { token, body: { body } });
  const failed = async (token = t.adminToken, query = '') => {
    const response = await t.request('GET', `/api/v1/deliveries/failed${query}`, { token });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Array<{ messageId: number; ticketNumber: number; reason: string; kind: string; failedAt: string; recipients: Array<{ address: string }> }>; nextCursor: string | null }>();
  };
  const count = async (token = t.adminToken) => (await t.request('GET', '/api/v1/deliveries/failed/count', { token })).json<{ count: number; capped: boolean }>().count;

  test('with no mailbox at all, a phone ticket says so; the reply fails at once and is listed with the reason', async () => {
    const phone = await ticket('phone', { email: 'caller@example.test', name: 'Caller' });
    assert.deepEqual(phone.replyTarget, { channel: 'email', address: 'caller@example.test', byEmail: true, mailbox: null });
    assert.equal(phone.replyIssue?.code, 'no_mailbox');
    const sent = await reply(phone.id);
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().channel, 'email');
    assert.equal(sent.json().deliveryStatus, 'queued');
    await drain();
    const list = await failed();
    const row = list.items.find((item) => item.messageId === sent.json().id);
    assert.ok(row, 'the failed reply is listed');
    assert.equal(row.ticketNumber, phone.number);
    assert.equal(row.kind, 'reply');
    assert.match(row.reason, /no mailbox to send from/);
    assert.ok(row.failedAt);
    assert.deepEqual(row.recipients.map((r) => r.address), ['caller@example.test']);
    assert.equal(await count(), 1);
  });

  test('a mailbox without a relay: the composer is told, the reply fails at once with the reason', async () => {
    const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'norelay@acme.test', name: 'No Relay' } });
    bareMailbox = created.json<{ id: number }>().id;
    const web = await ticket('web', { email: 'former@example.test' });
    assert.equal(web.replyTarget?.mailbox?.address, 'norelay@acme.test');
    assert.equal(web.replyIssue?.code, 'no_relay');
    assert.match(web.replyIssue!.message, /norelay@acme\.test has an outgoing SMTP relay/);
    const sent = await reply(web.id);
    await drain();
    const row = (await failed()).items.find((item) => item.messageId === sent.json().id);
    assert.match(row?.reason ?? '', /has no outbound SMTP relay configured/);
    assert.equal(await count(), 2);
  });

  test('a reply on a phone, web or API ticket arrives by email, from the team\'s mailbox with a relay', async () => {
    const relay = { host: '127.0.0.1', port: sink.port, security: 'none' };
    await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'general@acme.test', name: 'Acme General', smtp: relay, acknowledge: false } });
    await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'second@acme.test', name: 'Acme Second Line', smtp: relay, acknowledge: false, teamId: secondLine } });
    const before = sink.received.length;
    const expected: Array<[string, string, string]> = [];
    for (const [channel, teamId, from] of [['phone', firstLine, 'general@acme.test'], ['web', secondLine, 'second@acme.test'], ['api', null, 'general@acme.test']] as const) {
      const address = `${channel}.customer@example.test`;
      const opened = await ticket(channel, { email: address, name: `${channel} customer` }, teamId);
      assert.equal(opened.replyTarget?.address, address);
      assert.equal(opened.replyTarget?.byEmail, true);
      assert.equal(opened.replyTarget?.mailbox?.address, from, `${channel}: sent from ${from}`);
      assert.equal(opened.replyIssue, null);
      const sent = await reply(opened.id, `Your ${channel} question, answered.`);
      assert.equal(sent.statusCode, 201, sent.body);
      expected.push([address, from, `Your ${channel} question, answered.`]);
    }
    await drain();
    const mails = (await sink.waitFor(before + 3)).slice(before);
    for (const [address, from, text] of expected) {
      const mail = mails.find((m) => m.rcptTo.includes(address));
      assert.ok(mail, `a mail reached ${address}`);
      assert.equal(mail.mailFrom, from);
      assert.ok(mail.parsed.text?.includes(text));
      assert.match(mail.parsed.subject ?? '', /\[#\d+\]/);
    }
  });

  test('a reply nothing can reach is refused with 422; a note is still taken', async () => {
    const customer = await t.request('POST', '/api/v1/customers', { token: t.adminToken, body: { name: 'Walk-in', identities: [{ kind: 'phone', value: '+995 555 11 22 33' }] } });
    assert.equal(customer.statusCode, 201, customer.body);
    const walkIn = await ticket('phone', { id: customer.json<{ id: number }>().id });
    assert.equal(walkIn.replyTarget, null);
    assert.equal(walkIn.replyIssue?.code, 'no_address');
    const refused = await reply(walkIn.id);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, 'reply_unreachable');
    assert.match(refused.json().error.message, /no email address/);
    const note = await t.request('POST', `/api/v1/tickets/${walkIn.id}/messages`, { token: t.adminToken, body: { body: 'Called back, left a voicemail.', internal: true } });
    assert.equal(note.statusCode, 201);
    const messages = (await t.request('GET', `/api/v1/tickets/${walkIn.id}`, { token: t.adminToken })).json<{ messages: unknown[] }>().messages;
    assert.equal(messages.length, 2, 'the refused reply was not stored');
  });

  test('who sees failed deliveries: the ticket\'s team and admins; light agents see but may not send again', async () => {
    const member = await t.agent({ email: 'member@acme.test', role: 'agent', teamIds: [firstLine] });
    const outsider = await t.agent({ email: 'outsider@acme.test', role: 'agent', teamIds: [secondLine] });
    const light = await t.agent({ email: 'light@acme.test', role: 'light_agent', teamIds: [firstLine] });
    assert.equal(await count(member.token), 2);
    assert.equal(await count(outsider.token), 0);
    assert.deepEqual((await failed(outsider.token)).items, []);
    assert.equal(await count(light.token), 2);
    const ids = (await failed(member.token)).items.map((item) => item.messageId);
    const lightRetry = await t.request('POST', '/api/v1/deliveries/retry', { token: light.token, body: { messageIds: ids } });
    assert.equal(lightRetry.statusCode, 403);
    const outsiderRetry = await t.request('POST', '/api/v1/deliveries/retry', { token: outsider.token, body: { messageIds: ids } });
    assert.deepEqual(outsiderRetry.json().items.map((item: { result: string }) => item.result), ['forbidden', 'forbidden']);
    assert.equal((await t.request('GET', '/api/v1/deliveries/failed')).statusCode, 401);
    assert.equal((await t.request('GET', '/api/v1/deliveries/failed/count')).statusCode, 401);
  });

  test('failed deliveries page by cursor, each once', async () => {
    const first = await failed(t.adminToken, '?limit=1');
    assert.equal(first.items.length, 1);
    assert.ok(first.nextCursor);
    const second = await failed(t.adminToken, `?limit=1&cursor=${first.nextCursor}`);
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0]!.messageId, first.items[0]!.messageId);
    assert.equal(second.nextCursor, null);
  });

  test('bad input answers a clear 400', async () => {
    for (const query of ['?limit=0', '?limit=101', '?cursor=garbage', '?cursor=WyJ4IiwxXQ', '?other=1']) {
      const response = await t.request('GET', `/api/v1/deliveries/failed${query}`, { token: t.adminToken });
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.ok(response.json().error.message);
    }
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1);
    for (const body of [{}, { messageIds: [] }, { messageIds: tooMany }, { messageIds: ['x'] }, { messageIds: [0] }, { messageIds: [1, 1] }, null]) {
      const response = await t.request('POST', '/api/v1/deliveries/retry', { token: t.adminToken, body });
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
    }
  });

  test('send again from the view, several at once, once the relay is set: they arrive and leave the list', async () => {
    const member = await t.agent({ email: 'fixer@acme.test', role: 'agent', teamIds: [firstLine] });
    const fixed = await t.request('PATCH', `/api/v1/mailboxes/${bareMailbox}`, { token: t.adminToken, body: { smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } } });
    assert.equal(fixed.statusCode, 200, fixed.body);
    const ids = (await failed(member.token)).items.map((item) => item.messageId);
    const before = sink.received.length;
    const retried = await t.request('POST', '/api/v1/deliveries/retry', { token: member.token, body: { messageIds: [...ids, 999_999] } });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.deepEqual(retried.json().items.map((item: { result: string }) => item.result), ['queued', 'queued', 'not_found']);
    assert.equal(await count(member.token), 0, 'requeued deliveries leave the count at once');
    await drain();
    const mails = (await sink.waitFor(before + 2)).slice(before);
    assert.deepEqual(mails.map((m) => m.rcptTo[0]).sort(), ['caller@example.test', 'former@example.test']);
    assert.equal(await count(), 0);
    const again = await t.request('POST', '/api/v1/deliveries/retry', { token: member.token, body: { messageIds: ids } });
    assert.deepEqual(again.json().items.map((item: { result: string }) => item.result), ['not_failed', 'not_failed']);
  });
});
