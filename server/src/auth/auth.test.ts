import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../../test/harness.ts';
import { readConfig } from '../config.ts';
import { hashPassword, setPasswordHashCost, verifyPassword } from './secrets.ts';

describe('authentication', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('the first admin exists and signs in with a cookie and a bearer token', async () => {
    const response = await t.request('POST', '/api/v1/auth/login', { body: ADMIN });
    assert.equal(response.statusCode, 200);
    const cookie = response.cookies.find((c) => c.name === 'frontline_session');
    assert.ok(cookie, 'sets the session cookie');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    const { token } = response.json<{ token: string }>();
    const me = await t.request('GET', '/api/v1/me', { token });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, ADMIN.email);
    assert.equal(me.json().role, 'admin');
  });

  test('a wrong password answers 401 with the error shape', async () => {
    const response = await t.request('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: 'nope' } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, 'unauthorized');
    assert.match(response.json().error.message, /email or password/);
  });

  test('passwords are stored as argon2id hashes', async () => {
    const row = await t.frontline.ctx.db.selectFrom('agents').select('password_hash').executeTakeFirstOrThrow();
    assert.match(row.password_hash ?? '', /^\$argon2id\$/);
  });

  test('the hash cost is 64 MiB and 3 passes unless configured; a stored hash keeps the cost it was made with', async () => {
    assert.deepEqual(readConfig({}).passwordHash, { memoryKib: 65_536, passes: 3 });
    assert.deepEqual(readConfig({ PASSWORD_HASH_MEMORY_KIB: '19456', PASSWORD_HASH_PASSES: '2' }).passwordHash, { memoryKib: 19_456, passes: 2 });
    assert.throws(() => readConfig({ PASSWORD_HASH_PASSES: 'many' }), /PASSWORD_HASH_PASSES/);
    const row = await t.frontline.ctx.db.selectFrom('agents').select('password_hash').executeTakeFirstOrThrow();
    assert.match(row.password_hash ?? '', /^\$argon2id\$v=19\$m=1024,p=4,t=1\$/, 'made with the test configuration');
    try {
      setPasswordHashCost(readConfig({}).passwordHash);
      const strong = await hashPassword('a long enough passphrase');
      assert.match(strong, /^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
      setPasswordHashCost(t.config.passwordHash);
      assert.equal(await verifyPassword(strong, 'a long enough passphrase'), true, 'an older, costlier hash still verifies');
      assert.equal(await verifyPassword(strong, 'another passphrase'), false);
    } finally {
      setPasswordHashCost(t.config.passwordHash);
    }
  });

  test('a request without credentials answers 401', async () => {
    const response = await t.request('GET', '/api/v1/me');
    assert.equal(response.statusCode, 401);
  });

  test('cookie sessions need the CSRF token for changes, and foreign origins are refused', async () => {
    const login = await t.request('POST', '/api/v1/auth/login', { body: ADMIN });
    const { csrfToken } = login.json<{ csrfToken: string }>();
    const cookie = `frontline_session=${login.cookies.find((c) => c.name === 'frontline_session')!.value}`;
    const body = { name: 'Night shift' };
    const without = await t.request('POST', '/api/v1/teams', { body, headers: { cookie } });
    assert.equal(without.statusCode, 403);
    assert.match(without.json().error.message, /CSRF/);
    const foreign = await t.request('POST', '/api/v1/teams', { body, headers: { cookie, 'x-csrf-token': csrfToken, origin: 'https://evil.example' } });
    assert.equal(foreign.statusCode, 403);
    const ok = await t.request('POST', '/api/v1/teams', { body, headers: { cookie, 'x-csrf-token': csrfToken } });
    assert.equal(ok.statusCode, 201);
    const read = await t.request('GET', '/api/v1/me', { headers: { cookie } });
    assert.equal(read.statusCode, 200, 'reads need no CSRF token');
  });

  test('logout ends the session', async () => {
    const token = await t.login();
    assert.equal((await t.request('POST', '/api/v1/auth/logout', { token })).statusCode, 204);
    assert.equal((await t.request('GET', '/api/v1/me', { token })).statusCode, 401);
  });

  test('API tokens are shown once, stored hashed, work as bearer, and can be revoked', async () => {
    const created = await t.request('POST', '/api/v1/me/tokens', { token: t.adminToken, body: { name: 'script' } });
    assert.equal(created.statusCode, 201);
    const { token, id } = created.json<{ token: string; id: number }>();
    assert.match(token, /^flt_/);
    const stored = await t.frontline.ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token);
    assert.ok(!JSON.stringify(stored).includes(token), 'the secret itself is not stored');
    assert.equal((await t.request('GET', '/api/v1/me', { token })).statusCode, 200);
    const listed = await t.request('GET', '/api/v1/me/tokens', { token: t.adminToken });
    assert.ok(!listed.body.includes(token), 'listing never shows the secret again');
    assert.equal((await t.request('DELETE', `/api/v1/me/tokens/${id}`, { token: t.adminToken })).statusCode, 204);
    assert.equal((await t.request('GET', '/api/v1/me', { token })).statusCode, 401);
  });

  test('a deactivated agent can no longer sign in or use a session', async () => {
    const agent = await t.agent({ email: 'leaver@example.test', role: 'agent' });
    const patch = await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: t.adminToken, body: { active: false } });
    assert.equal(patch.statusCode, 200);
    assert.equal((await t.request('GET', '/api/v1/me', { token: agent.token })).statusCode, 401);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'leaver@example.test', password: 'agent password 123' } });
    assert.equal(login.statusCode, 401);
  });
});
