import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { suiteDatabase } from '../../test/harness.ts';
import { connect, PGLITE_MAX_PARAMETERS } from './connect.ts';
import { anyOf, insertInSlices, MAX_PARAMETERS, slicesOf } from './bulk.ts';
import { knownMessageIds, recordMessageIdsOf } from '../channels/email/store.ts';
import { insertParticipants } from '../tickets/store.ts';
import { createTicket } from '../tickets/verbs.ts';
import { findOrCreateCustomers } from '../customers/verbs.ts';

const ROWS = 100_000;

describe('bulk statements', () => {
  const fresh = suiteDatabase();

  test('slices never carry more than MAX_PARAMETERS, whatever the row width', () => {
    const rows = Array.from({ length: 25_001 }, (_, index) => index);
    for (const perRow of [1, 3, 7, 4000, 20_000]) {
      const slices = slicesOf(rows, perRow);
      assert.equal(slices.flat().length, rows.length);
      for (const slice of slices) assert.ok(slice.length * perRow <= MAX_PARAMETERS || slice.length === 1);
    }
    assert.deepEqual(slicesOf([], 4), []);
  });

  test(`${ROWS.toLocaleString('en')} rows are inserted, found by a list of ${ROWS.toLocaleString('en')} and the database keeps answering`, async () => {
    const db = fresh.database.db;
    const now = new Date();
    const [customer] = await findOrCreateCustomers(db, [{ kind: 'email', value: 'bulk@example.test' }], now);
    const { ticket, message } = await createTicket(
      db,
      { subject: 'bulk', customerId: customer!.id, channel: 'email', message: { direction: 'inbound', bodyText: 'hello', authorCustomerId: customer!.id, channel: 'email' } },
      { kind: 'customer', customerId: customer!.id },
      now,
    );
    const people = Array.from({ length: ROWS }, (_, index) => ({ address: `person${index}@example.test`, name: `Person ${index}` }));
    await db.transaction().execute((tx) => insertParticipants(tx, ticket.id, people, now, { state: 'accepted', sender: 'customer@example.test' }));
    const headers = people.map((person) => `<${person.address}>`);
    await recordMessageIdsOf(db, headers.map((header) => ({ header, ticketId: ticket.id, messageId: message.id })));

    const counted = await db.selectFrom('ticket_participants').select((eb) => eb.fn.countAll<number>().as('n')).where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    assert.equal(Number(counted.n), ROWS);
    assert.equal((await knownMessageIds(db, [...headers, '<unknown@example.test>'])).size, ROWS);
    const ids = Array.from({ length: ROWS }, (_, index) => index + 1);
    const found = await db.selectFrom('email_message_ids').select('message_id').where('message_id', '=', anyOf(ids, 'bigint')).limit(1).execute();
    assert.equal(found.length, 1);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    assert.deepEqual(rows, [{ one: 1 }]);
  });

  test('an empty list matches nothing and an empty insert writes nothing', async () => {
    const db = fresh.database.db;
    assert.deepEqual(await db.selectFrom('tickets').select('id').where('id', '=', anyOf([], 'bigint')).execute(), []);
    assert.deepEqual(await insertInSlices([], () => Promise.reject(new Error('no statement for no rows'))), []);
  });
});

describe('the embedded database', () => {
  test(`refuses a statement over ${PGLITE_MAX_PARAMETERS.toLocaleString('en')} parameters instead of breaking for good`, async () => {
    const database = await connect({});
    try {
      await sql`CREATE TABLE wide (a int, b text, c text, d int)`.execute(database.db);
      const rows = Array.from({ length: 10_000 }, (_, index) => sql`(${index}, ${'b'}, ${'c'}, ${index})`);
      await assert.rejects(sql`INSERT INTO wide VALUES ${sql.join(rows)}`.execute(database.db), /40000 bind parameters was refused/);
      // Without the guard, this statement left every later query answering no rows at all.
      const { rows: after } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
      assert.deepEqual(after, [{ one: 1 }]);
    } finally {
      await database.close();
    }
  });

  test('a failure it cannot recover from is reported once to the fatal handler', async () => {
    const client = await PGlite.create();
    const fatal: unknown[] = [];
    const database = await connect({ pglite: client, onFatal: (error) => fatal.push(error) });
    assert.deepEqual((await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)).rows, [{ one: 1 }]);
    // What a WebAssembly abort leaves behind: the engine is gone under the connection.
    await client.close();
    await assert.rejects(sql`SELECT 1`.execute(database.db), /PGlite is closed/);
    await assert.rejects(sql`SELECT 1`.execute(database.db), /PGlite is closed/);
    assert.equal(fatal.length, 1);
    assert.match(String(fatal[0]), /PGlite is closed/);
    await database.close();
  });

  test('an ordinary error is not fatal', async () => {
    const fatal: unknown[] = [];
    const database = await connect({ onFatal: (error) => fatal.push(error) });
    await assert.rejects(sql`SELECT * FROM no_such_table`.execute(database.db), /does not exist/);
    assert.deepEqual((await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)).rows, [{ one: 1 }]);
    assert.equal(fatal.length, 0);
    await database.close();
  });
});
