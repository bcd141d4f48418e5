// Failed sign-ins lock the email address for a growing time, stored in the database; an unknown
// address is locked exactly like a known one; admins see the lock and lift it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN, startTestApp, type TestApp } from '../harness.ts';
import { TestClock } from '../clock.ts';

const AGENT_PASSWORD = 'agent password 123';

describe('the per-account sign-in lock', () => {
  let t: TestApp;
  const clock = new TestClock();
  // Sign-ins come from many addresses here, so only the per-account lock can refuse them.
  let address = 0;
  const signIn = (email: string, password: string) =>
    t.frontline.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: `198.51.100.${++address % 250}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password }),
    });
  const fail = async (email: string, times: number): Promise<LightMyRequestResponse[]> => {
    const answers = [];
    for (let i = 0; i < times; i++) answers.push(await signIn(email, `wrong guess ${i}`));
    return answers;
  };

  before(async () => {
    t = await startTestApp({ clock });
  });
  after(() => t.close());

  test('the fifth failure in a row locks the account for a minute, even against the right password, and a success resets the count', async () => {
    await t.agent({ email: 'locked@example.test', role: 'agent' });
    const answers = await fail('locked@example.test', 5);
    assert.deepEqual(answers.map((a) => a.statusCode), [401, 401, 401, 401, 429]);
    const locked = answers[4]!;
    assert.equal(locked.json().error.code, 'account_locked');
    assert.equal(locked.headers['retry-after'], '60');
    assert.match(locked.json().error.message, /Try again in 1 minute/);

    const right = await signIn('locked@example.test', AGENT_PASSWORD);
    assert.equal(right.statusCode, 429, 'the right password does not get through a lock');
    assert.equal(right.json().error.code, 'account_locked');

    clock.advance(61_000);
    assert.equal((await signIn('locked@example.test', AGENT_PASSWORD)).statusCode, 200);
    assert.deepEqual((await fail('locked@example.test', 4)).map((a) => a.statusCode), [401, 401, 401, 401], 'the success started the count again');
  });

  test('each failure after a lock locks for twice as long as the one before', async () => {
    await t.agent({ email: 'doubling@example.test', role: 'agent' });
    const first = (await fail('doubling@example.test', 5))[4]!;
    assert.equal(first.headers['retry-after'], '60');
    clock.advance(61_000);
    const second = (await fail('doubling@example.test', 1))[0]!;
    assert.equal(second.statusCode, 429);
    assert.equal(second.headers['retry-after'], '120');
    clock.advance(121_000);
    const third = (await fail('doubling@example.test', 1))[0]!;
    assert.equal(third.headers['retry-after'], '240');
  });

  test('an unknown email is counted and locked exactly like a known one, so a lock tells nothing', async () => {
    await t.agent({ email: 'known@example.test', role: 'agent' });
    const known = await fail('known@example.test', 6);
    const unknown = await fail('nobody-here@example.test', 6);
    assert.deepEqual(unknown.map((a) => a.statusCode), [401, 401, 401, 401, 429, 429], 'an unknown address is locked too');
    assert.deepEqual(
      unknown.map((a) => [a.statusCode, a.headers['retry-after'], a.json().error.code, a.json().error.message]),
      known.map((a) => [a.statusCode, a.headers['retry-after'], a.json().error.code, a.json().error.message]),
    );
  });

  test('the count lives in the database, keyed by the lower-cased address, so every node sees the same lock', async () => {
    await fail('Shared.Count@Example.test', 2);
    await fail('shared.count@example.test', 1);
    const row = await t.frontline.ctx.db.selectFrom('sign_in_failures').selectAll().where('email', '=', 'shared.count@example.test').executeTakeFirstOrThrow();
    assert.equal(row.failures, 3);
  });

  test('admins see the lock and the failed attempts on the agent, others do not, and an admin can lift it', async () => {
    const agent = await t.agent({ email: 'unlock-me@example.test', role: 'agent' });
    const other = await t.agent({ email: 'colleague@example.test', role: 'supervisor' });
    await fail('unlock-me@example.test', 5);

    const detail = await t.request('GET', `/api/v1/agents/${agent.id}`, { token: t.adminToken });
    assert.equal(detail.json().signIn.failedAttempts, 5);
    assert.equal(new Date(detail.json().signIn.lockedUntil).getTime() > clock.now().getTime(), true);
    const listed = await t.request('GET', '/api/v1/agents', { token: t.adminToken });
    assert.equal(listed.json().items.find((a: { id: number }) => a.id === agent.id).signIn.failedAttempts, 5);
    const seenByOther = await t.request('GET', `/api/v1/agents/${agent.id}`, { token: other.token });
    assert.equal(seenByOther.json().signIn, undefined, 'only admins see sign-in failures');

    const refused = await t.request('POST', `/api/v1/agents/${agent.id}/unlock`, { token: other.token });
    assert.equal(refused.statusCode, 403);
    assert.equal((await signIn('unlock-me@example.test', AGENT_PASSWORD)).statusCode, 429, 'still locked after the refused unlock');

    const unlocked = await t.request('POST', `/api/v1/agents/${agent.id}/unlock`, { token: t.adminToken });
    assert.equal(unlocked.statusCode, 200);
    assert.deepEqual(unlocked.json().signIn, { failedAttempts: 0, lockedUntil: null });
    assert.equal((await signIn('unlock-me@example.test', AGENT_PASSWORD)).statusCode, 200);
    const event = await t.frontline.ctx.db.selectFrom('events').selectAll().where('type', '=', 'agent.unlocked').executeTakeFirstOrThrow();
    assert.equal(event.actor_agent_id, (await t.request('GET', '/api/v1/me', { token: t.adminToken })).json().id);
  });

  test('unlocking answers 400 for an id that is not one and 404 for an agent that does not exist', async () => {
    const bad = await t.request('POST', '/api/v1/agents/not-a-number/unlock', { token: t.adminToken });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'invalid_request');
    const missing = await t.request('POST', '/api/v1/agents/999999/unlock', { token: t.adminToken });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'agent_not_found');
    assert.equal((await t.request('POST', '/api/v1/agents/1/unlock')).statusCode, 401);
  });

  test('the admin who signed in at start is unaffected by others failing', async () => {
    assert.equal((await signIn(ADMIN.email, ADMIN.password)).statusCode, 200);
  });
});
