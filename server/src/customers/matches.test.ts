// One person on many channels: customers who may be the same person are offered for a merge — the
// same number seen as a phone and as WhatsApp, with or without the country code, or the same full
// name — and never a merged customer, the customer itself, or a lone first name.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.ts';

describe('GET /customers/:id/matches', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
    const make = async (key: string, name: string, identities: Array<{ kind: string; value: string }>) => {
      const response = await t.request('POST', '/api/v1/customers', { token: t.adminToken, body: { name, identities } });
      assert.equal(response.statusCode, 201, response.body);
      ids[key] = response.json<{ id: number }>().id;
    };
    await make('caller', 'Caller', [{ kind: 'phone', value: '599 11 22 33' }]);
    await make('whatsapp', 'Tamar', [{ kind: 'whatsapp', value: '+995 599 11 22 33' }]);
    await make('email', 'Tamar Kiknadze', [{ kind: 'email', value: 'tamar@example.ge' }]);
    await make('telegram', 'tamar kiknadze', [{ kind: 'telegram', value: '@tamar_k' }]);
    await make('short', 'Tamar', [{ kind: 'phone', value: '1234' }]);
    await make('other', 'Someone Else', [{ kind: 'phone', value: '+995 577 00 00 00' }]);
  });
  after(() => t.close());

  const matches = async (key: string) => {
    const response = await t.request('GET', `/api/v1/customers/${ids[key]}/matches`, { token: t.adminToken });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Array<{ id: number; reason: string; identities: unknown[] }> }>().items.map((item) => [item.id, item.reason]);
  };

  test('the same number as phone and WhatsApp, with or without the country code', async () => {
    assert.deepEqual(await matches('caller'), [[ids.whatsapp, 'number']]);
    assert.deepEqual(await matches('whatsapp'), [[ids.caller, 'number']], 'a lone first name is not a match by name');
    assert.deepEqual(await matches('short'), [], 'a number too short to tell is no match');
    assert.deepEqual(await matches('other'), []);
  });

  test('the same full name, in any case', async () => {
    assert.deepEqual(await matches('email'), [[ids.telegram, 'name']]);
  });

  test('a merged customer is no longer offered', async () => {
    const merged = await t.request('POST', `/api/v1/customers/${ids.email}/merge`, { token: t.adminToken, body: { sourceId: ids.telegram } });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.deepEqual(await matches('email'), []);
  });

  test('any agent may read them; unknown customers, bad ids and no session answer 4xx', async () => {
    const agent = await t.agent({ email: 'light@example.test', role: 'light_agent' });
    assert.equal((await t.request('GET', `/api/v1/customers/${ids.caller}/matches`, { token: agent.token })).statusCode, 200);
    assert.equal((await t.request('GET', '/api/v1/customers/999999/matches', { token: t.adminToken })).statusCode, 404);
    assert.equal((await t.request('GET', '/api/v1/customers/abc/matches', { token: t.adminToken })).statusCode, 400);
    assert.equal((await t.request('GET', `/api/v1/customers/${ids.caller}/matches`)).statusCode, 401);
  });

  test('the number look-up uses its index', async () => {
    // A few rows would be scanned anyway: with scans off, the plan shows whether the index serves (one connection: a transaction).
    const plan = await t.frontline.ctx.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      return sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT customer_id FROM customer_identities WHERE kind IN ('phone', 'whatsapp') AND right(regexp_replace(value, '[^0-9]', '', 'g'), 9) = '599112233'`.execute(tx);
    });
    assert.match(plan.rows.map((row) => row['QUERY PLAN']).join('\n'), /customer_identities_number_tail/);
  });
});
