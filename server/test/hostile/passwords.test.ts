// Every way of setting a password refuses trivial, common and malformed ones; changing one's own
// password needs the current one and ends one's other sessions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { ADMIN, TEST_SECRET_KEY, freshDatabase, startTestApp, type TestApp } from '../harness.ts';
import { readConfig } from '../../src/config.ts';
import { boot } from '../../src/boot.ts';

const AGENT_PASSWORD = 'agent password 123';
const NEW_PASSWORD = 'lantern meadow orbit 7';

describe('password rules', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const create = (email: string, password: string) => t.request('POST', '/api/v1/agents', { token: t.adminToken, body: { email, name: 'Maria Ivanova', role: 'agent', password } });

  test('a common, a short or a guessable password is refused with 422 weak_password and the advice', async () => {
    const common = await create('common@example.test', 'password1234');
    assert.equal(common.statusCode, 422);
    assert.equal(common.json().error.code, 'weak_password');
    assert.match(common.json().error.message, /too easy to guess.*commonly used password/);
    assert.ok(common.json().error.details.suggestions.length > 0);

    const short = await create('short@example.test', 'Xq7#tz!');
    assert.equal(short.statusCode, 422);
    assert.equal(short.json().error.code, 'weak_password');
    assert.match(short.json().error.message, /at least 12 characters/);

    for (const keyboard of ['qwertyuiop123', 'aaaaaaaaaaaaaaaa', '123456789012']) {
      assert.equal((await create('keys@example.test', keyboard)).json().error?.code, 'weak_password', keyboard);
    }
  });

  test("the agent's own email and name count as known words", async () => {
    const ownEmail = await create('maria.ivanova@example.test', 'maria.ivanova@example.test');
    assert.equal(ownEmail.statusCode, 422);
    assert.equal(ownEmail.json().error.code, 'weak_password');
    const ownName = await create('m.i@example.test', 'MariaIvanova2024');
    assert.equal(ownName.statusCode, 422);
    assert.equal(ownName.json().error.code, 'weak_password');
  });

  test('control characters are refused with 422 invalid_password; NUL and lone surrogates already at the input guard', async () => {
    for (const password of ['line one\nline two of it', 'escape \u001b[31m red text']) {
      const answer = await create('controls@example.test', password);
      assert.equal(answer.statusCode, 422, JSON.stringify(password));
      assert.equal(answer.json().error.code, 'invalid_password');
    }
    // Every string of every request meets the input guard first (the password rules refuse them too, for the CLI and the environment).
    for (const password of ['a long passphrase\u0000tail', 'broken \ud800 surrogate text']) {
      const answer = await create('controls@example.test', password);
      assert.equal(answer.statusCode, 400, JSON.stringify(password));
      assert.equal(answer.json().error.code, 'invalid_characters');
    }
    assert.equal((await t.request('GET', '/api/v1/agents', { token: t.adminToken })).json().items.some((a: { email: string }) => a.email === 'controls@example.test'), false);
  });

  test('an admin setting another agent’s password meets the same rules', async () => {
    const agent = await t.agent({ email: 'reset-weak@example.test', role: 'agent' });
    const weak = await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: t.adminToken, body: { password: 'password1234' } });
    assert.equal(weak.statusCode, 422);
    assert.equal(weak.json().error.code, 'weak_password');
    const control = await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: t.adminToken, body: { password: 'a long passphrase\u0007 bell' } });
    assert.equal(control.json().error.code, 'invalid_password');
  });

  test('a weak FRONTLINE_ADMIN_PASSWORD stops the start with a message naming the variable', async () => {
    const fresh = await freshDatabase();
    try {
      const config = readConfig({ FRONTLINE_ADMIN_EMAIL: 'first@example.test', FRONTLINE_ADMIN_PASSWORD: 'password1234', LOG_LEVEL: 'silent', SMTP_PORT: '0', FRONTLINE_SECRET_KEY: TEST_SECRET_KEY });
      await assert.rejects(boot(config, { database: fresh.database, log: pino({ level: 'silent' }) }), /FRONTLINE_ADMIN_PASSWORD .*too easy to guess/);
    } finally {
      await fresh.database.close().catch(() => {});
      await fresh.drop();
    }
  });
});

describe('changing a password', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const cookieSession = async (email: string, password: string) => {
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email, password } });
    assert.equal(login.statusCode, 200);
    const cookie = `frontline_session=${login.cookies.find((c) => c.name === 'frontline_session')!.value}`;
    return { headers: { cookie, 'x-csrf-token': login.json().csrfToken as string } };
  };

  test('the profile update no longer takes a password: that needs the current one', async () => {
    const agent = await t.agent({ email: 'profile@example.test', role: 'agent' });
    const answer = await t.request('PATCH', '/api/v1/me', { token: agent.token, body: { password: NEW_PASSWORD } });
    assert.equal(answer.statusCode, 400);
    assert.match(answer.json().error.message, /unknown field "password"/);
    assert.equal(await t.login('profile@example.test', AGENT_PASSWORD).then(() => 'old still works'), 'old still works');
  });

  test('a wrong current password is refused with 403 and counts towards the sign-in lock', async () => {
    const agent = await t.agent({ email: 'guesser@example.test', role: 'agent' });
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await t.request('POST', '/api/v1/me/password', { token: agent.token, body: { currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD } }));
    }
    assert.deepEqual(answers.map((a) => a.statusCode), [403, 403, 403, 403, 429]);
    assert.equal(answers[0]!.json().error.code, 'wrong_password');
    assert.equal(answers[4]!.json().error.code, 'account_locked');
    const right = await t.request('POST', '/api/v1/me/password', { token: agent.token, body: { currentPassword: AGENT_PASSWORD, newPassword: NEW_PASSWORD } });
    assert.equal(right.statusCode, 429, 'locked for the change as for sign-in');
    await t.request('POST', `/api/v1/agents/${agent.id}/unlock`, { token: t.adminToken });
  });

  test('a weak new password is refused even with the right current one', async () => {
    const agent = await t.agent({ email: 'weak-new@example.test', role: 'agent' });
    const answer = await t.request('POST', '/api/v1/me/password', { token: agent.token, body: { currentPassword: AGENT_PASSWORD, newPassword: 'password1234' } });
    assert.equal(answer.statusCode, 422);
    assert.equal(answer.json().error.code, 'weak_password');
    const empty = await t.request('POST', '/api/v1/me/password', { token: agent.token, body: { newPassword: NEW_PASSWORD } });
    assert.equal(empty.statusCode, 400);
  });

  test('the change keeps the session that made it and ends every other session of the agent', async () => {
    await t.agent({ email: 'changer@example.test', role: 'agent' });
    const here = await cookieSession('changer@example.test', AGENT_PASSWORD);
    const elsewhere = await t.login('changer@example.test', AGENT_PASSWORD);
    const changed = await t.request('POST', '/api/v1/me/password', { ...here, body: { currentPassword: AGENT_PASSWORD, newPassword: NEW_PASSWORD } });
    assert.equal(changed.statusCode, 204, changed.body);
    assert.equal((await t.request('GET', '/api/v1/me', here)).statusCode, 200, 'this session stays');
    assert.equal((await t.request('GET', '/api/v1/me', { token: elsewhere })).statusCode, 401, 'the other session ended');
    assert.equal((await t.request('POST', '/api/v1/auth/login', { body: { email: 'changer@example.test', password: AGENT_PASSWORD } })).statusCode, 401);
    assert.ok(await t.login('changer@example.test', NEW_PASSWORD));
  });

  test('an admin resetting an agent’s password ends all of that agent’s sessions, but may not set their own this way', async () => {
    const agent = await t.agent({ email: 'reset@example.test', role: 'agent' });
    const second = await t.login('reset@example.test', AGENT_PASSWORD);
    const reset = await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: t.adminToken, body: { password: NEW_PASSWORD } });
    assert.equal(reset.statusCode, 200);
    assert.equal((await t.request('GET', '/api/v1/me', { token: agent.token })).statusCode, 401);
    assert.equal((await t.request('GET', '/api/v1/me', { token: second })).statusCode, 401);
    assert.ok(await t.login('reset@example.test', NEW_PASSWORD));

    const adminId = (await t.request('GET', '/api/v1/me', { token: t.adminToken })).json().id as number;
    const own = await t.request('PATCH', `/api/v1/agents/${adminId}`, { token: t.adminToken, body: { password: NEW_PASSWORD } });
    assert.equal(own.statusCode, 422);
    assert.equal(own.json().error.code, 'current_password_needed');
    assert.ok(await t.login(ADMIN.email, ADMIN.password), 'the admin password did not change');
  });
});
