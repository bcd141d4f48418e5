// Forwarded headers (X-Forwarded-For, -Proto) are believed only from the proxies in TRUST_PROXY;
// HSTS and the cookie's Secure flag follow whether the request really came over HTTPS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../harness.ts';
import { readConfig } from '../../src/config.ts';

const PROXY = '10.0.0.1';
const STRANGER = '203.0.113.7';

/** One wrong sign-in for a fresh unknown address, so only the address limit can refuse it. */
let attempt = 0;
const wrongSignIn = (t: TestApp, remoteAddress: string, headers: Record<string, string> = {}) =>
  t.frontline.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ email: `guess${++attempt}@example.test`, password: 'not the password' }),
  });

const signIn = (t: TestApp, remoteAddress: string, headers: Record<string, string> = {}) =>
  t.frontline.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(ADMIN) });

describe('forwarded headers with no trusted proxy (the default)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
  });
  after(() => t.close());

  test('a client cannot dodge the sign-in rate limit by sending its own X-Forwarded-For', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await wrongSignIn(t, STRANGER, { 'x-forwarded-for': `198.51.100.${i}` })).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });

  test('a client claiming X-Forwarded-Proto: https gets neither HSTS nor a Secure cookie', async () => {
    const response = await signIn(t, '198.51.100.50', { 'x-forwarded-proto': 'https' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['strict-transport-security'], undefined);
    assert.notEqual(response.cookies.find((c) => c.name === 'frontline_session')?.secure, true);
  });
});

describe('forwarded headers from a proxy in TRUST_PROXY', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: `${PROXY}, 192.0.2.0/24` } });
  });
  after(() => t.close());

  test('the client address the proxy forwards is the rate-limit key', async () => {
    const distinct = [];
    for (let i = 0; i < 5; i++) distinct.push((await wrongSignIn(t, PROXY, { 'x-forwarded-for': `198.51.100.${i}` })).statusCode);
    assert.deepEqual(distinct, [401, 401, 401, 401, 401], 'different clients behind the proxy are counted apart');
    const same = [];
    for (let i = 0; i < 4; i++) same.push((await wrongSignIn(t, '192.0.2.9', { 'x-forwarded-for': '198.51.100.77' })).statusCode);
    assert.deepEqual(same, [401, 401, 401, 429], 'one client behind a proxy in a trusted range is still limited');
  });

  test('an HTTPS request through the proxy gets HSTS and a Secure session cookie; plain HTTP gets neither', async () => {
    const https = await signIn(t, PROXY, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.60' });
    assert.equal(https.statusCode, 200);
    assert.equal(https.headers['strict-transport-security'], 'max-age=15552000');
    assert.equal(https.cookies.find((c) => c.name === 'frontline_session')?.secure, true);
    const health = await t.frontline.app.inject({ method: 'GET', url: '/healthz', remoteAddress: PROXY, headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(health.headers['strict-transport-security'], 'max-age=15552000', 'every HTTPS answer carries it');

    const plain = await signIn(t, PROXY, { 'x-forwarded-for': '198.51.100.61' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['strict-transport-security'], undefined);
    assert.notEqual(plain.cookies.find((c) => c.name === 'frontline_session')?.secure, true);
  });
});

describe('HSTS_MAX_AGE and COOKIE_SECURE', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: PROXY, HSTS_MAX_AGE: '0', COOKIE_SECURE: 'on' } });
  });
  after(() => t.close());

  test('HSTS_MAX_AGE=0 sends no HSTS even over HTTPS, and COOKIE_SECURE=on makes the cookie Secure over plain HTTP', async () => {
    const https = await signIn(t, PROXY, { 'x-forwarded-proto': 'https' });
    assert.equal(https.headers['strict-transport-security'], undefined);
    const plain = await signIn(t, '198.51.100.70');
    assert.equal(plain.cookies.find((c) => c.name === 'frontline_session')?.secure, true);
  });
});

test('TRUST_PROXY takes addresses, CIDRs and proxy names, and a typo stops the start naming the variable', () => {
  assert.deepEqual(readConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, 192.168.0.0/255.255.0.0, fd00::/8, loopback' }).trustProxy, [
    '127.0.0.1',
    '10.0.0.0/8',
    '192.168.0.0/255.255.0.0',
    'fd00::/8',
    'loopback',
  ]);
  assert.deepEqual(readConfig({}).trustProxy, []);
  for (const wrong of ['proxy.internal', '10.0.0.0/33', '10.0.0.1/8/8', 'true']) {
    assert.throws(() => readConfig({ TRUST_PROXY: wrong }), /TRUST_PROXY must list proxy addresses/, wrong);
  }
});
