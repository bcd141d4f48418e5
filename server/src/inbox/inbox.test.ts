import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { testChannel } from '../channels/test-channel/adapter.ts';
import { ReceiveBatcher, receiveMany, receiveRaw } from './receive.ts';

const HOUR = 3600_000;
const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

interface ListedItem {
  id: number;
  status: string;
  error: string | null;
  size: number;
  channel: string;
  attempts: number;
  ticketId: number | null;
  receivedAt: string;
}

describe('the raw inbox pipeline', () => {
  let t: TestApp;
  const clock = new TestClock();
  let seq = 0;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' }, clock });
  });
  after(() => t.close());
  beforeEach(async () => {
    testChannel.reset();
    // Each test starts with an empty queue: a retry an earlier test left waiting must not run in a later one.
    await t.frontline.ctx.db.deleteFrom('jobs').where('status', '=', 'pending').execute();
  });

  const ctx = () => t.frontline.ctx;
  const drain = () => t.frontline.workers.runner.drain();
  const item = (id: number) => ctx().db.selectFrom('inbound_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const receive = (raw: Uint8Array, dedupeKey = `key-${++seq}`, channel = 'test') =>
    receiveRaw(ctx().db, { channel, dedupeKey, raw, meta: { peer: '192.0.2.1' } });
  const mail = (overrides: Record<string, unknown> = {}) => ({
    from: { email: `Customer${++seq}@Example.test`, name: 'Nino Beridze' },
    subject: 'The printer is on fire',
    body: 'გამარჯობა — it really is.\n',
    ...overrides,
  });
  const jobsFor = (itemId: number) =>
    ctx().db.selectFrom('jobs').selectAll().where('kind', '=', 'inbox.process').where((eb) => eb(eb.ref('payload', '->>').key('itemId'), '=', String(itemId))).execute();

  test('an inbound raw item is stored as received and becomes a ticket through the test channel', async () => {
    const input = mail({ externalId: 'ext-1' });
    const raw = bytes(input);
    const received = await receive(raw);
    assert.equal(received.duplicate, false);
    assert.equal(received.item.status, 'pending');
    assert.equal(received.item.size, raw.length);
    assert.deepEqual(Buffer.from((await item(received.item.id)).raw), Buffer.from(raw), 'stored byte for byte');
    assert.equal((await jobsFor(received.item.id)).length, 1, 'its processing job is queued with it');

    await drain();
    const processed = await item(received.item.id);
    assert.equal(processed.status, 'processed');
    assert.equal(processed.error, null);
    assert.ok(processed.ticket_id && processed.message_id && processed.processed_at);
    const ticket = await ctx().db.selectFrom('tickets').selectAll().where('id', '=', processed.ticket_id).executeTakeFirstOrThrow();
    assert.equal(ticket.subject, 'The printer is on fire');
    assert.equal(ticket.channel, 'test');
    const message = await ctx().db.selectFrom('messages').selectAll().where('id', '=', processed.message_id).executeTakeFirstOrThrow();
    assert.equal(message.direction, 'inbound');
    assert.equal(message.ticket_id, ticket.id);
    assert.equal(message.external_id, 'ext-1');
    assert.match(message.body_text, /გამარჯობა/);
    const identity = await ctx().db.selectFrom('customer_identities').selectAll().where('customer_id', '=', ticket.customer_id).executeTakeFirstOrThrow();
    assert.deepEqual([identity.kind, identity.value], ['email', input.from.email.toLowerCase()]);
  });

  test('the same dedupe key twice is stored once and makes one ticket, even when both arrive together', async () => {
    const raw = bytes(mail());
    const [first, second] = await Promise.all([receive(raw, 'same-key'), receive(raw, 'same-key')]);
    const third = await receive(raw, 'same-key');
    assert.equal([first, second].filter((r) => r.duplicate).length, 1);
    assert.equal(third.duplicate, true);
    assert.equal(first.item.id, second.item.id);
    assert.equal(third.item.id, first.item.id);
    assert.equal((await jobsFor(first.item.id)).length, 1, 'one processing job');
    await drain();
    const rows = await ctx().db.selectFrom('inbound_items').select(['id', 'ticket_id']).where('dedupe_key', '=', 'same-key').execute();
    assert.equal(rows.length, 1);
    const tickets = await ctx().db.selectFrom('tickets').select('id').where('id', '=', rows[0]!.ticket_id).execute();
    assert.equal(tickets.length, 1);
    const again = await receive(raw, 'same-key');
    assert.equal(again.duplicate, true, 'still a duplicate after processing');
    assert.equal(again.item.status, 'processed');
  });

  test('a reply item is added to the ticket it names', async () => {
    const first = await receive(bytes(mail({ from: { email: 'thread@example.test' } })));
    await drain();
    const ticketId = (await item(first.item.id)).ticket_id!;
    const reply = await receive(bytes({ from: { email: 'thread@example.test' }, subject: 'Re', body: 'Still burning', replyToTicketId: ticketId }));
    await drain();
    const processed = await item(reply.item.id);
    assert.equal(processed.status, 'processed');
    assert.equal(processed.ticket_id, ticketId);
    const messages = await ctx().db.selectFrom('messages').select('body_text').where('ticket_id', '=', ticketId).orderBy('id').execute();
    assert.deepEqual(messages.map((m) => m.body_text.trim()), ['გამარჯობა — it really is.', 'Still burning']);
  });

  test('a malformed item fails visibly: listed with its error, raw bytes downloadable, for admins only', async () => {
    const raw = bytes('{"from": {"email": "x@example.test"}, "subject": "cut off');
    const { item: stored } = await receive(raw);
    await drain();
    const failed = await item(stored.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, 1);
    assert.match(failed.error ?? '', /^test channel: the item is not valid UTF-8 JSON/);
    const [job] = await jobsFor(stored.id);
    assert.equal(job!.status, 'pending', 'the job will try again later');
    assert.ok(job!.run_at.getTime() - job!.created_at.getTime() >= 500, 'after a backoff');

    const list = await t.request('GET', '/api/v1/admin/inbox?status=failed', { token: t.adminToken });
    assert.equal(list.statusCode, 200);
    const listed = list.json<{ items: ListedItem[] }>().items.find((entry) => entry.id === stored.id);
    assert.ok(listed, 'the failed item is listed');
    assert.match(listed.error ?? '', /not valid UTF-8 JSON/);
    assert.equal(listed.size, raw.length);
    assert.equal(listed.channel, 'test');
    assert.ok(!('raw' in listed), 'the list does not carry the bytes');
    assert.ok(!Number.isNaN(Date.parse(listed.receivedAt)));
    assert.equal((await t.request('GET', '/api/v1/admin/inbox?status=failed&raw=1', { token: t.adminToken })).statusCode, 400);

    const download = await t.request('GET', `/api/v1/admin/inbox/${stored.id}/raw`, { token: t.adminToken });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/octet-stream');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="inbound-\d+\.test\.raw"$/);
    assert.deepEqual(download.rawPayload, Buffer.from(raw));

    const agent = await t.agent({ email: 'inbox-agent@example.test', role: 'agent' });
    assert.equal((await t.request('GET', '/api/v1/admin/inbox', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('GET', `/api/v1/admin/inbox/${stored.id}/raw`, { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('POST', `/api/v1/admin/inbox/${stored.id}/retry`, { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/v1/admin/inbox/999999/raw', { token: t.adminToken })).statusCode, 404);
  });

  test('one malformed item among others waiting fails alone; the rest of its batch becomes tickets', async () => {
    const good = [await receive(bytes(mail({ subject: 'Batch one' }))), await receive(bytes(mail({ subject: 'Batch two' })))];
    const bad = await receive(bytes('{"cut off'));
    await drain();
    for (const { item: stored } of good) {
      const row = await item(stored.id);
      assert.equal(row.status, 'processed');
      assert.ok(row.ticket_id);
      assert.equal((await jobsFor(stored.id))[0]!.status, 'done');
    }
    const failed = await item(bad.item.id);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /not valid UTF-8 JSON/);
    assert.equal((await jobsFor(bad.item.id))[0]!.status, 'pending', 'only its own job retries');
  });

  test('an item the adapter failed on is processed by a retry once the adapter works again', async () => {
    testChannel.failNextProcessing(1);
    const { item: stored } = await receive(bytes(mail()));
    await drain();
    assert.equal((await item(stored.id)).status, 'failed');
    assert.match((await item(stored.id)).error ?? '', /told to fail/);

    const retried = await t.request('POST', `/api/v1/admin/inbox/${stored.id}/retry`, { token: t.adminToken });
    assert.equal(retried.statusCode, 200);
    assert.equal(retried.json().status, 'pending');
    await drain();
    const processed = await item(stored.id);
    assert.equal(processed.status, 'processed');
    assert.equal(processed.attempts, 2);
    assert.ok(processed.ticket_id);

    // The first job's own retry comes later and finds the item done: still one ticket.
    clock.advance(HOUR);
    await drain();
    assert.equal((await item(stored.id)).ticket_id, processed.ticket_id);
    assert.ok((await jobsFor(stored.id)).every((job) => job.status === 'done'));
    const { customer_id } = await ctx().db.selectFrom('tickets').select('customer_id').where('id', '=', processed.ticket_id).executeTakeFirstOrThrow();
    assert.equal((await ctx().db.selectFrom('tickets').select('id').where('customer_id', '=', customer_id).execute()).length, 1);

    const twice = await t.request('POST', `/api/v1/admin/inbox/${stored.id}/retry`, { token: t.adminToken });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'inbound_item_processed');
  });

  test('after its last attempt an item stays failed with its error, and its job is dead', async () => {
    const { item: stored } = await receive(bytes({ from: { email: 'no-body@example.test' }, subject: 'Empty' }));
    for (let i = 0; i < 10; i++) {
      await drain();
      clock.advance(2 * HOUR);
    }
    const [job] = await jobsFor(stored.id);
    assert.equal(job!.status, 'dead');
    assert.equal(job!.attempts, job!.max_attempts);
    const failed = await item(stored.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, job!.max_attempts);
    assert.equal(failed.error, 'test channel: "body" must be non-empty text');
  });

  test('an item on a channel without an adapter fails with a clear reason', async () => {
    const { item: stored } = await receive(bytes('hello'), 'k-nowhere', 'nowhere');
    await drain();
    const failed = await item(stored.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error, 'no adapter for channel "nowhere"');
  });

  test('items arriving together are stored in one commit, each once, duplicates told apart, and all processed', async () => {
    const one = { from: { email: 'storm1@example.test' }, subject: 'Storm 1', body: 'First' };
    const first = await receive(bytes(one), 'storm-a');
    const results = await receiveMany(ctx().db, [
      { channel: 'test', dedupeKey: 'storm-a', raw: bytes(one) },
      { channel: 'test', dedupeKey: 'storm-b', raw: bytes({ ...one, subject: 'Storm 2' }), sender: 'storm1@example.test' },
      { channel: 'test', dedupeKey: 'storm-b', raw: bytes({ ...one, subject: 'Storm 2' }) },
    ]);
    assert.deepEqual(results.map((r) => r.duplicate), [true, false, true]);
    assert.equal(results[0]!.item.id, first.item.id);
    assert.equal(results[2]!.item.id, results[1]!.item.id);
    assert.equal(results[1]!.item.sender, 'storm1@example.test');

    const batcher = new ReceiveBatcher(ctx().db);
    const many = await Promise.all(
      Array.from({ length: 30 }, (_, i) => batcher.receive({ channel: 'test', dedupeKey: `burst-${i % 25}`, raw: bytes({ ...one, subject: `Burst ${i % 25}` }) })),
    );
    assert.equal(new Set(many.map((r) => r.item.id)).size, 25);
    assert.equal(many.filter((r) => r.duplicate).length, 5);
    await drain();
    const counts = await t.request('GET', '/api/v1/admin/inbox/counts?channel=test', { token: t.adminToken });
    assert.equal(counts.statusCode, 200);
    assert.equal(counts.json().pending, 0);
    const burst = await ctx().db.selectFrom('tickets').select('id').where('subject', 'like', 'Burst %').execute();
    assert.equal(burst.length, 25, 'each distinct item became exactly one ticket');
  });
});
