import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { suiteDatabase } from '../../test/harness.ts';
import { preparable } from './connect.ts';

describe('prepared statements (PostgreSQL)', () => {
  test('lookups and writes are prepared; searches, pages, sorts and whole-row statements are planned each time', () => {
    const prepared = [
      'select "agents"."id", "agents"."email" from "sessions" inner join "agents" on "agents"."id" = "sessions"."agent_id" where "sessions"."token_hash" = $1',
      'insert into "messages" ("ticket_id", "body_text") values ($1, $2) returning "id", "ticket_id"',
      'update "tickets" set "updated_at" = $1, search_vector = CASE WHEN pg_column_size(tickets.search_vector) < 512 * 1024 THEN 1 END where "id" = $2 returning "tickets"."id"',
      '\n    WITH e AS ( INSERT INTO events (type) VALUES ($1) RETURNING id ) SELECT id FROM e ORDER BY id',
      'delete from "sessions" where "token_hash" = $1',
    ];
    const planned = [
      'select * from "agents" where "id" = $1',
      'insert into "customers" ("name") values ($1) returning *',
      'select "page".*, "customers"."name" from (select 1) as "page"',
      'select "id" from "tickets" where tickets.search_vector @@ $1::tsquery order by "updated_at" desc limit $2',
      'select "id" from "customers" where "name" ilike $1',
      'select "value" from "customer_identities" where "customer_id" = $1 order by "id"',
      'vacuum analyze "jobs"',
    ];
    for (const text of prepared) assert.equal(preparable(text), true, text);
    for (const text of planned) assert.equal(preparable(text), false, text);
  });

  const fresh = suiteDatabase();

  test('a prepared statement runs again with other values, and still runs after a migration adds a column to its table', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only (the embedded database is one in-process session)' }, async () => {
    const { db } = fresh.database;
    const insert = (name: string) => db.insertInto('teams').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
    const names = ['Billing', 'Партнёры', 'ბილინგი', 'Returns', 'VIP', 'Night shift', 'Weekend'];
    // More executions than PostgreSQL's five custom plans before it may take a generic one.
    const rows: Array<{ id: number; name: string }> = [];
    for (const name of names) rows.push(await insert(name));
    assert.deepEqual(rows.map((row) => row.name), names);
    const find = (id: number) => db.selectFrom('teams').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    for (const row of rows) assert.deepEqual(await find(row.id), row);
    // Named on the connection that ran it: one transaction keeps to one connection.
    const named = await db.transaction().execute(async (tx) => {
      await tx.selectFrom('teams').select(['id', 'name']).where('id', '=', rows[1]!.id).executeTakeFirst();
      return (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(tx)).rows.map((row) => row.statement);
    });
    assert.ok(named.some((statement) => /^select "id", "name" from "teams" where "id" = \$1$/.test(statement)), named.join('\n'));
    // Another node's migration adds a column: named statements naming their columns go on.
    await sql`ALTER TABLE teams ADD COLUMN colour text`.execute(db);
    assert.equal((await insert('After the migration')).name, 'After the migration');
    assert.equal((await find(rows[0]!.id))?.name, 'Billing');
  });
});
