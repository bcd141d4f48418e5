import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { freshDatabase, type TestDatabase } from '../../test/harness.ts';
import { connect, type Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { appendEvent, type DomainEvent, type NewEvent } from './append.ts';
import { EventBus } from './bus.ts';

/**
 * The probes are mailbox.updated events (nothing in this test acts on them), told apart by their
 * address; mailboxId and fields carry what a test needs.
 */
const probe = (label: string, mailboxId = 0, fields: string[] = []): NewEvent<'mailbox.updated'> => ({ type: 'mailbox.updated', payload: { mailboxId, address: label, fields } });
const labelled = (label: string) => (event: DomainEvent): event is DomainEvent<'mailbox.updated'> => event.type === 'mailbox.updated' && event.payload.address === label;

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Waits until `done()` holds. */
async function until(done: () => boolean, label: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${label}`);
    await sleep(10);
  }
}

/** Waits until `done()` holds, then a little longer, so a second (wrong) delivery would show up too. */
async function settle(bus: EventBus, done: () => boolean, label: string): Promise<void> {
  await until(done, label);
  await sleep(100);
  await bus.settled();
}

describe('the event bus', () => {
  let fresh: TestDatabase;
  let bus: EventBus;
  const heard: DomainEvent[] = [];
  const of = (label: string) => heard.filter(labelled(label));

  before(async () => {
    fresh = await freshDatabase();
    await migrate(fresh.database);
    bus = new EventBus(fresh.database, log);
    await bus.start();
    bus.subscribe('*', (event) => {
      heard.push(event);
    });
  });
  after(async () => {
    await bus.stop();
    await fresh.database.close();
    await fresh.drop();
  });

  test('an event appended in a transaction reaches subscribers once, and only after commit', async () => {
    const typed: Array<DomainEvent<'mailbox.updated'>> = [];
    const unsubscribe = bus.subscribe('mailbox.updated', (event) => {
      if (event.payload.address === 'test.committed') typed.push(event);
    });
    await fresh.database.db.transaction().execute(async (tx) => {
      await appendEvent(tx, { ...probe('test.committed', 42), actorAgentId: 7 });
      await sleep(100);
      await bus.settled();
      assert.equal(of('test.committed').length, 0, 'nothing is heard before commit');
    });
    await settle(bus, () => of('test.committed').length > 0, 'the committed event');
    assert.equal(of('test.committed').length, 1);
    assert.equal(typed.length, 1, 'a subscriber of the type hears it once too');
    const [event] = typed;
    assert.equal(event!.actorAgentId, 7);
    assert.deepEqual(event!.payload, { mailboxId: 42, address: 'test.committed', fields: [] });
    unsubscribe();
  });

  test('an event appended in a transaction that rolls back is never delivered', async () => {
    await assert.rejects(
      fresh.database.db.transaction().execute(async (tx) => {
        await appendEvent(tx, probe('test.rolled-back'));
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    await appendEvent(fresh.database.db, probe('test.after-rollback'));
    await settle(bus, () => of('test.after-rollback').length > 0, 'the event after the rollback');
    assert.equal(of('test.rolled-back').length, 0);
  });

  test('an event too large for NOTIFY is read back from the table and delivered whole', async () => {
    const big = 'x'.repeat(20_000);
    await appendEvent(fresh.database.db, probe('test.big', 0, [big]));
    await settle(bus, () => of('test.big').length > 0, 'the large event');
    assert.equal(of('test.big').length, 1);
    assert.equal(of('test.big')[0]!.payload.fields[0], big);
  });

  test('events are delivered in the order they were committed, and a failing subscriber does not stop the others', async () => {
    const order: number[] = [];
    const unsubscribe = [
      bus.subscribe('mailbox.updated', () => {
        throw new Error('a broken subscriber');
      }),
      bus.subscribe('mailbox.updated', async (event) => {
        if (event.payload.address !== 'test.ordered') return;
        await sleep(Math.floor(Math.random() * 5));
        order.push(event.payload.mailboxId);
      }),
    ];
    for (let i = 0; i < 20; i++) await appendEvent(fresh.database.db, probe('test.ordered', i));
    await settle(bus, () => order.length === 20, 'twenty events');
    assert.deepEqual(order, [...Array(20).keys()]);
    for (const off of unsubscribe) off();
  });

  test('a batch subscriber hears every event once, in commit order, in batches, without holding up the others; settled() waits for it', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const unsubscribe = bus.subscribeBatches(async (events) => {
      const mine = events.filter((event) => event.type === 'mailbox.updated' && event.payload.address.startsWith('test.batch.')).map((event) => (event as DomainEvent<'mailbox.updated'>).payload.address);
      if (mine.length === 0) return;
      batches.push(mine);
      // The first batch is slow: what commits meanwhile must come as one later batch.
      if (batches.length === 1) await gate;
    });
    try {
      await appendEvent(fresh.database.db, probe('test.batch.0'));
      // (not settle(): settled() would wait for the batch that waits for this test)
      await until(() => batches.length === 1, 'the first batch');
      for (let i = 1; i <= 20; i++) await appendEvent(fresh.database.db, probe(`test.batch.${i}`));
      // The plain subscriber heard all of them while the batch subscriber was still busy.
      await until(() => of('test.batch.20').length === 1, 'the plain subscriber');
      await sleep(50);
      assert.equal(batches.length, 1, 'the batch subscriber is still on its first batch');
      let settled = false;
      const waiting = bus.settled().then(() => (settled = true));
      await sleep(50);
      assert.equal(settled, false, 'settled() waits for the batch subscriber');
      release();
      await waiting;
      const heardInOrder = batches.flat();
      assert.deepEqual(heardInOrder, Array.from({ length: 21 }, (_, i) => `test.batch.${i}`));
      assert.ok(batches.length <= 3, `21 events in ${batches.length} batches`);
    } finally {
      release();
      unsubscribe();
    }
  });

  test('an event of a type this node does not know is skipped, and the events after it are delivered', async () => {
    const before = heard.length;
    // Outside the catalogue on purpose (the type checker refuses it), as a newer node might write one; once small, once too large for NOTIFY.
    await appendEvent(fresh.database.db, { type: 'test.unknown', payload: {} } as unknown as NewEvent);
    await appendEvent(fresh.database.db, { type: 'test.unknown', payload: { big: 'x'.repeat(20_000) } } as unknown as NewEvent);
    await appendEvent(fresh.database.db, probe('test.after-unknown'));
    await settle(bus, () => of('test.after-unknown').length > 0, 'the event after the unknown ones');
    assert.deepEqual(heard.slice(before).map((event) => event.type), ['mailbox.updated'], 'only the known event reached the subscribers');
  });

  test('a bus started while another transaction is open and then rolls back still hears events', async () => {
    // On PGlite every caller shares one session; a LISTEN slipped into someone's transaction was undone by its rollback.
    const late = new EventBus(fresh.database, log);
    const lateHeard: DomainEvent[] = [];
    late.subscribe('mailbox.updated', (event) => {
      if (event.payload.address === 'test.late') lateHeard.push(event);
    });
    let starting: Promise<void> | undefined;
    await assert.rejects(
      fresh.database.db.transaction().execute(async (tx) => {
        await sql`SELECT 1`.execute(tx);
        starting = late.start();
        await sleep(50);
        throw new Error('roll back');
      }),
    );
    await starting;
    try {
      await appendEvent(fresh.database.db, probe('test.late'));
      await settle(late, () => lateHeard.length > 0, 'the event on the late bus');
      assert.equal(lateHeard.length, 1);
    } finally {
      await late.stop();
    }
  });

  test('on PostgreSQL, an event written through one connection is heard by a bus on another (another node)', { skip: !process.env.TEST_DATABASE_URL }, async () => {
    const other: Database = await connect({ url: fresh.url!, poolSize: 2 });
    const otherBus = new EventBus(other, log);
    await otherBus.start();
    const there: DomainEvent[] = [];
    otherBus.subscribe('mailbox.updated', (event) => {
      if (event.payload.address === 'test.cross-node') there.push(event);
    });
    try {
      await fresh.database.db.transaction().execute((tx) => appendEvent(tx, probe('test.cross-node', 1, ['node 1'])));
      await settle(otherBus, () => there.length > 0, 'the event on the other node');
      await settle(bus, () => of('test.cross-node').length > 0, 'the event on the writing node');
      assert.equal(there.length, 1);
      assert.deepEqual(there[0]!.payload, { mailboxId: 1, address: 'test.cross-node', fields: ['node 1'] });
      assert.equal(of('test.cross-node').length, 1);
    } finally {
      await otherBus.stop();
      await other.close();
    }
  });

  test('on PostgreSQL, events committed while the LISTEN connection was down are caught up once it returns', { skip: !process.env.TEST_DATABASE_URL }, async () => {
    const killed = await sql<{ pid: number }>`
      SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`.execute(fresh.database.db);
    assert.ok(killed.rows.length > 0, 'the LISTEN connection was found');
    for (let i = 0; i < 5; i++) await appendEvent(fresh.database.db, probe('test.missed', i));
    await settle(bus, () => of('test.missed').length >= 5, 'the missed events');
    await sleep(300);
    await appendEvent(fresh.database.db, probe('test.after-reconnect'));
    await settle(bus, () => of('test.after-reconnect').length > 0, 'an event after reconnecting');
    // Once each; the order is not promised here, as events that commit while the connection returns may be heard before the catch-up.
    assert.deepEqual(of('test.missed').map((event) => event.payload.mailboxId).sort(), [0, 1, 2, 3, 4], 'each missed event once');
    assert.equal(of('test.after-reconnect').length, 1);
  });
});
