// The customer portal over real HTTP and real SMTP: a one-time link mailed to the address signs the
// customer in (once, for a while, never from the Host a request names); they see their own tickets
// on every channel and only what was said to them, answer, open new ones with files. Nobody else's
// ticket is reachable, agents' sessions mean nothing here, and bad input answers 4xx.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { startSmtpSink, type SmtpSink } from '../../test/mail.ts';
import { TestClock } from '../../test/clock.ts';

const PUBLIC_URL = 'https://help.acme.test';

describe('customer portal', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const clock = new TestClock();
  let ownTicket: { id: number; number: number };
  let otherTicket: { id: number; number: number };

  before(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { JOBS: 'off', PUBLIC_URL, PORTAL_RATE_LIMIT: '1000' }, clock });
    const mailbox = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'help@acme.test', name: 'Acme Help', smtp: { host: '127.0.0.1', port: sink.port, security: 'none' }, acknowledge: false } });
    assert.equal(mailbox.statusCode, 201, mailbox.body);
    const open = (email: string, subject: string, channel: string) =>
      t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject, customer: { email, name: 'Irina' }, message: { body: `${subject} — the customer's words` }, channel } }).then((r) => r.json<{ id: number; number: number }>());
    ownTicket = await open('irina@example.ru', 'Refund for order 7', 'phone');
    const second = await open('irina@example.ru', 'Second question', 'api');
    await t.request('POST', `/api/v1/tickets/${second.id}/messages`, { token: t.adminToken, body: { body: 'Internal: a reseller again, check the discount', internal: true } });
    otherTicket = await open('someone.else@example.org', 'Not Irina\'s', 'api');
    await t.request('POST', `/api/v1/tickets/${ownTicket.id}/messages`, { token: t.adminToken, body: { body: 'Internal: customer is a reseller', internal: true } });
    await t.request('POST', `/api/v1/tickets/${ownTicket.id}/messages`, { token: t.adminToken, body: { body: 'We have sent the refund.' } });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  /** A browser: the cookie jar of one customer. */
  function browser() {
    let cookie = '';
    let csrf = '';
    const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await t.request(method, `/api/v1${path}`, { ...(body !== undefined && { body }), headers: { ...(cookie && { cookie }), ...(csrf && method !== 'GET' && { 'x-csrf-token': csrf }), ...headers } });
      const set = response.headers['set-cookie'];
      const line = (Array.isArray(set) ? set : set ? [set] : []).find((value) => value.startsWith('frontline_portal='));
      if (line) cookie = line.split(';')[0]!;
      return response;
    };
    return {
      send,
      async signIn(token: string) {
        const response = await send('POST', '/portal/sessions', { token });
        if (response.statusCode === 200) csrf = response.json<{ csrfToken: string }>().csrfToken;
        return response;
      },
      get cookie() {
        return cookie;
      },
      forgetCsrf() {
        csrf = '';
      },
    };
  }

  async function linkFor(email: string, locale = 'en') {
    // Past the per-address window, so each test may ask for its own link.
    clock.advance(16 * 60_000);
    const before = sink.received.length;
    const asked = await t.request('POST', '/api/v1/portal/sign-in', { body: { email, locale }, headers: { host: 'evil.example' } });
    assert.equal(asked.statusCode, 202, asked.body);
    const mail = (await sink.waitFor(before + 1))[before]!;
    const text = mail.parsed.text ?? '';
    const link = /https?:\/\/\S+/.exec(text)?.[0] ?? '';
    return { mail, text, link, token: /#token=(\S+)/.exec(link)?.[1] ?? '' };
  }

  test('a sign-in link is mailed to the address, built from PUBLIC_URL (never the Host asked with), in the language asked', async () => {
    const { mail, link, token, text } = await linkFor('Irina@Example.ru', 'ru');
    assert.deepEqual(mail.rcptTo, ['irina@example.ru']);
    assert.ok(link.startsWith(`${PUBLIC_URL}/portal/sign-in#token=fll_`), link);
    assert.doesNotMatch(link, /evil\.example/);
    assert.equal(mail.parsed.subject, 'Ссылка для входа');
    assert.match(text, /действует один раз/);
    const stored = await t.frontline.ctx.db.selectFrom('portal_links').select('token_hash').execute();
    assert.ok(stored.every((row) => row.token_hash !== token && !row.token_hash.includes(token)), 'only a hash of the token is stored');
  });

  test('the link works once and for 20 minutes; its session sees only the customer\'s own tickets, and only what was said to them', async () => {
    const { token } = await linkFor('irina@example.ru');
    const b = browser();
    const signedIn = await b.signIn(token);
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.deepEqual(signedIn.json().emails, ['irina@example.ru']);
    assert.match(b.cookie, /^frontline_portal=flc_/);
    const again = await browser().signIn(token);
    assert.equal(again.statusCode, 401, 'a used link does not work twice');

    const list = await b.send('GET', '/portal/tickets');
    assert.equal(list.statusCode, 200);
    const subjects = list.json<{ items: Array<{ subject: string; channel: string }> }>().items.map((item) => item.subject);
    assert.deepEqual(subjects.sort(), ['Refund for order 7', 'Second question'], 'tickets of every channel, never another customer\'s');
    assert.ok(!list.body.includes('reseller'), 'an internal note, a ticket\'s last message, is never its preview');
    assert.ok(list.json<{ items: Array<{ lastMessagePreview: string }> }>().items.some((item) => item.lastMessagePreview === 'We have sent the refund.'), 'a public reply is');

    const detail = await b.send('GET', `/portal/tickets/${ownTicket.number}`);
    assert.equal(detail.statusCode, 200);
    const messages = detail.json<{ messages: Array<{ from: string; bodyText: string; author: string | null }> }>().messages;
    assert.deepEqual(messages.map((m) => m.from), ['customer', 'agent']);
    assert.ok(!messages.some((m) => m.bodyText.includes('reseller')), 'an internal note never reaches the customer');
    const alias = (await t.request('GET', '/api/v1/me', { token: t.adminToken })).json<{ alias: string }>().alias;
    assert.ok(alias);
    assert.equal(messages[1]!.author, alias, 'the agent\'s alias, as customers see it');
    assert.equal((await b.send('GET', `/portal/tickets/${otherTicket.number}`)).statusCode, 404, 'another customer\'s ticket is not there');

    const late = await linkFor('irina@example.ru');
    clock.advance(21 * 60_000);
    assert.equal((await browser().signIn(late.token)).statusCode, 401, 'an expired link does not work');
  });

  test('the customer answers, opens a request with a file, and downloads only files of their own tickets', async () => {
    const { token } = await linkFor('irina@example.ru');
    const b = browser();
    await b.signIn(token);
    const answered = await b.send('POST', `/portal/tickets/${ownTicket.number}/messages`, { body: 'Thank you, it arrived.' });
    assert.equal(answered.statusCode, 201, answered.body);
    const ticket = await t.request('GET', `/api/v1/tickets/${ownTicket.id}`, { token: t.adminToken });
    assert.ok(ticket.json().messages.some((m: { bodyText: string; direction: string }) => m.bodyText === 'Thank you, it arrived.' && m.direction === 'inbound'), 'the agent sees the answer on the ticket');

    const boundary = '----portal';
    const multipart = [
      `--${boundary}\r\nContent-Disposition: form-data; name="subject"\r\n\r\nBroken screen\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nThe screen arrived cracked, photo attached.\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="crack.png"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const opened = await b.send('POST', '/portal/tickets', undefined, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    assert.equal(opened.statusCode, 422, 'an empty multipart body is refused: no subject');
    const made = await t.request('POST', '/api/v1/portal/tickets', {
      payload: multipart,
      headers: { cookie: b.cookie, 'x-csrf-token': (await b.send('GET', '/portal/me')).json().csrfToken, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(made.statusCode, 201, made.body);
    const detail = (await b.send('GET', `/portal/tickets/${made.json().number}`)).json<{ channel: string; messages: Array<{ attachments: Array<{ url: string; filename: string }> }> }>();
    assert.equal(detail.channel, 'web');
    const file = detail.messages[0]!.attachments[0]!;
    assert.equal(file.filename, 'crack.png');
    const download = await b.send('GET', file.url.replace('/api/v1', ''));
    assert.equal(download.statusCode, 200);
    assert.equal(download.body, 'PNGDATA');
    assert.equal(download.headers['content-type'], 'application/octet-stream');

    // Someone else's file, through this customer's session: not there.
    const theirs = await t.request('POST', `/api/v1/tickets/${otherTicket.id}/messages`, { token: t.adminToken, body: { body: 'note with nothing' } });
    assert.equal(theirs.statusCode, 201);
    const others = await t.frontline.ctx.db.selectFrom('attachments').select('id').execute();
    const foreign = Math.max(...others.map((row) => row.id)) + 1000;
    assert.equal((await b.send('GET', `/portal/attachments/${foreign}`)).statusCode, 404);
  });

  test('without a session, with an agent\'s token, without the CSRF token or from another site: refused', async () => {
    assert.equal((await t.request('GET', '/api/v1/portal/tickets')).statusCode, 401);
    assert.equal((await t.request('GET', '/api/v1/portal/tickets', { token: t.adminToken })).statusCode, 401, 'an agent\'s token is not a portal session');
    const { token } = await linkFor('irina@example.ru');
    const b = browser();
    await b.signIn(token);
    b.forgetCsrf();
    assert.equal((await b.send('POST', `/portal/tickets/${ownTicket.number}/messages`, { body: 'no csrf' })).statusCode, 403);
    const foreign = await b.send('POST', '/portal/sign-in', { email: 'x@example.org' }, { origin: 'https://evil.example' });
    assert.equal(foreign.statusCode, 403);
    assert.equal((await b.send('DELETE', '/portal/session')).statusCode, 403, 'signing out needs the CSRF token too');
  });

  test('bad input answers 4xx with a message; a link request per address is throttled', async () => {
    const { token } = await linkFor('irina@example.ru');
    const b = browser();
    const me = (await b.signIn(token)).json<{ csrfToken: string }>();
    assert.ok(me.csrfToken);
    const cases: Array<[string, string, unknown, number]> = [
      ['POST', '/portal/sign-in', { email: 'not an address' }, 422],
      ['POST', '/portal/sign-in', { email: 'a@example.org', locale: 'de' }, 400],
      ['POST', '/portal/sign-in', { email: 'x'.repeat(400) }, 400],
      ['POST', '/portal/sessions', { token: 'fll_forged_but_well_formed_token_1234' }, 401],
      ['POST', '/portal/sessions', { token: '../../etc' }, 401],
      ['POST', '/portal/tickets', { subject: '', body: 'x' }, 422],
      ['POST', '/portal/tickets', { subject: 'x', body: '   ' }, 422],
      ['POST', '/portal/tickets', { subject: 'x', body: 'y', teamId: 1 }, 400],
      ['POST', '/portal/tickets', { subject: 'x'.repeat(201), body: 'y' }, 400],
      ['POST', '/portal/tickets', { subject: 'x', body: 42 }, 400],
      ['POST', '/portal/tickets', [1, 2], 400],
      ['POST', `/portal/tickets/${ownTicket.number}/messages`, { body: 'a\u0000b' }, 400],
      ['POST', '/portal/tickets/999999/messages', { body: 'hello' }, 404],
      ['GET', '/portal/tickets?cursor=garbage', undefined, 400],
      ['GET', '/portal/tickets?limit=1000', undefined, 400],
      ['GET', '/portal/tickets/abc', undefined, 400],
      ['GET', '/portal/attachments/abc', undefined, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const response = await b.send(method, path, body);
      assert.equal(response.statusCode, status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)}: ${response.body.slice(0, 200)}`);
      assert.ok(response.json().error.message, path);
    }
    for (let i = 0; i < 3; i++) assert.equal((await t.request('POST', '/api/v1/portal/sign-in', { body: { email: 'flood@example.org' } })).statusCode, 202);
    const flooded = await t.request('POST', '/api/v1/portal/sign-in', { body: { email: 'FLOOD@example.org' } });
    assert.equal(flooded.statusCode, 429);
    assert.match(flooded.json().error.message, /use the newest one/);
  });

  test('after an agent merges the customer into another record, the session follows to the survivor\'s tickets', async () => {
    const { token } = await linkFor('merged.later@example.org');
    const b = browser();
    assert.equal((await b.signIn(token)).statusCode, 200);
    const source = await t.frontline.ctx.db.selectFrom('customer_identities').select('customer_id').where('value', '=', 'merged.later@example.org').executeTakeFirstOrThrow();
    const survivor = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Survivor\'s ticket', customer: { email: 'survivor@example.org' }, message: { body: 'hi' }, channel: 'api' } });
    const survivorId = survivor.json<{ customerId: number }>().customerId;
    assert.equal((await t.request('POST', `/api/v1/customers/${survivorId}/merge`, { token: t.adminToken, body: { sourceId: source.customer_id } })).statusCode, 200);
    const list = await b.send('GET', '/portal/tickets');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json<{ items: Array<{ subject: string }> }>().items.map((item) => item.subject), ["Survivor's ticket"]);
  });

  test('the list pages by cursor, and signing out ends the session', async () => {
    const { token } = await linkFor('irina@example.ru');
    const b = browser();
    await b.signIn(token);
    const first = (await b.send('GET', '/portal/tickets?limit=1')).json<{ items: Array<{ number: number }>; nextCursor: string | null }>();
    assert.equal(first.items.length, 1);
    assert.ok(first.nextCursor);
    const second = (await b.send('GET', `/portal/tickets?limit=1&cursor=${first.nextCursor}`)).json<{ items: Array<{ number: number }> }>();
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0]!.number, first.items[0]!.number);
    assert.equal((await b.send('DELETE', '/portal/session')).statusCode, 204);
    assert.equal((await b.send('GET', '/portal/tickets')).statusCode, 401);
  });
});

describe('customer portal without a relay', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
  });
  after(() => t.close());

  test('a link that cannot be mailed says so (503) rather than pretending it went', async () => {
    const response = await t.request('POST', '/api/v1/portal/sign-in', { body: { email: 'a@example.org' } });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().error.code, 'mail_unavailable');
  });
});
