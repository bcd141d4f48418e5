// A live socket lives no longer than the right that opened it: sign-out, expiry, a new password,
// a revoked token or a switched-off account close it (4401, sign in again); a new role or other
// teams close it to reconnect in the new scope (4403). On PostgreSQL, a change made on one node
// closes the socket held by another.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { liveCloseCodes } from '@frontline/shared';
import { ADMIN, startTestApp, type TestApp } from '../harness.ts';
import { TestClock } from '../clock.ts';
import { LiveTestClient } from '../live-client.ts';
import { boot, type Frontline } from '../../src/boot.ts';
import { connect as connectDatabase } from '../../src/db/connect.ts';
import { readConfig } from '../../src/config.ts';

const PASSWORD = 'agent password 123';

describe('live sessions end with the right that opened them', () => {
  let t: TestApp;
  let url: string;
  let teams: number[];
  let seq = 0;
  const clock = new TestClock();
  const clients: LiveTestClient[] = [];
  before(async () => {
    t = await startTestApp({ clock });
    url = `${(await t.frontline.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/api/v1/live`;
    teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number }> }>().items.map((team) => team.id);
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  const open = async (token: string, at = url) => {
    const client = await LiveTestClient.connect(at, token);
    clients.push(client);
    return client;
  };
  const agent = (role = 'agent', teamIds = [teams[0]!]) => t.agent({ email: `live-session-${++seq}@example.test`, role, teamIds });
  const ticketIn = (teamId: number, token = t.adminToken) =>
    t.request('POST', '/api/v1/tickets', { token, body: { subject: `In ${teamId}`, customer: { email: `c${++seq}@sessions.test` }, message: { body: 'hi' }, teamId } }).then((r) => r.json<{ id: number }>().id);
  const ended = { code: liveCloseCodes.sessionEnded, reason: 'session_ended' };
  const rescoped = { code: liveCloseCodes.scopeChanged, reason: 'scope_changed' };

  test('signing out closes the sockets of that session, not those of the agent\'s other sessions', async () => {
    const { id } = await agent();
    const email = `live-session-${seq}@example.test`;
    const [first, second] = [await t.login(email, PASSWORD), await t.login(email, PASSWORD)];
    const [leaving, staying] = [await open(first), await open(second)];
    assert.equal((await t.request('POST', '/api/v1/auth/logout', { token: first })).statusCode, 204);
    assert.deepEqual(await leaving.waitForClose(), ended);
    const ticket = await ticketIn(teams[0]!);
    await staying.waitFor((frame) => frame.event?.ticketId === ticket);
    assert.equal(staying.closed, null);
    assert.ok(id);
  });

  test('switching an agent off or giving them a new password closes their sockets', async () => {
    const off = await agent();
    const renewed = await agent();
    const [a, b] = [await open(off.token), await open(renewed.token)];
    await t.request('PATCH', `/api/v1/agents/${off.id}`, { token: t.adminToken, body: { active: false } });
    await t.request('PATCH', `/api/v1/agents/${renewed.id}`, { token: t.adminToken, body: { password: 'a brand new password 456' } });
    assert.deepEqual(await a.waitForClose(), ended);
    assert.deepEqual(await b.waitForClose(), ended);
  });

  test('revoking an API token closes the sockets opened with it', async () => {
    const owner = await agent();
    const created = (await t.request('POST', '/api/v1/me/tokens', { token: owner.token, body: { name: 'wallboard' } })).json<{ id: number; token: string }>();
    const [byToken, bySession] = [await open(created.token), await open(owner.token)];
    assert.equal((await t.request('DELETE', `/api/v1/me/tokens/${created.id}`, { token: owner.token })).statusCode, 204);
    assert.deepEqual(await byToken.waitForClose(), ended);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(bySession.closed, null, 'the session is another credential');
  });

  test('an expired session hears nothing more: its socket closes', async () => {
    const { token } = await agent();
    const client = await open(token);
    clock.advance(t.config.sessionTtlHours * 3_600_000 + 1000);
    try {
      // The admin's session expired too: a fresh one, in the new time, makes the event.
      const ticket = await ticketIn(teams[0]!, await t.login());
      assert.deepEqual(await client.waitForClose(), ended);
      assert.ok(!client.events().some((event) => event.ticketId === ticket), 'nothing after expiry');
    } finally {
      clock.advance(-(t.config.sessionTtlHours * 3_600_000 + 1000));
    }
  });

  test('removed from a team, an agent\'s socket closes and the new one no longer hears that team', async () => {
    const member = await agent('agent', [teams[1]!]);
    const old = await open(member.token);
    const others = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number; agentIds: number[] }> }>().items.find((team) => team.id === teams[1])!;
    await t.request('PATCH', `/api/v1/teams/${teams[1]}`, { token: t.adminToken, body: { agentIds: others.agentIds.filter((id) => id !== member.id) } });
    const after = await ticketIn(teams[1]!);
    assert.deepEqual(await old.waitForClose(), rescoped);
    const fresh = await open(member.token);
    const visible = await ticketIn(teams[0]!);
    await t.request('PATCH', `/api/v1/agents/${member.id}`, { token: t.adminToken, body: { teamIds: [teams[0]!] } }).then((r) => assert.equal(r.statusCode, 200));
    assert.deepEqual(await fresh.waitForClose(), rescoped, 'joining a team also takes a new scope');
    const third = await open(member.token);
    const own = await ticketIn(teams[0]!);
    await third.waitFor((frame) => frame.event?.ticketId === own);
    for (const client of [old, fresh, third]) assert.ok(!client.events().some((event) => event.ticketId === after), 'never the ticket of the team left');
    assert.ok(visible);
  });

  test('a new role closes the socket; reconnected, a supervisor hears every team', async () => {
    const promoted = await agent('agent', [teams[0]!]);
    const before = await open(promoted.token);
    await t.request('PATCH', `/api/v1/agents/${promoted.id}`, { token: t.adminToken, body: { role: 'supervisor' } });
    assert.deepEqual(await before.waitForClose(), rescoped);
    const now = await open(promoted.token);
    const elsewhere = await ticketIn(teams[2]!);
    await now.waitFor((frame) => frame.event?.ticketId === elsewhere);
  });

  test('on PostgreSQL, signing out on one node closes the socket held by another', { skip: !process.env.TEST_DATABASE_URL }, async () => {
    const other: Frontline = await boot(readConfig({ LOG_LEVEL: 'silent', SMTP_PORT: '0', JOBS: 'off', FRONTLINE_ADMIN_EMAIL: ADMIN.email, FRONTLINE_ADMIN_PASSWORD: ADMIN.password, FRONTLINE_SECRET_KEY: t.config.secretKey ?? '' }), {
      database: await connectDatabase({ url: t.url!, poolSize: 3 }),
      log: pino({ level: 'silent' }),
    });
    try {
      const otherUrl = `${(await other.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/api/v1/live`;
      const member = await agent('agent', [teams[0]!]);
      const email = `live-session-${seq}@example.test`;
      const session = await t.login(email, PASSWORD);
      const [onB, removedOnB] = [await open(session, otherUrl), await open(member.token, otherUrl)];
      assert.equal((await t.request('POST', '/api/v1/auth/logout', { token: session })).statusCode, 204);
      assert.deepEqual(await onB.waitForClose(), ended);
      await t.request('PATCH', `/api/v1/agents/${member.id}`, { token: t.adminToken, body: { teamIds: [] } });
      assert.deepEqual(await removedOnB.waitForClose(), rescoped);
    } finally {
      await other.close();
    }
  });
});
