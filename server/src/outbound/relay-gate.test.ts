// Per-relay backoff over real SMTP: a relay that is down (421 to every connection, or nothing
// listening) makes its messages wait for the relay's probe instead of each being tried; a relay
// that refuses us fails them at once; a relay that comes back delivers what waited; inbound mail
// keeps flowing while deliveries to a dead relay are queued.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { freePort } from '../../test/entry-point.ts';
import { sendMail, startSmtpSink, type SmtpSink } from '../../test/mail.ts';
import { SmtpReceiver } from '../channels/email/smtp-receiver.ts';
import { FIRST_PROBE_MS, MAX_PROBE_MS, probeDelay } from './relay-backoff.ts';

describe('outbound email, relay by relay', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: SmtpReceiver;
  let port: number;
  let seq = 0;
  const clock = new TestClock();

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off', RELAY_RETRY_MINUTES: '30' }, clock });
    sink = await startSmtpSink();
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
  });
  after(async () => {
    await receiver.stop();
    await t.close();
    await sink.close();
  });

  const db = () => t.frontline.ctx.db;
  const drain = () => t.frontline.workers.runner.drain({ timeoutMs: 60_000 });

  /** A mailbox that acknowledges new tickets through the given relay (or none), and `count` customers writing to it. */
  async function acknowledgementsThrough(relay: { port: number; user?: string } | null, count: number) {
    const n = ++seq;
    const address = `relay${n}@acme.test`;
    const created = await t.request('POST', '/api/v1/mailboxes', {
      token: t.adminToken,
      body: { address, name: 'Acme', acknowledge: true, ...(relay && { smtp: { host: '127.0.0.1', port: relay.port, security: 'none', user: relay.user ?? `user${n}`, password: 'relay-pass' } }) },
    });
    assert.equal(created.statusCode, 201, created.body);
    const mailboxId = created.json<{ id: number }>().id;
    for (let i = 0; i < count; i++) await sendMail(port, { from: `customer${n}-${i}@example.ge`, to: address, subject: `Question ${n}-${i}`, text: 'Hello, where is my payout?' });
    const before = sink.received.length;
    return { mailboxId, address, before };
  }
  const acknowledgements = (mailboxId: number) =>
    db()
      .selectFrom('messages')
      .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
      .select(['messages.id', 'messages.delivery_status', 'messages.delivery_error', 'messages.delivery_attempts', 'messages.delivery_retry_at', 'messages.ticket_id'])
      .where('tickets.mailbox_id', '=', mailboxId)
      .where('messages.direction', '=', 'outbound')
      .orderBy('messages.id')
      .execute();
  const jobsOf = async (messageIds: number[]) =>
    (await db().selectFrom('jobs').selectAll().where('kind', '=', 'outbound.deliver').execute()).filter((job) => messageIds.includes(Number(job.payload.messageId)));
  const health = (mailboxId: number) => db().selectFrom('relay_health').selectAll().where('relay', '=', `mailbox:${mailboxId}`).executeTakeFirst();
  const statuses = (rows: Array<{ delivery_status: string | null }>) => [...new Set(rows.map((row) => row.delivery_status))];

  test('the probe schedule doubles from 5 s up to 5 minutes', () => {
    assert.deepEqual([1, 2, 3, 4].map(probeDelay), [5_000, 10_000, 20_000, 40_000]);
    assert.equal(probeDelay(50), MAX_PROBE_MS);
    assert.equal(probeDelay(0), FIRST_PROBE_MS);
  });

  test('a relay that is down makes its deliveries wait for it: one try per probe, not one per message, and its return delivers them all', async () => {
    sink.refuseConnections(421);
    try {
      const count = 12;
      const connectionsBefore = sink.connections;
      const { mailboxId, before } = await acknowledgementsThrough({ port: sink.port }, count);
      await drain();
      let acks = await acknowledgements(mailboxId);
      assert.equal(acks.length, count);
      assert.deepEqual(statuses(acks), ['queued'], 'waiting, never sent and never failed');
      for (const ack of acks) {
        assert.match(ack.delivery_error ?? '', /^the relay 127\.0\.0\.1:\d+ is not answering: .*421/);
        assert.ok(ack.delivery_retry_at && ack.delivery_retry_at.getTime() > clock.now().getTime());
      }
      assert.ok(sink.connections - connectionsBefore <= 2, `the dead relay was tried ${sink.connections - connectionsBefore} times for ${count} messages`);
      const row = await health(mailboxId);
      assert.deepEqual([row?.state, row?.failures], ['down', 1]);
      let jobs = await jobsOf(acks.map((ack) => ack.id));
      assert.deepEqual([...new Set(jobs.map((job) => `${job.status}/${job.attempts}/${job.waits_for}`))], [`pending/0/mailbox:${mailboxId}`]);

      // The API shows the wait honestly.
      const agentToken = t.adminToken;
      const detail = (await t.request('GET', `/api/v1/tickets/${acks[0]!.ticket_id}`, { token: agentToken })).json();
      const shown = detail.messages.find((m: { id: number }) => m.id === acks[0]!.id);
      assert.equal(shown.deliveryStatus, 'queued');
      assert.equal(typeof shown.deliveryRetryAt, 'string');

      // Five probes, each after the relay's backoff: five more tries in all, whatever the number waiting.
      const probes = 5;
      for (let probe = 1; probe <= probes; probe++) {
        clock.advance(probeDelay(probe) + 1000);
        await drain();
      }
      assert.ok(sink.connections - connectionsBefore <= 2 + probes, `${sink.connections - connectionsBefore} tries for ${probes} probes and ${count} messages`);
      assert.equal((await health(mailboxId))?.failures, 1 + probes);
      acks = await acknowledgements(mailboxId);
      assert.deepEqual(statuses(acks), ['queued']);
      assert.deepEqual(
        acks.map((ack) => ack.delivery_attempts),
        acks.map(() => 0),
        'a failed probe is the relay’s failure, not an attempt of a message',
      );

      // The relay comes back: the next probe delivers, and every waiting message follows at once.
      sink.refuseConnections(null);
      clock.advance(probeDelay(probes + 1) + 1000);
      await drain();
      acks = await acknowledgements(mailboxId);
      assert.deepEqual(statuses(acks), ['sent']);
      assert.equal(sink.received.length - before, count, 'each acknowledgement went out once');
      assert.equal(await health(mailboxId), undefined, 'a relay that answers has no health row');
      jobs = await jobsOf(acks.map((ack) => ack.id));
      assert.deepEqual([...new Set(jobs.map((job) => job.status))], ['done']);
      assert.ok(acks.every((ack) => ack.delivery_retry_at === null && ack.delivery_error === null));
    } finally {
      sink.refuseConnections(null);
    }
  });

  test('a relay that stays down longer than RELAY_RETRY_MINUTES fails what waits for it, with the reason', async () => {
    const deadPort = await freePort();
    const { mailboxId } = await acknowledgementsThrough({ port: deadPort }, 5);
    await drain();
    assert.deepEqual(statuses(await acknowledgements(mailboxId)), ['queued']);
    // Probes every few minutes for 35 minutes (the retry budget is 30 here).
    for (let minute = 0; minute < 35; minute += 5) {
      clock.advance(MAX_PROBE_MS);
      await drain();
    }
    const acks = await acknowledgements(mailboxId);
    assert.deepEqual(statuses(acks), ['failed']);
    for (const ack of acks) assert.match(ack.delivery_error ?? '', /^not delivered: the relay 127\.0\.0\.1:\d+ did not answer for 30 minutes: .*(ECONNREFUSED|connect)/i);
    const jobs = await jobsOf(acks.map((ack) => ack.id));
    assert.deepEqual([...new Set(jobs.map((job) => job.status))], ['done'], 'the failure is on the message, with its send again button');
    const events = await db().selectFrom('events').select(['payload']).where('type', '=', 'message.failed').execute();
    const failedIds = new Set(events.map((event) => Number(event.payload.messageId)));
    assert.ok(acks.every((ack) => failedIds.has(ack.id)), 'each failure is an event (notifications, the live view)');
  });

  test('a relay that refuses the login fails every message on its first attempt, trying the relay once', async () => {
    sink.refuseLogins(true);
    try {
      const connectionsBefore = sink.connections;
      const { mailboxId, before } = await acknowledgementsThrough({ port: sink.port, user: 'wrong' }, 8);
      await drain();
      const acks = await acknowledgements(mailboxId);
      assert.deepEqual(statuses(acks), ['failed']);
      // One was tried and refused; the rest fail at once with the relay's refusal, untried.
      const tried = acks.filter((ack) => !ack.delivery_error?.startsWith('not sent:'));
      assert.equal(tried.length, 1);
      assert.match(tried[0]!.delivery_error ?? '', /535 5\.7\.8/);
      for (const ack of acks.filter((ack) => ack !== tried[0])) assert.match(ack.delivery_error ?? '', /^not sent: the relay 127\.0\.0\.1:\d+ refuses us: .*535 5\.7\.8/);
      assert.doesNotMatch(acks.map((ack) => ack.delivery_error).join(' '), /relay-pass/);
      assert.ok(sink.connections - connectionsBefore <= 2, `tried ${sink.connections - connectionsBefore} times`);
      assert.equal(sink.received.length, before);
      const jobs = await jobsOf(acks.map((ack) => ack.id));
      assert.deepEqual([...new Set(jobs.map((job) => `${job.status}/${job.attempts}`))], ['done/1'], 'no retries');
      assert.equal((await health(mailboxId))?.state, 'refusing');

      // Fixed settings are tried at once: "send again" goes out.
      sink.refuseLogins(false);
      const fixed = await t.request('PATCH', `/api/v1/mailboxes/${mailboxId}`, { token: t.adminToken, body: { smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'right', password: 'relay-pass' } } });
      assert.equal(fixed.statusCode, 200, fixed.body);
      const retried = await t.request('POST', `/api/v1/messages/${acks[1]!.id}/retry`, { token: t.adminToken });
      assert.equal(retried.statusCode, 200, retried.body);
      await drain();
      assert.equal((await acknowledgements(mailboxId)).find((ack) => ack.id === acks[1]!.id)!.delivery_status, 'sent');
      assert.equal(sink.received.length, before + 1);
    } finally {
      sink.refuseLogins(false);
    }
  });

  test('a mailbox without a relay fails its replies at once, without a retry, and says whom they did not reach', async () => {
    // Acknowledgements need a relay (422 acknowledgement_needs_relay), so a relay-less mailbox only
    // receives; the agents' replies on its tickets fail at once with the reason.
    const n = ++seq;
    const address = `norelay${n}@acme.test`;
    const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address, name: 'Acme' } });
    assert.equal(created.statusCode, 201, created.body);
    const mailboxId = created.json<{ id: number }>().id;
    const customers = [0, 1, 2].map((i) => `asker${n}-${i}@example.ge`);
    for (const from of customers) await sendMail(port, { from, to: address, subject: `Question from ${from}`, text: 'Hello, where is my payout?' });
    await drain();
    const tickets = await db().selectFrom('tickets').select('id').where('mailbox_id', '=', mailboxId).orderBy('id').execute();
    assert.equal(tickets.length, 3);
    for (const ticket of tickets) {
      const reply = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: 'Your payout left today.' } });
      assert.equal(reply.statusCode, 201, reply.body);
    }
    await drain();
    const replies = await acknowledgements(mailboxId);
    assert.equal(replies.length, 3, 'no acknowledgement was made, only the three replies');
    assert.deepEqual(statuses(replies), ['failed']);
    for (const reply of replies) assert.match(reply.delivery_error ?? '', /has no outbound SMTP relay configured/);
    const jobs = await jobsOf(replies.map((reply) => reply.id));
    assert.deepEqual([...new Set(jobs.map((job) => `${job.status}/${job.attempts}`))], ['done/1']);
    const recipients = await db().selectFrom('message_recipients').select(['address', 'status']).where('message_id', 'in', replies.map((reply) => reply.id)).orderBy('address').execute();
    assert.deepEqual(recipients, customers.map((address) => ({ address, status: 'failed' })));
  });

  test('a relay whose host does not exist is a permanent failure', async () => {
    const n = ++seq;
    const created = await t.request('POST', '/api/v1/mailboxes', {
      token: t.adminToken,
      body: { address: `nohost${n}@acme.test`, name: 'Acme', acknowledge: true, smtp: { host: 'relay.does-not-exist.invalid', port: 25, security: 'none' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    await sendMail(port, { from: `someone${n}@example.ge`, to: `nohost${n}@acme.test`, subject: `Hello ${n}`, text: 'Hello' });
    await drain();
    const acks = await acknowledgements(created.json<{ id: number }>().id);
    assert.deepEqual(statuses(acks), ['failed']);
    assert.match(acks[0]!.delivery_error ?? '', /ENOTFOUND|getaddrinfo|does-not-exist/);
  });
});

describe('inbound mail while the relay is dead', () => {
  test('a storm of mail becomes tickets while its acknowledgements wait for a relay where nothing listens', async () => {
    const t = await startTestApp({ env: { JOBS: 'on' } });
    const receiver = new SmtpReceiver(t.frontline.ctx);
    const port = await receiver.start(0, '127.0.0.1');
    try {
      const deadPort = await freePort();
      const created = await t.request('POST', '/api/v1/mailboxes', {
        token: t.adminToken,
        body: { address: 'storm@acme.test', name: 'Acme', acknowledge: true, smtp: { host: '127.0.0.1', port: deadPort, security: 'none' } },
      });
      assert.equal(created.statusCode, 201, created.body);
      const mailboxId = created.json<{ id: number }>().id;
      const count = 120;
      await Promise.all(
        Array.from({ length: 4 }, async (_, client) => {
          for (let i = client; i < count; i += 4) await sendMail(port, { from: `storm${i}@example.ge`, to: 'storm@acme.test', subject: `Storm ${i}`, text: 'Hello' });
        }),
      );
      const db = t.frontline.ctx.db;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { n } = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('mailbox_id', '=', mailboxId).executeTakeFirstOrThrow();
        if (Number(n) === count) break;
        assert.ok(Date.now() < deadline, `only ${n} of ${count} tickets within a minute`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Give the deliveries a moment to meet the relay.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const acks = await db
        .selectFrom('messages')
        .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
        .select(['messages.delivery_status', 'messages.delivery_attempts'])
        .where('tickets.mailbox_id', '=', mailboxId)
        .where('messages.direction', '=', 'outbound')
        .execute();
      assert.equal(acks.length, count);
      assert.deepEqual([...new Set(acks.map((ack) => ack.delivery_status))], ['queued'], 'waiting for the relay, not sent, not failed');
      const attempts = acks.reduce((sum, ack) => sum + ack.delivery_attempts, 0);
      assert.ok(attempts <= 2, `${attempts} delivery attempts against a dead relay for ${count} messages`);
      const health = await db.selectFrom('relay_health').selectAll().where('relay', '=', `mailbox:${mailboxId}`).executeTakeFirst();
      assert.equal(health?.state, 'down');
      // One failed try per probe (5 s, 10 s, 20 s, … apart), however long the storm took on a loaded machine.
      assert.ok((health?.failures ?? 0) <= 8, `${health?.failures} failed probes`);
    } finally {
      await receiver.stop();
      await t.close();
    }
  });
});
