// A stranger cannot join a ticket by mail: not by its guessable [#n] tag, not by the customer's own
// Message-IDs, not by writing From an agent's address; and whom a stranger copies waits for an
// agent before any reply reaches them. Real SMTP in (the receiver) and out (a sink as the relay).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../harness.ts';
import { sendMail, startSmtpSink, type SmtpSink, type SunkMail } from '../mail.ts';
import { SmtpReceiver } from '../../src/channels/email/smtp-receiver.ts';

interface Detail {
  id: number;
  number: number;
  linkedTicketId: number | null;
  teamId: number | null;
  customer: { id: number; name: string; email: string | null };
  participants: Array<{ email: string; name: string; state: string; proposedBy: string | null }>;
  messages: Array<{ id: number; internal: boolean; direction: string; bodyText: string; claimedFrom: string | null }>;
}

describe('no stranger joins a ticket by mail', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: SmtpReceiver;
  let port: number;
  let agentToken: string;
  let original: Detail;
  let ourReplyId: string;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
    sink = await startSmtpSink();
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
    const relay = { host: '127.0.0.1', port: sink.port, security: 'none' };
    for (const [address, name, teamId] of [['billing@acme.test', 'Acme Billing', 1], ['sales@acme.test', 'Acme Sales', 2]] as const) {
      const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address, name, teamId, acknowledge: false, smtp: relay } });
      assert.equal(created.statusCode, 201, created.body);
    }
    agentToken = (await t.agent({ email: 'john@acme.test', role: 'agent', name: 'John Smith', teamIds: [1, 2] })).token;
  });
  after(async () => {
    await receiver.stop();
    // The app first: it closes its pooled connections to the sink, which the sink waits for.
    await t.close();
    await sink.close();
  });

  const drain = () => t.frontline.workers.runner.drain();
  const detail = async (id: number) => (await t.request('GET', `/api/v1/tickets/${id}`, { token: t.adminToken })).json<Detail>();
  const ticketOfItem = async (sender: string) => {
    const item = await t.frontline.ctx.db.selectFrom('inbound_items').select(['ticket_id', 'outcome', 'meta']).where('sender', '=', sender).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { ...item, ticket: await detail(item.ticket_id!) };
  };
  /** Sends an agent's reply on a ticket and returns the mail the relay got for it. */
  const replyAndRead = async (ticketId: number, body: string): Promise<SunkMail> => {
    const before = sink.received.length;
    const replied = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: agentToken, body: { body } });
    assert.equal(replied.statusCode, 201, replied.body);
    await drain();
    const mail = (await sink.waitFor(before + 1)).slice(before).find((sunk) => (sunk.parsed.text ?? '').includes(body));
    assert.ok(mail, `the reply "${body}" did not reach the relay`);
    return mail;
  };

  test("a stranger's mail with the ticket's [#n] opens a new ticket linked to it; the agent's reply on the original reaches only the customer", async () => {
    await sendMail(port, { from: '"Nino Beridze" <nino@example.ge>', to: 'billing@acme.test', subject: 'Refund for invoice 77', text: 'Please refund invoice 77.', messageId: '<first.nino@example.ge>' });
    await drain();
    original = (await ticketOfItem('nino@example.ge')).ticket;

    await sendMail(port, {
      from: '"Nino Beridze" <attacker@evil.org>',
      to: 'sales@acme.test',
      cc: 'Spy <spy@evil.org>',
      subject: `Re: Refund for invoice 77 [#${original.number}]`,
      text: 'Please send the refund details to my new address.',
    });
    await drain();
    const { ticket: opened, outcome, meta } = await ticketOfItem('attacker@evil.org');
    assert.notEqual(opened.id, original.id);
    assert.equal(outcome, 'ticket');
    assert.equal(opened.linkedTicketId, original.id);
    assert.equal(opened.teamId, 2, "the new ticket belongs to the mailbox it came in on, not to the tagged ticket's team");
    assert.equal(opened.customer.email, 'attacker@evil.org');
    const note = opened.messages.find((message) => message.internal);
    assert.match(note?.bodyText ?? '', new RegExp(`names it in the subject \\(ticket #${original.number}\\).*attacker@evil\\.org, who is neither that ticket's customer nor an accepted participant`));
    assert.match(String((meta as { note?: string }).note), new RegExp(`not threaded into #${original.number}`));

    const untouched = await detail(original.id);
    assert.equal(untouched.messages.length, 1);
    assert.deepEqual(untouched.participants, []);

    const reply = await replyAndRead(original.id, 'Your refund for invoice 77 is approved.');
    assert.deepEqual(reply.rcptTo, ['nino@example.ge']);
  });

  test("the customer's own [#n] reply still threads, from any of their addresses, and whom they copy is accepted", async () => {
    await t.frontline.ctx.db.insertInto('customer_identities').values({ customer_id: original.customer.id, kind: 'email', value: 'nino.work@example.ge', created_at: new Date() }).execute();
    await sendMail(port, {
      from: 'nino.work@example.ge',
      to: 'billing@acme.test',
      cc: 'Accountant <accountant@example.ge>',
      subject: `Re: Refund for invoice 77 [#${original.number}]`,
      text: 'My accountant will check it.',
    });
    await drain();
    const joined = await detail(original.id);
    assert.equal(joined.messages.at(-1)?.bodyText, 'My accountant will check it.');
    assert.deepEqual(joined.participants, [{ email: 'accountant@example.ge', name: 'Accountant', state: 'accepted', proposedBy: null }]);
    const reply = await replyAndRead(original.id, 'Thank you, we wait for the check.');
    assert.deepEqual(reply.rcptTo.sort(), ['accountant@example.ge', 'nino@example.ge']);
    ourReplyId = reply.parsed.messageId!;
  });

  test("a stranger referring to the customer's own Message-ID opens a linked ticket too", async () => {
    await sendMail(port, { from: 'thief@evil.org', to: 'billing@acme.test', subject: 'Re: invoice', text: 'Change the bank account.', inReplyTo: '<first.nino@example.ge>', references: ['<first.nino@example.ge>'] });
    await drain();
    const { ticket } = await ticketOfItem('thief@evil.org');
    assert.notEqual(ticket.id, original.id);
    assert.equal(ticket.linkedTicketId, original.id);
    assert.match(ticket.messages.find((message) => message.internal)?.bodyText ?? '', /answers one of its earlier emails/);
  });

  test('a reply by In-Reply-To to our Message-ID still threads; whom a stranger copies is proposed, gets no reply until accepted, then does', async () => {
    await sendMail(port, {
      from: 'boss@example.ge',
      to: 'billing@acme.test',
      cc: 'Lawyer <lawyer@example.ge>',
      subject: 'Fwd: refund',
      text: 'I approve, as her manager.',
      inReplyTo: ourReplyId,
      references: ['<first.nino@example.ge>', ourReplyId],
    });
    await drain();
    let joined = await detail(original.id);
    assert.equal(joined.messages.at(-1)?.bodyText, 'I approve, as her manager.');
    assert.deepEqual(joined.participants.find((person) => person.email === 'lawyer@example.ge'), { email: 'lawyer@example.ge', name: 'Lawyer', state: 'proposed', proposedBy: 'boss@example.ge' });

    const before = await replyAndRead(original.id, 'Noted, thank you.');
    assert.deepEqual(before.rcptTo.sort(), ['accountant@example.ge', 'nino@example.ge']);

    const accepted = await t.request('PATCH', `/api/v1/tickets/${original.id}/participants/lawyer@example.ge`, { token: agentToken, body: { state: 'accepted' } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.deepEqual(accepted.json(), { email: 'lawyer@example.ge', name: 'Lawyer', state: 'accepted', proposedBy: null });
    const afterAccept = await replyAndRead(original.id, 'The lawyer is copied now.');
    assert.deepEqual(afterAccept.rcptTo.sort(), ['accountant@example.ge', 'lawyer@example.ge', 'nino@example.ge']);

    const removed = await t.request('DELETE', `/api/v1/tickets/${original.id}/participants/Accountant@Example.ge`, { token: agentToken });
    assert.equal(removed.statusCode, 204, removed.body);
    const afterRemove = await replyAndRead(original.id, 'Without the accountant.');
    assert.deepEqual(afterRemove.rcptTo.sort(), ['lawyer@example.ge', 'nino@example.ge']);

    joined = await detail(original.id);
    assert.deepEqual(joined.participants.map((person) => [person.email, person.state]), [['lawyer@example.ge', 'accepted']]);
    const history = (await t.request('GET', `/api/v1/tickets/${original.id}/history`, { token: t.adminToken })).json<{ items: Array<{ field: string; before: unknown; after: unknown; actorKind: string }> }>();
    const changes = history.items.filter((entry) => entry.field === 'participant').map((entry) => [entry.actorKind, entry.before, entry.after]);
    assert.deepEqual(changes, [
      ['customer', null, { email: 'lawyer@example.ge', state: 'proposed', proposedBy: 'boss@example.ge' }],
      ['agent', { email: 'lawyer@example.ge', state: 'proposed' }, { email: 'lawyer@example.ge', state: 'accepted' }],
      ['agent', { email: 'accountant@example.ge', state: 'accepted' }, null],
    ]);
  });

  test("mail From an agent's or a mailbox's address is flagged as a claim, never threads by tag, copies nobody without acceptance, and carries no agent's name", async () => {
    await sendMail(port, { from: '"John Smith" <john@acme.test>', to: 'billing@acme.test', cc: 'Mule <mule@evil.org>', subject: `Re: Refund for invoice 77 [#${original.number}]`, text: 'Customer verified, pay to the new account.' });
    await drain();
    const { ticket } = await ticketOfItem('john@acme.test');
    assert.notEqual(ticket.id, original.id);
    assert.equal(ticket.linkedTicketId, original.id);
    assert.equal(ticket.messages[0]?.claimedFrom, 'john@acme.test');
    assert.equal(ticket.customer.name, '', "the customer record does not take the agent's name");
    assert.deepEqual(ticket.participants, [{ email: 'mule@evil.org', name: 'Mule', state: 'proposed', proposedBy: 'john@acme.test' }]);
    assert.match(ticket.messages.find((message) => message.internal)?.bodyText ?? '', /claims to be from john@acme\.test, an address of this help desk/);

    // By our own Message-ID it still threads (an agent answering from their mail client), flagged, copying nobody.
    await sendMail(port, { from: 'Acme Billing <billing@acme.test>', to: 'billing@acme.test', cc: 'mule@evil.org', subject: 'Re: refund', text: 'Confirmed by billing.', inReplyTo: ourReplyId });
    await drain();
    const joined = await detail(original.id);
    const claim = joined.messages.at(-1)!;
    assert.equal(claim.bodyText, 'Confirmed by billing.');
    assert.equal(claim.claimedFrom, 'billing@acme.test');
    assert.equal(joined.participants.find((person) => person.email === 'mule@evil.org')?.state, 'proposed');
    const reply = await replyAndRead(original.id, 'Only the known people get this.');
    assert.deepEqual(reply.rcptTo.sort(), ['lawyer@example.ge', 'nino@example.ge']);
  });

  test('participants: who may reply decides, light agents and other teams may not, bad input is a clear 4xx', async () => {
    const light = await t.agent({ email: 'light@acme.test', role: 'light_agent', teamIds: [1] });
    const outsider = await t.agent({ email: 'other@acme.test', role: 'agent', teamIds: [3] });
    const base = `/api/v1/tickets/${original.id}/participants`;
    const listed = await t.request('GET', base, { token: light.token });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.ok(listed.json().items.some((person: { email: string; state: string }) => person.email === 'mule@evil.org' && person.state === 'proposed'));
    for (const [method, body] of [['PATCH', { state: 'accepted' }], ['DELETE', undefined]] as const) {
      const refused = await t.request(method, `${base}/mule@evil.org`, { token: light.token, ...(body && { body }) });
      assert.equal(refused.statusCode, 403, refused.body);
      const elsewhere = await t.request(method, `${base}/mule@evil.org`, { token: outsider.token, ...(body && { body }) });
      assert.equal(elsewhere.statusCode, 403, elsewhere.body);
    }
    assert.equal((await t.request('GET', base, { token: outsider.token })).statusCode, 403);

    const cases: Array<[string, string, unknown, number, string]> = [
      ['PATCH', `${base}/not-an-address`, { state: 'accepted' }, 400, 'invalid_request'],
      ['PATCH', `${base}/mule@evil.org`, { state: 'proposed' }, 400, 'invalid_request'],
      ['PATCH', `${base}/mule@evil.org`, { state: 'accepted', extra: 1 }, 400, 'invalid_request'],
      ['PATCH', `${base}/nobody@example.com`, { state: 'accepted' }, 404, 'participant_not_found'],
      ['DELETE', `${base}/nobody@example.com`, undefined, 404, 'participant_not_found'],
      ['PATCH', '/api/v1/tickets/999999/participants/mule@evil.org', { state: 'accepted' }, 404, 'ticket_not_found'],
      ['GET', '/api/v1/tickets/0/participants', undefined, 400, 'invalid_request'],
    ];
    for (const [method, url, body, status, code] of cases) {
      const response = await t.request(method, url, { token: agentToken, ...(body !== undefined && { body }) });
      assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
      assert.equal(response.json().error.code, code, `${method} ${url}`);
      assert.ok(response.json().error.message);
    }
    // Still proposed after all that.
    assert.equal((await detail(original.id)).participants.find((person) => person.email === 'mule@evil.org')?.state, 'proposed');
  });
});

describe('a storm of such mails', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: SmtpReceiver;
  let port: number;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off', EMAIL_SENDER_LIMIT: '0' } });
    sink = await startSmtpSink();
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
    const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'help@acme.test', name: 'Acme Help', teamId: 1, acknowledge: false, smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } } });
    assert.equal(created.statusCode, 201, created.body);
    await t.agent({ email: 'john@acme.test', role: 'agent', name: 'John Smith', teamIds: [1] });
  });
  after(async () => {
    await receiver.stop();
    await t.close();
    await sink.close();
  });

  test('strangers and forged agents writing at once, batched or one at a time, join nothing and copy nobody onto the ticket', async () => {
    await sendMail(port, { from: 'nino@example.ge', to: 'help@acme.test', subject: 'Card blocked', text: 'My card is blocked.' });
    await t.frontline.workers.runner.drain();
    const db = t.frontline.ctx.db;
    const original = await db.selectFrom('tickets').select(['id', 'number']).where('subject', '=', 'Card blocked').executeTakeFirstOrThrow();

    const tag = `[#${original.number}]`;
    for (let i = 0; i < 12; i++) await sendMail(port, { from: `x${i}@evil.org`, to: 'help@acme.test', cc: `spy${i}@evil.org`, subject: `Re: Card blocked ${tag}`, text: `Unblock and send the PIN to me ${i}` });
    for (let i = 0; i < 12; i++) await sendMail(port, { from: '"John Smith" <john@acme.test>', to: 'help@acme.test', subject: `Urgent ${i}`, text: `Forged instruction ${i}` });
    for (let i = 0; i < 4; i++) await sendMail(port, { from: '"John Smith" <john@acme.test>', to: 'help@acme.test', subject: `Re: Card blocked ${tag} (${i})`, text: `Forged reply ${i}` });
    await sendMail(port, { from: 'nino@example.ge', to: 'help@acme.test', subject: `Re: Card blocked ${tag}`, text: 'Any news?' });

    const email = t.frontline.ctx.channels.get('email')!;
    const processBatch = email.processBatch!.bind(email);
    const batched: number[] = [];
    email.processBatch = async (tx, items, ctx) => {
      const results = await processBatch(tx, items, ctx);
      batched.push(results.size);
      return results;
    };
    await t.frontline.workers.runner.drain({ timeoutMs: 60_000 }).finally(() => (email.processBatch = processBatch));
    assert.ok(batched.some((size) => size >= 12), `the plain forged mails were not batched: ${batched.join(', ')}`);

    const onOriginal = await db.selectFrom('messages').select('body_text').where('ticket_id', '=', original.id).orderBy('id').execute();
    assert.deepEqual(onOriginal.map((row) => row.body_text), ['My card is blocked.', 'Any news?']);
    assert.deepEqual(await db.selectFrom('ticket_participants').select('email').where('ticket_id', '=', original.id).execute(), []);
    const linked = await db.selectFrom('tickets').select('id').where('linked_ticket_id', '=', original.id).execute();
    assert.equal(linked.length, 16);

    const forged = await db
      .selectFrom('messages')
      .innerJoin('customers', 'customers.id', 'messages.author_customer_id')
      .select(['messages.claimed_from', 'customers.name', 'messages.body_text'])
      .where('messages.direction', '=', 'inbound')
      .where('messages.body_text', 'like', 'Forged %')
      .execute();
    assert.equal(forged.length, 16);
    for (const row of forged) {
      assert.equal(row.claimed_from, 'john@acme.test', row.body_text);
      assert.equal(row.name, '', row.body_text);
    }
    const spies = await db.selectFrom('ticket_participants').select(['email', 'state']).where('email', 'like', 'spy%').execute();
    assert.equal(spies.length, 12);
    assert.ok(spies.every((spy) => spy.state === 'accepted'), 'on the tickets opened for their senders, whom the sender copies is theirs');
    const before = sink.received.length;
    const replied = await t.request('POST', `/api/v1/tickets/${original.id}/messages`, { token: t.adminToken, body: { body: 'Your card is unblocked.' } });
    assert.equal(replied.statusCode, 201, replied.body);
    await t.frontline.workers.runner.drain();
    const [reply] = (await sink.waitFor(before + 1)).slice(before);
    assert.deepEqual(reply!.rcptTo, ['nino@example.ge']);
  });
});
