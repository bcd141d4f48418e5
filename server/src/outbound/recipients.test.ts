// Delivery per recipient over real SMTP: a relay that refuses some recipients for good or for now,
// or refuses the login or the message, and what each recipient ends up receiving (exactly once).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { freePort } from '../../test/entry-point.ts';
import { sendMail, startSmtpSink, type SmtpSink } from '../../test/mail.ts';
import { SmtpReceiver } from '../channels/email/smtp-receiver.ts';

const HOUR = 3600_000;

describe('outbound email, recipient by recipient', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: SmtpReceiver;
  let port: number;
  let agentToken: string;
  let seq = 0;
  const clock = new TestClock();

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' }, clock });
    sink = await startSmtpSink();
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
    agentToken = (await t.agent({ email: 'tamar@acme.test', role: 'agent', name: 'Tamar' })).token;
  });
  after(async () => {
    await receiver.stop();
    await t.close();
    await sink.close();
  });
  beforeEach(() => {
    sink.refuseLogins(false);
  });

  const db = () => t.frontline.ctx.db;
  const drain = () => t.frontline.workers.runner.drain();
  const message = (id: number) => db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const recipients = async (id: number) =>
    Object.fromEntries(
      (await db().selectFrom('message_recipients').selectAll().where('message_id', '=', id).execute()).map((r) => [r.address, { kind: r.kind, status: r.status, response: r.response, attempts: r.attempts }]),
    );
  const deliveryJob = (messageId: number) =>
    db()
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'outbound.deliver')
      .where((eb) => eb(eb.ref('payload', '->>').key('messageId'), '=', String(messageId)))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
  /** How many copies each address has received (by envelope), since `from`. */
  const copies = (from: number) => {
    const count: Record<string, number> = {};
    for (const mail of sink.received.slice(from)) for (const rcpt of mail.rcptTo) count[rcpt] = (count[rcpt] ?? 0) + 1;
    return count;
  };
  /** Runs the queue at the given moments, an hour apart: long enough for any backoff. */
  async function runFor(hours: number) {
    for (let i = 0; i < hours; i++) {
      await drain();
      clock.advance(HOUR);
    }
  }

  /**
   * A mailbox of its own (its own pooled relay connection, so a refused login is really tried), a
   * ticket opened by the customer's mail with two people copied, and an agent's reply waiting.
   */
  async function replyWithTwoCc(options: { relayUser?: string; relayPort?: number } = {}) {
    const n = ++seq;
    const address = `help${n}@acme.test`;
    const created = await t.request('POST', '/api/v1/mailboxes', {
      token: t.adminToken,
      body: { address, name: 'Acme Help', acknowledge: false, smtp: { host: '127.0.0.1', port: options.relayPort ?? sink.port, security: 'none', user: options.relayUser ?? `relay${n}`, password: 'relay-pass' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    const customer = `nino${n}@example.ge`;
    // In the ticket's order of participants (copied together: by address).
    const cc = [`accounts${n}@example.ge`, `boss${n}@example.ge`];
    await sendMail(port, { from: customer, to: address, cc: cc.join(', '), subject: `Payout ${n} did not arrive`, text: 'Hello, my payout did not arrive.' });
    await drain();
    const ticket = await db().selectFrom('tickets').select(['id']).where('subject', '=', `Payout ${n} did not arrive`).executeTakeFirstOrThrow();
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agentToken, body: { body: 'It is on its way.' } });
    assert.equal(replied.statusCode, 201, replied.body);
    return { ticketId: ticket.id, messageId: replied.json<{ id: number }>().id, customer, cc, before: sink.received.length };
  }

  test('the customer refused with 550: each Cc gets exactly one copy, the customer is failed with the relay’s answer, and the job ends after one attempt', async () => {
    const { ticketId, messageId, customer, cc, before } = await replyWithTwoCc();
    sink.refuseRecipient(customer, 550);
    await runFor(10);

    assert.deepEqual(copies(before), { [cc[0]!]: 1, [cc[1]!]: 1 });
    const failed = await message(messageId);
    assert.equal(failed.delivery_status, 'failed');
    assert.equal(failed.delivery_attempts, 1);
    assert.match(failed.delivery_error ?? '', new RegExp(`^sent to ${cc[0]}, ${cc[1]}; not delivered to ${customer}: 550 5\\.1\\.1 `));
    const states = await recipients(messageId);
    assert.equal(states[customer]!.status, 'failed');
    assert.match(states[customer]!.response ?? '', /550 5\.1\.1 .*User unknown/);
    assert.deepEqual([states[cc[0]!]!.status, states[cc[1]!]!.status], ['sent', 'sent']);
    const job = await deliveryJob(messageId);
    assert.deepEqual([job.status, job.attempts], ['done', 1], 'a permanent refusal is not retried');

    // The conversation shows each recipient with its state.
    const detail = (await t.request('GET', `/api/v1/tickets/${ticketId}`, { token: agentToken })).json();
    const shown = detail.messages.find((m: { id: number }) => m.id === messageId);
    assert.equal(shown.deliveryStatus, 'failed');
    assert.deepEqual(
      shown.recipients.map((r: { address: string; kind: string; status: string }) => [r.address, r.kind, r.status]),
      [[customer, 'to', 'failed'], [cc[0], 'cc', 'sent'], [cc[1], 'cc', 'sent']],
    );
    assert.match(shown.recipients[0].response, /550/);
  });

  test('the customer refused with 450: retried with backoff and delivered later, to the customer alone, with the same Message-ID', async () => {
    const { messageId, customer, cc, before } = await replyWithTwoCc();
    sink.refuseRecipient(customer, 450);
    const attemptedFrom = clock.now();
    await drain();
    let row = await message(messageId);
    assert.equal(row.delivery_status, 'queued', 'a temporary refusal waits for the next attempt');
    assert.match(row.delivery_error ?? '', new RegExp(`not yet delivered to ${customer} \\(will retry\\): .*450`));
    assert.equal((await recipients(messageId))[customer]!.status, 'queued');
    const job = await deliveryJob(messageId);
    assert.equal(job.status, 'pending');
    // Measured from before the attempt: on a loaded machine the check may come long after it.
    assert.ok(job.run_at.getTime() - attemptedFrom.getTime() >= 500, 'the next attempt waits for the backoff');
    assert.deepEqual(copies(before), { [cc[0]!]: 1, [cc[1]!]: 1 });

    clock.advance(HOUR);
    await drain();
    assert.equal((await message(messageId)).delivery_attempts, 2);
    sink.refuseRecipient(customer, null);
    await runFor(5);

    row = await message(messageId);
    assert.equal(row.delivery_status, 'sent');
    assert.equal(row.delivery_error, null);
    assert.equal(row.delivery_attempts, 3);
    assert.deepEqual(copies(before), { [cc[0]!]: 1, [cc[1]!]: 1, [customer]: 1 }, 'nobody gets two copies');
    const [first, last] = [sink.received[before]!, sink.received.at(-1)!];
    assert.deepEqual(last.rcptTo, [customer]);
    assert.equal(last.parsed.messageId, first.parsed.messageId, 'the retry is the same message for threading');
    assert.equal(`<${row.external_id}>`, last.parsed.messageId);
    const ccHeader = last.parsed.cc && !Array.isArray(last.parsed.cc) ? last.parsed.cc.value.map((a) => a.address) : [];
    assert.deepEqual(ccHeader, cc, 'the headers still name everyone the reply is for');
    const states = await recipients(messageId);
    assert.deepEqual([states[customer]!.status, states[customer]!.attempts, states[cc[0]!]!.attempts], ['sent', 3, 1]);
  });

  test('a relay that refuses the login fails the message at once with the reason, sending nothing', async () => {
    const { messageId, before } = await replyWithTwoCc({ relayUser: 'wrong-user' });
    sink.refuseLogins(true);
    await runFor(5);
    const failed = await message(messageId);
    assert.equal(failed.delivery_status, 'failed');
    assert.equal(failed.delivery_attempts, 1);
    assert.match(failed.delivery_error ?? '', /535 5\.7\.8 Authentication credentials invalid/);
    assert.doesNotMatch(failed.delivery_error ?? '', /relay-pass/, 'the password is not in the reason');
    assert.deepEqual(Object.values(await recipients(messageId)).map((r) => r.status), ['failed', 'failed', 'failed']);
    const job = await deliveryJob(messageId);
    assert.deepEqual([job.status, job.attempts], ['done', 1]);
    assert.equal(sink.received.length, before);
  });

  test('a relay that refuses the message itself as too large (552) fails it at once for everyone', async () => {
    const { messageId, before } = await replyWithTwoCc();
    sink.refuseNext(1, 552);
    await runFor(5);
    const failed = await message(messageId);
    assert.equal(failed.delivery_status, 'failed');
    assert.equal(failed.delivery_attempts, 1);
    assert.match(failed.delivery_error ?? '', /552/);
    assert.equal(sink.received.length, before);
    assert.equal((await deliveryJob(messageId)).attempts, 1);
  });

  test('a relay that refuses the connection makes the reply wait for the relay, nobody marked failed', async () => {
    const deadPort = await freePort();
    const { messageId } = await replyWithTwoCc({ relayPort: deadPort });
    await drain();
    const row = await message(messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /is not answering: .*(ECONNREFUSED|connect)/i);
    assert.ok(row.delivery_retry_at && row.delivery_retry_at.getTime() > clock.now().getTime(), 'shows when it is tried next');
    assert.deepEqual(Object.values(await recipients(messageId)).map((r) => r.status), ['queued', 'queued', 'queued']);
    const job = await deliveryJob(messageId);
    assert.deepEqual([job.status, job.attempts], ['pending', 0], 'waiting for the relay is not one of the message’s attempts');
    assert.ok(job.waits_for?.startsWith('mailbox:'));
    assert.ok(job.run_at.getTime() > clock.now().getTime(), 'waits for the relay’s next probe');
    await db().deleteFrom('jobs').where('id', '=', job.id).execute();
  });

  test('"send again" after a fix sends only to the recipient that failed', async () => {
    const { messageId, customer, cc, before } = await replyWithTwoCc();
    sink.refuseRecipient(cc[1]!, 550);
    await runFor(3);
    const partial = await message(messageId);
    assert.equal(partial.delivery_status, 'sent', 'the customer got it: the message is sent');
    assert.match(partial.delivery_error ?? '', new RegExp(`^sent to ${customer}, ${cc[0]}; not delivered to ${cc[1]}: .*550`));
    assert.deepEqual(copies(before), { [customer]: 1, [cc[0]!]: 1 });

    const light = await t.agent({ email: `light${seq}@acme.test`, role: 'light_agent' });
    assert.equal((await t.request('POST', `/api/v1/messages/${messageId}/retry`, { token: light.token })).statusCode, 403);

    sink.refuseRecipient(cc[1]!, null);
    const retried = await t.request('POST', `/api/v1/messages/${messageId}/retry`, { token: agentToken });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json().deliveryStatus, 'queued');
    assert.deepEqual(
      retried.json().recipients.map((r: { address: string; status: string }) => [r.address, r.status]),
      [[customer, 'sent'], [cc[0], 'sent'], [cc[1], 'queued']],
    );
    await runFor(3);
    assert.deepEqual(copies(before), { [customer]: 1, [cc[0]!]: 1, [cc[1]!]: 1 });
    assert.deepEqual(sink.received.at(-1)!.rcptTo, [cc[1]]);
    const sent = await message(messageId);
    assert.deepEqual([sent.delivery_status, sent.delivery_error], ['sent', null]);

    const again = await t.request('POST', `/api/v1/messages/${messageId}/retry`, { token: agentToken });
    assert.equal(again.statusCode, 409, 'nothing left to send');
    assert.equal(again.json().error.code, 'message_not_failed');
  });

  test('"send again" on a reply that bounced after the relay took it goes to the customer alone', async () => {
    const { messageId, customer, cc, before } = await replyWithTwoCc();
    await drain();
    const sent = await message(messageId);
    assert.equal(sent.delivery_status, 'sent');
    const mailbox = sink.received.at(-1)!.parsed.from!.value[0]!.address!;
    await sendMail(port, {
      from: 'MAILER-DAEMON@example.ge',
      to: mailbox,
      subject: 'Undelivered Mail Returned to Sender',
      text: `This is the mail system.\n\n<${customer}>: host said: 550 5.1.1 user unknown\n\nMessage-ID: <${sent.external_id}>\n`,
    });
    await drain();
    const bounced = await message(messageId);
    assert.equal(bounced.delivery_status, 'failed', 'the bounce marks the reply failed');
    assert.match(bounced.delivery_error ?? '', /^bounced: .*550 5\.1\.1 user unknown/);
    // The channel reports the bounce; outbound's reaction fails the reply with the event browsers hear, as before.
    const item = await db().selectFrom('inbound_items').select('id').where('sender', '=', 'mailer-daemon@example.ge').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const eventsAbout = async (type: string) =>
      (await db().selectFrom('events').select(['ticket_id', 'payload']).where('type', '=', type).execute()).filter((event) => (event.payload as { messageId: number }).messageId === messageId);
    assert.deepEqual(await eventsAbout('message.bounced'), [{ ticket_id: null, payload: { messageId, reason: bounced.delivery_error, bounceItemId: item.id } }]);
    const failed = [{ ticket_id: bounced.ticket_id, payload: { messageId, channel: 'email', error: bounced.delivery_error, bounceItemId: item.id } }];
    assert.deepEqual(await eventsAbout('message.failed'), failed);
    await db().updateTable('jobs').set({ status: 'pending', finished_at: null }).where('kind', '=', 'reaction:outbound.record-bounce').execute();
    await drain();
    assert.deepEqual(await eventsAbout('message.failed'), failed, 'once, however often the reaction runs');
    assert.equal((await t.request('POST', `/api/v1/messages/${messageId}/retry`, { token: agentToken })).statusCode, 200);
    await runFor(2);
    assert.deepEqual(copies(before), { [customer]: 2, [cc[0]!]: 1, [cc[1]!]: 1 });
    assert.deepEqual(sink.received.at(-1)!.rcptTo, [customer]);
  });

  test('a corrected customer address replaces the refused one on "send again"', async () => {
    const { ticketId, messageId, customer, cc, before } = await replyWithTwoCc();
    sink.refuseRecipient(customer, 550);
    await runFor(2);
    assert.equal((await message(messageId)).delivery_status, 'failed');
    const ticket = await db().selectFrom('tickets').select('customer_id').where('id', '=', ticketId).executeTakeFirstOrThrow();
    const fixed = customer.replace('@', '.fixed@');
    await db().updateTable('customer_identities').set({ value: fixed }).where('customer_id', '=', ticket.customer_id).where('value', '=', customer).execute();

    assert.equal((await t.request('POST', `/api/v1/messages/${messageId}/retry`, { token: agentToken })).statusCode, 200);
    await runFor(2);
    assert.deepEqual(copies(before), { [cc[0]!]: 1, [cc[1]!]: 1, [fixed]: 1 });
    assert.equal((await message(messageId)).delivery_status, 'sent');
    assert.deepEqual(Object.keys(await recipients(messageId)).sort(), [...cc, fixed].sort());
  });
});
