import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../../test/harness.ts';

const valid = {
  deskName: 'Acme Support',
  name: 'Maria Ivanova',
  alias: 'Maria, Acme Support',
  email: 'maria@acme.test',
  password: 'violet harbour lantern',
  timeZone: 'Asia/Tbilisi',
  locale: 'ka',
};

describe('first-run set-up on a fresh instance', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ withoutAdmin: true });
  });
  after(() => t.close());

  test('GET /setup says it is needed while no agent exists, without signing in', async () => {
    const response = await t.request('GET', '/api/v1/setup');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { needed: true, deskName: null });
  });

  test('bad input answers 400 or 422 with a message and creates nothing', async () => {
    const cases: Array<[unknown, number]> = [
      [{}, 400],
      [{ ...valid, role: 'agent' }, 400],
      [{ ...valid, email: 'not an email' }, 400],
      [{ ...valid, deskName: '' }, 400],
      [{ ...valid, alias: 'x'.repeat(201) }, 400],
      [{ ...valid, locale: 'de' }, 400],
      [{ ...valid, password: 'x'.repeat(1025) }, 400],
      [{ ...valid, name: 'Maria\u0000' }, 400],
      [{ ...valid, password: 'short' }, 422],
      [{ ...valid, password: 'password1234' }, 422],
      [{ ...valid, timeZone: 'Mars/Olympus' }, 422],
    ];
    for (const [body, status] of cases) {
      const response = await t.request('POST', '/api/v1/setup', { body });
      assert.equal(response.statusCode, status, `${JSON.stringify(body).slice(0, 80)} → ${response.body}`);
      assert.ok(response.json().error.message.length > 10);
    }
    const text = await t.request('POST', '/api/v1/setup', { payload: 'not json', headers: { 'content-type': 'application/json' } });
    assert.equal(text.statusCode, 400);
    assert.equal((await t.request('GET', '/api/v1/setup')).json().needed, true, 'nothing was half created');
  });

  test('of five set-ups at once exactly one wins; the others answer 409 and no second admin exists', async () => {
    const attempts = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => t.request('POST', '/api/v1/setup', { body: { ...valid, email: `admin${i}@acme.test`, deskName: `Desk ${i}` } })),
    );
    const codes = attempts.map((response) => response.statusCode).sort();
    assert.deepEqual(codes, [201, 409, 409, 409, 409], attempts.map((r) => r.body).join('\n'));
    for (const response of attempts.filter((r) => r.statusCode === 409)) assert.equal(response.json().error.code, 'setup_done');
    const agents = await t.frontline.ctx.db.selectFrom('agents').select(['email', 'role', 'alias', 'time_zone', 'locale']).execute();
    assert.equal(agents.length, 1);
    const winner = attempts.find((r) => r.statusCode === 201)!;
    const index = attempts.indexOf(winner);
    assert.deepEqual(agents[0], { email: `admin${index}@acme.test`, role: 'admin', alias: valid.alias, time_zone: 'Asia/Tbilisi', locale: 'ka' });

    // The winner is signed in by the answer: a cookie and a token.
    assert.ok(winner.cookies.some((cookie) => cookie.name === 'frontline_session' && cookie.httpOnly));
    const me = await t.request('GET', '/api/v1/me', { token: winner.json().token });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().role, 'admin');
    assert.equal(me.json().timeZoneSet, true);
    assert.deepEqual((await t.request('GET', '/api/v1/setup')).json(), { needed: false, deskName: `Desk ${index}` });
  });

  test('after the set-up it is refused for good, whoever asks and however', async () => {
    const token = await t.login(`${(await t.frontline.ctx.db.selectFrom('agents').select('email').executeTakeFirstOrThrow()).email}`, valid.password);
    for (const options of [{ body: { ...valid, email: 'attacker@evil.test' } }, { body: { ...valid, email: 'attacker@evil.test' }, token }]) {
      const response = await t.request('POST', '/api/v1/setup', options);
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().error.code, 'setup_done');
    }
    // Still one agent: the refused attempts wrote nothing.
    assert.equal(Number((await t.frontline.ctx.db.selectFrom('agents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 1);
  });
});

describe('first-run set-up with FRONTLINE_ADMIN_EMAIL', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('the admin from the environment closes the set-up window at start', async () => {
    assert.equal((await t.request('GET', '/api/v1/setup')).json().needed, false);
    const response = await t.request('POST', '/api/v1/setup', { body: { ...valid, email: 'attacker@evil.test' } });
    assert.equal(response.statusCode, 409);
  });

  test('that admin gets an alias customers may see, never "Administrator"', async () => {
    const me = (await t.request('GET', '/api/v1/me', { token: t.adminToken })).json();
    assert.equal(me.email, ADMIN.email);
    assert.equal(me.alias, 'Support team', 'admin@… names no person');
    assert.doesNotMatch(`${me.name} ${me.alias}`, /Administrator/);
    assert.equal(me.timeZoneSet, false, 'the web app will offer the browser\'s zone');
  });
});

describe('first-run set-up is rate limited', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ withoutAdmin: true, env: { LOGIN_RATE_LIMIT: '3', FRONTLINE_ADMIN_NAME: 'unused' } });
  });
  after(() => t.close());

  test('a fourth attempt within a minute answers 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await t.request('POST', '/api/v1/setup', { body: { ...valid, password: 'short' } })).statusCode);
    assert.deepEqual(codes, [422, 422, 422, 429]);
  });
});

describe('FRONTLINE_ADMIN_NAME', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { FRONTLINE_ADMIN_NAME: 'Nino Beridze' } });
  });
  after(() => t.close());

  test('names the first admin and the alias customers see', async () => {
    const me = (await t.request('GET', '/api/v1/me', { token: t.adminToken })).json();
    assert.equal(me.name, 'Nino Beridze');
    assert.equal(me.alias, 'Nino Beridze');
  });
});
