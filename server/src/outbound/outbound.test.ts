import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { testChannel } from '../channels/test-channel/adapter.ts';
import { findOrCreateCustomer } from '../customers/verbs.ts';
import { addMessage, createTicket } from '../tickets/verbs.ts';

const HOUR = 3600_000;

describe('the outbound pipeline', () => {
  let t: TestApp;
  const clock = new TestClock();
  let adminId: number;
  let seq = 0;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' }, clock });
    const admin = await t.frontline.ctx.db.selectFrom('agents').select('id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow();
    adminId = admin.id;
    await t.frontline.ctx.db.updateTable('agents').set({ alias: 'Tamar', signature: '— Tamar, Frontline support' }).where('id', '=', adminId).execute();
  });
  after(() => t.close());
  beforeEach(async () => {
    testChannel.reset();
    // Each test starts with an empty queue: a retry an earlier test left waiting must not run in a later one.
    await t.frontline.ctx.db.deleteFrom('jobs').where('status', '=', 'pending').execute();
  });

  const ctx = () => t.frontline.ctx;
  const drain = () => t.frontline.workers.runner.drain();
  const message = (id: number) => ctx().db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = (type: string, messageId: number) =>
    ctx().db.selectFrom('events').selectAll().where('type', '=', type).where((eb) => eb(eb.ref('payload', '->>').key('messageId'), '=', String(messageId))).execute();

  /** A customer's ticket on `channel` and an agent's public reply to it, as the tickets feature stores them. */
  async function reply(channel = 'test') {
    const now = clock.now();
    return ctx().db.transaction().execute(async (tx) => {
      const customer = await findOrCreateCustomer(tx, { kind: 'email', value: `reader${++seq}@example.test`, name: 'Giorgi' }, now);
      const { ticket } = await createTicket(
        tx,
        { subject: `Invoice ${seq}`, customerId: customer.id, channel, message: { direction: 'inbound', bodyText: 'Where is my invoice?' } },
        { kind: 'customer', customerId: customer.id },
        now,
      );
      const added = await addMessage(tx, ticket.id, { direction: 'outbound', bodyText: 'Attached, sorry for the wait.', authorAgentId: adminId }, { kind: 'agent', agentId: adminId }, now);
      return { ticket, message: added.message, email: `reader${seq}@example.test` };
    });
  }

  test('a reply is queued, delivered through its channel with what the adapter needs, and marked sent', async () => {
    const { ticket, message: stored, email } = await reply();
    assert.equal(stored.delivery_status, 'queued');
    await drain();
    const sent = await message(stored.id);
    assert.equal(sent.delivery_status, 'sent');
    assert.equal(sent.delivery_attempts, 1);
    assert.equal(sent.delivery_error, null);
    assert.ok(sent.sent_at);
    assert.match(sent.external_id ?? '', /^test-\d+-1$/);
    assert.equal(testChannel.sent.length, 1);
    const [outbound] = testChannel.sent;
    assert.equal(outbound!.messageId, stored.id);
    assert.equal(outbound!.ticketNumber, ticket.number);
    assert.equal(outbound!.subject, ticket.subject);
    assert.equal(outbound!.bodyText, 'Attached, sorry for the wait.');
    assert.deepEqual(outbound!.recipients, [{ kind: 'email', value: email }]);
    assert.deepEqual(outbound!.agent, { id: adminId, alias: 'Tamar', signature: '— Tamar, Frontline support' });
    const events = await eventsOf('message.sent', stored.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.ticket_id, ticket.id);

    await drain();
    assert.equal(testChannel.sent.length, 1, 'a sent message is not sent again');
  });

  test('the delivery reaction queues exactly one job per public reply, none for a note or a reply recorded on the phone channel, even when run again', async () => {
    const { ticket, message: replied } = await reply();
    const [note, phoned] = await ctx().db.transaction().execute(async (tx) => [
      (await addMessage(tx, ticket.id, { direction: 'outbound', internal: true, bodyText: 'Invoice resent by hand.', authorAgentId: adminId }, { kind: 'agent', agentId: adminId }, clock.now())).message,
      (await addMessage(tx, ticket.id, { direction: 'outbound', channel: 'phone', bodyText: 'Called back: all good.', authorAgentId: adminId }, { kind: 'agent', agentId: adminId }, clock.now())).message,
    ]);
    assert.deepEqual([note.delivery_status, phoned.delivery_status], [null, null]);
    const deliveryJobs = async (messageId: number) =>
      (await ctx().db.selectFrom('jobs').select('payload').where('kind', '=', 'outbound.deliver').execute()).filter((job) => (job.payload as { messageId: number }).messageId === messageId).length;
    assert.equal(await deliveryJobs(replied.id), 0, 'the reply is not queued by the tickets feature itself');
    await drain();
    assert.deepEqual([await deliveryJobs(replied.id), await deliveryJobs(note.id), await deliveryJobs(phoned.id)], [1, 0, 0]);
    assert.equal((await message(replied.id)).delivery_status, 'sent');
    // A node that died after the reaction committed but before recording it runs the job again: nothing twice.
    await ctx().db.updateTable('jobs').set({ status: 'pending', finished_at: null }).where('kind', '=', 'reaction:outbound.queue-delivery').execute();
    await drain();
    assert.equal(await deliveryJobs(replied.id), 1);
    assert.equal(testChannel.sent.filter((sent) => sent.messageId === replied.id).length, 1);
  });

  test('a delivery that fails twice is retried with backoff and then sent', async () => {
    testChannel.failNextDeliveries(2, 'provider busy (421)');
    const { message: stored } = await reply();
    await drain();
    let row = await message(stored.id);
    assert.equal(row.delivery_status, 'queued', 'still queued between attempts');
    assert.equal(row.delivery_attempts, 1);
    assert.equal(row.delivery_error, 'provider busy (421)');
    const job = await ctx().db.selectFrom('jobs').selectAll().where('kind', '=', 'outbound.deliver').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(job.status, 'pending');
    assert.ok(job.run_at.getTime() - job.created_at.getTime() >= 500, 'the next attempt waits at least half the base backoff');

    clock.advance(HOUR);
    await drain();
    row = await message(stored.id);
    assert.equal(row.delivery_attempts, 2);
    clock.advance(HOUR);
    await drain();
    row = await message(stored.id);
    assert.equal(row.delivery_status, 'sent');
    assert.equal(row.delivery_attempts, 3);
    assert.equal(row.delivery_error, null);
    assert.equal(testChannel.sent.length, 1);
    assert.equal(testChannel.attempts.length, 3);
  });

  test('a delivery that always fails ends failed with the reason, and the retry route sends it once fixed', async () => {
    testChannel.failNextDeliveries(Infinity, 'mailbox unavailable (550)');
    const { message: stored, ticket } = await reply();
    for (let i = 0; i < 10; i++) {
      await drain();
      clock.advance(2 * HOUR);
    }
    const failed = await message(stored.id);
    assert.equal(failed.delivery_status, 'failed');
    assert.equal(failed.delivery_error, 'mailbox unavailable (550)');
    assert.equal(failed.delivery_attempts, 8);
    const failedEvents = await eventsOf('message.failed', stored.id);
    assert.equal(failedEvents.length, 1);
    assert.equal(failedEvents[0]!.payload.error, 'mailbox unavailable (550)');
    const job = await ctx().db.selectFrom('jobs').selectAll().where('kind', '=', 'outbound.deliver').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([job.status, job.attempts], ['done', 8], 'the failure is shown on the message, not a second time as a dead job');

    const light = await t.agent({ email: 'light-outbound@example.test', role: 'light_agent' });
    assert.equal((await t.request('POST', `/api/v1/messages/${stored.id}/retry`, { token: light.token })).statusCode, 403);

    const [firstLine, secondLine] = await ctx().db.selectFrom('teams').select('id').orderBy('id').limit(2).execute();
    await ctx().db.updateTable('tickets').set({ team_id: firstLine!.id }).where('id', '=', ticket.id).execute();
    const outsider = await t.agent({ email: 'outsider-outbound@example.test', role: 'agent', teamIds: [secondLine!.id] });
    const hidden = await t.request('POST', `/api/v1/messages/${stored.id}/retry`, { token: outsider.token });
    assert.equal(hidden.statusCode, 403, 'not for an agent who cannot see the ticket');
    assert.equal((await message(stored.id)).delivery_status, 'failed');

    testChannel.failNextDeliveries(0);
    const agent = await t.agent({ email: 'outbound-agent@example.test', role: 'agent', teamIds: [firstLine!.id] });
    const retried = await t.request('POST', `/api/v1/messages/${stored.id}/retry`, { token: agent.token });
    assert.equal(retried.statusCode, 200);
    assert.equal(retried.json().deliveryStatus, 'queued');
    assert.equal(retried.json().ticketId, ticket.id);
    assert.equal((await eventsOf('message.requeued', stored.id)).length, 1);
    await drain();
    const sent = await message(stored.id);
    assert.equal(sent.delivery_status, 'sent');
    assert.equal(sent.delivery_attempts, 9);

    const again = await t.request('POST', `/api/v1/messages/${stored.id}/retry`, { token: agent.token });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'message_not_failed');
    assert.equal((await t.request('POST', '/api/v1/messages/999999/retry', { token: agent.token })).statusCode, 404);
  });

  test('a reply on a channel with no delivery adapter fails at once with a clear reason', async () => {
    const { message: stored } = await reply('fax');
    assert.equal(stored.delivery_status, 'queued');
    await drain();
    const failed = await message(stored.id);
    assert.equal(failed.delivery_status, 'failed');
    assert.equal(failed.delivery_error, 'no adapter for channel "fax"');
    assert.equal(failed.delivery_attempts, 1);
    assert.equal((await eventsOf('message.failed', stored.id)).length, 1);
    const job = await ctx().db.selectFrom('jobs').selectAll().where('kind', '=', 'outbound.deliver').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(job.status, 'done', 'not retried: retrying cannot help until an adapter exists');
  });
});
