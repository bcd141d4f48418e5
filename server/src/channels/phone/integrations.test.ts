import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/harness.ts';

interface IntegrationWithToken { id: number; name: string; teamId: number | null; active: boolean; token: string; webhookPath: string }

describe('phone integrations and their webhook', () => {
  let t: TestApp;
  let teams: Array<{ id: number; name: string }>;
  let seq = 0;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
    teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: typeof teams }>().items;
  });
  after(() => t.close());

  const db = () => t.frontline.ctx.db;
  const drain = () => t.frontline.workers.runner.drain();
  const integration = async (body: Record<string, unknown> = {}) => {
    const response = await t.request('POST', '/api/v1/phone/integrations', { token: t.adminToken, body: { name: `PBX ${++seq}`, ...body } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<IntegrationWithToken>();
  };
  const post = (path: string, body: unknown) => t.request('POST', path, { body });
  const phoneItems = () => db().selectFrom('inbound_items').selectAll().where('channel', '=', 'phone').execute();
  const call = (overrides: Record<string, unknown> = {}) => ({ callId: `call-${++seq}`, event: 'ringing', direction: 'inbound', from: '+995 555 00 00 01', to: '+995 32 200 00 00', ...overrides });

  test('admins create, list, change, rotate and delete integrations; the token is shown once and stored only hashed', async () => {
    const created = await integration({ teamId: teams[0]!.id });
    assert.match(created.token, /^flp_[\w-]{43}$/);
    assert.equal(created.webhookPath, `/api/v1/channels/phone/${created.token}/events`);
    const row = await db().selectFrom('phone_integrations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(row.token_hash, crypto.createHash('sha256').update(created.token).digest('hex'));
    const listed = await t.request('GET', '/api/v1/phone/integrations', { token: t.adminToken });
    assert.equal(listed.statusCode, 200);
    assert.ok(!listed.body.includes(created.token) && !listed.body.includes(row.token_hash), 'neither the token nor its hash is listed');
    assert.equal(listed.json<{ items: Array<{ id: number; teamId: number }> }>().items.find((item) => item.id === created.id)?.teamId, teams[0]!.id);
    const read = await t.request('GET', `/api/v1/phone/integrations/${created.id}`, { token: t.adminToken });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json<Record<string, unknown>>().token, undefined);
    const changed = await t.request('PATCH', `/api/v1/phone/integrations/${created.id}`, { token: t.adminToken, body: { name: 'Office PBX', teamId: null } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual([changed.json<{ name: string }>().name, changed.json<{ teamId: null }>().teamId], ['Office PBX', null]);

    // A rotated token replaces the old one at once.
    const rotated = await t.request('POST', `/api/v1/phone/integrations/${created.id}/token`, { token: t.adminToken });
    assert.equal(rotated.statusCode, 200);
    const fresh = rotated.json<IntegrationWithToken>().token;
    assert.notEqual(fresh, created.token);
    assert.equal((await post(created.webhookPath, call())).statusCode, 401, 'the old token is refused');
    assert.equal((await post(`/api/v1/channels/phone/${fresh}/events`, call())).statusCode, 200, 'the new one works');

    assert.equal((await t.request('DELETE', `/api/v1/phone/integrations/${created.id}`, { token: t.adminToken })).statusCode, 204);
    assert.equal((await t.request('GET', `/api/v1/phone/integrations/${created.id}`, { token: t.adminToken })).statusCode, 404);
    assert.equal((await t.request('DELETE', `/api/v1/phone/integrations/${created.id}`, { token: t.adminToken })).statusCode, 404);
    // Each change is in the audit log, never with the token or its hash.
    const audit = await t.request('GET', `/api/v1/admin/audit?subjectType=phone_integration&subjectId=${created.id}`, { token: t.adminToken });
    assert.equal(audit.statusCode, 200, audit.body);
    const actions = audit.json<{ items: Array<{ action: string }> }>().items.map((entry) => entry.action).reverse();
    assert.deepEqual(actions, ['phone_integration.created', 'phone_integration.changed', 'phone_integration.token_rotated', 'phone_integration.deleted']);
    assert.ok(![created.token, fresh, row.token_hash].some((secret) => audit.body.includes(secret)), 'no token in the audit log');
    // The event stored before the deletion is processed as nothing, not as an error.
    await drain();
    assert.ok((await phoneItems()).every((item) => item.status === 'processed'));
  });

  test('an agent or supervisor gets 403 on every integration route', async () => {
    const created = await integration();
    for (const role of ['agent', 'supervisor']) {
      const { token } = await t.agent({ email: `phone-${role}@example.test`, role });
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', '/api/v1/phone/integrations'],
        ['GET', `/api/v1/phone/integrations/${created.id}`],
        ['POST', '/api/v1/phone/integrations', { name: 'Mine' }],
        ['PATCH', `/api/v1/phone/integrations/${created.id}`, { active: false }],
        ['POST', `/api/v1/phone/integrations/${created.id}/token`],
        ['DELETE', `/api/v1/phone/integrations/${created.id}`],
      ];
      for (const [method, path, body] of attempts) {
        const response = await t.request(method, path, { token, ...(body !== undefined && { body }) });
        assert.equal(response.statusCode, 403, `${role}: ${method} ${path}`);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'forbidden');
      }
    }
    assert.equal((await t.request('GET', '/api/v1/phone/integrations')).statusCode, 401, 'and nobody signed out');
    const still = await t.request('GET', `/api/v1/phone/integrations/${created.id}`, { token: t.adminToken });
    assert.equal(still.json<{ active: boolean }>().active, true);
  });

  test('bad integration input answers 4xx with a message', async () => {
    const cases: unknown[] = [{}, { name: '' }, { name: 'x'.repeat(201) }, { name: 'A', teamId: 'one' }, { name: 'A', token: 'mine' }, { name: {} }, { name: 'A', active: 'maybe' }];
    for (const body of cases) {
      const response = await t.request('POST', '/api/v1/phone/integrations', { token: t.adminToken, body });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.ok(response.json<{ error: { message: string } }>().error.message.length > 0);
    }
    const noTeam = await t.request('POST', '/api/v1/phone/integrations', { token: t.adminToken, body: { name: 'A', teamId: 999999 } });
    assert.equal(noTeam.statusCode, 422);
    assert.equal(noTeam.json<{ error: { code: string } }>().error.code, 'team_not_found');
    assert.equal((await t.request('PATCH', '/api/v1/phone/integrations/999999', { token: t.adminToken, body: { name: 'B' } })).statusCode, 404);
  });

  test('an unknown, malformed or switched-off token answers 401 and stores nothing', async () => {
    const before = (await phoneItems()).length;
    const off = await integration({ active: false });
    for (const token of ['flp_unknown', 'nonsense', `flp_${'x'.repeat(43)}`, off.token]) {
      const response = await post(`/api/v1/channels/phone/${encodeURIComponent(token)}/events`, call());
      assert.equal(response.statusCode, 401, token);
      assert.equal(response.json<{ error: { code: string } }>().error.code, 'unauthorized');
    }
    const long = await post(`/api/v1/channels/phone/${'x'.repeat(300)}/events`, call());
    assert.ok(long.statusCode >= 400 && long.statusCode < 500, `an overlong token: ${long.statusCode}`);
    assert.equal((await phoneItems()).length, before, 'no row stored');
  });

  test('hostile call events answer 4xx with a message, never 500, and store nothing', async () => {
    const { webhookPath } = await integration();
    const before = (await phoneItems()).length;
    const bad: Array<[string, unknown]> = [
      ['no callId', { event: 'ringing', direction: 'inbound', from: '+1', to: '+2' }],
      ['no from', { callId: 'a', event: 'ringing', direction: 'inbound', to: '+2' }],
      ['unknown event', call({ event: 'exploded' })],
      ['wrong direction', call({ direction: 'sideways' })],
      ['number as an object', call({ from: { number: '+995555000001' } })],
      ['duration as text', call({ event: 'ended', durationSeconds: 'ten' })],
      ['event as a list', call({ event: ['ringing', 'missed'] })],
      ['letters in the number', call({ from: '+995 CALL ME' })],
      ['no digits', call({ from: '+() -' })],
      ['a 100 KB number', call({ from: '1'.repeat(100_000) })],
      ['a 1 KB number', call({ from: '1'.repeat(1000) })],
      ['javascript recording', call({ event: 'ended', recordingUrl: 'javascript:alert(1)' })],
      ['ftp recording', call({ event: 'ended', recordingUrl: 'ftp://files.example.test/rec.mp3' })],
      ['data recording', call({ event: 'ended', recordingUrl: 'data:text/html,<script>' })],
      ['negative duration', call({ event: 'ended', durationSeconds: -5 })],
      ['fractional duration', call({ event: 'ended', durationSeconds: 1.5 })],
      ['bad agent email', call({ agentEmail: 'not an address' })],
      ['bad time', call({ at: 'yesterday' })],
      ['unknown field', call({ extra: true })],
      ['long notes', call({ notes: 'n'.repeat(5001) })],
      ['callId with spaces', call({ callId: 'a b' })],
      ['array body', [call()]],
      ['null body', null],
    ];
    for (const [name, body] of bad) {
      const response = await post(webhookPath, body);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${name}: ${response.statusCode}`);
      assert.ok(response.json<{ error: { message: string } }>().error.message, name);
    }
    const notJson = await t.request('POST', webhookPath, { headers: { 'content-type': 'application/json' }, payload: '{"callId": ' });
    assert.equal(notJson.statusCode, 400);
    assert.equal((await phoneItems()).length, before, 'nothing stored');
  });

});

describe('the phone webhook under a flood', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off', PHONE_WEBHOOK_RATE_LIMIT: '3' } });
  });
  after(() => t.close());

  test('past PHONE_WEBHOOK_RATE_LIMIT a minute, events answer 429 and are not stored', async () => {
    const created = (await t.request('POST', '/api/v1/phone/integrations', { token: t.adminToken, body: { name: 'Flooded' } })).json<IntegrationWithToken>();
    const event = (n: number) => ({ callId: `flood-${n}`, event: 'missed', direction: 'inbound', from: '+995555999000', to: '100' });
    for (let n = 1; n <= 3; n++) assert.equal((await t.request('POST', created.webhookPath, { body: event(n) })).statusCode, 200);
    const refused = await t.request('POST', created.webhookPath, { body: event(4) });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'rate_limited');
    const stored = await t.frontline.ctx.db.selectFrom('inbound_items').select('dedupe_key').where('channel', '=', 'phone').execute();
    assert.equal(stored.length, 3);
  });
});
