// The contact form over real HTTP and real SMTP: admins set forms up (roles, bad input); the hosted
// page and the submission API store what a person sent before answering, and the inbox makes it a
// ticket of channel "web" from the customer with that address, acknowledged and answered by email.
// Hostile input (foreign sites, robots, floods, oversized or malformed bodies) is refused or kept
// aside with a 4xx, never a 500, never a ticket.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { startSmtpSink, type SmtpSink } from '../../../test/mail.ts';
import { pageLocale } from './page.ts';
import { subjectOf } from './adapter.ts';

interface Form {
  id: number;
  publicKey: string;
  pagePath: string;
  allowedOrigins: string[];
  teamId: number | null;
  mailboxId: number | null;
}

const SITE = 'https://shop.example';
const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('web forms', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let agentToken: string;
  let teamId: number;
  let form: Form;

  before(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { JOBS: 'off', WEB_FORM_RATE_LIMIT: '1000' } });
    teamId = (await t.request('POST', '/api/v1/teams', { token: t.adminToken, body: { name: 'Sales' } })).json<{ id: number }>().id;
    agentToken = (await t.agent({ email: 'agent@example.test', role: 'agent', teamIds: [teamId] })).token;
    const mailbox = await t.request('POST', '/api/v1/mailboxes', {
      token: t.adminToken,
      body: { address: 'hello@shop.example', name: 'Shop', smtp: { host: '127.0.0.1', port: sink.port, security: 'none' }, acknowledge: true },
    });
    assert.equal(mailbox.statusCode, 201, mailbox.body);
    const created = await t.request('POST', '/api/v1/web-forms', {
      token: t.adminToken,
      body: { name: 'Shop contact', teamId, mailboxId: mailbox.json<{ id: number }>().id, allowedOrigins: ['https://Shop.example/'], texts: { ru: { title: 'Свяжитесь с магазином' } } },
    });
    assert.equal(created.statusCode, 201, created.body);
    form = created.json<Form>();
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  const db = () => t.frontline.ctx.db;
  const drain = () => t.frontline.workers.runner.drain();
  const items = () => db().selectFrom('inbound_items').selectAll().where('channel', '=', 'web').orderBy('id').execute();
  const webTickets = () => db().selectFrom('tickets').selectAll().where('channel', '=', 'web').orderBy('id').execute();
  const postPage = (fields: Record<string, string>, headers: Record<string, string> = {}, key = form.publicKey) =>
    t.request('POST', `/forms/${key}`, { payload: urlencoded(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  const submit = (body: unknown, headers: Record<string, string> = {}, key = form.publicKey) =>
    t.request('POST', `/api/v1/web-forms/${key}/submissions`, { body, headers });

  describe('setting forms up', () => {
    test('an admin makes a form: a public key, its page, its origins in normal form', () => {
      assert.match(form.publicKey, /^[A-Za-z0-9_-]{24}$/);
      assert.equal(form.pagePath, `/forms/${form.publicKey}`);
      assert.deepEqual(form.allowedOrigins, [SITE]);
      assert.equal(form.teamId, teamId);
    });

    test('only admins list, make, change and remove forms; without signing in 401', async () => {
      assert.equal((await t.request('GET', '/api/v1/web-forms', { token: agentToken })).statusCode, 403);
      assert.equal((await t.request('POST', '/api/v1/web-forms', { token: agentToken, body: { name: 'Mine' } })).statusCode, 403);
      assert.equal((await t.request('PATCH', `/api/v1/web-forms/${form.id}`, { token: agentToken, body: { active: false } })).statusCode, 403);
      assert.equal((await t.request('DELETE', `/api/v1/web-forms/${form.id}`, { token: agentToken })).statusCode, 403);
      assert.equal((await t.request('GET', '/api/v1/web-forms')).statusCode, 401);
      const listed = await t.request('GET', '/api/v1/web-forms', { token: t.adminToken });
      assert.deepEqual(
        listed.json<{ items: Form[] }>().items.map((item) => item.id),
        [form.id],
      );
    });

    test('bad settings answer 4xx with a message, and change nothing', async () => {
      const cases: Array<[unknown, number, string]> = [
        [{ name: 'X', allowedOrigins: ['javascript:alert(1)'] }, 422, 'invalid_origin'],
        [{ name: 'X', allowedOrigins: ['https://shop.example/contact'] }, 422, 'invalid_origin'],
        [{ name: 'X', allowedOrigins: ['not a url'] }, 422, 'invalid_origin'],
        [{ name: 'X', teamId: 999999 }, 422, 'team_not_found'],
        [{ name: 'X', mailboxId: 999999 }, 422, 'mailbox_not_found'],
        [{ name: '   ' }, 422, 'name_required'],
        [{ name: 'X', allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example`) }, 400, ''],
        [{ name: 'x'.repeat(201) }, 400, ''],
        [{ name: 'X', colour: 'red' }, 400, ''],
        [{ name: 'X', texts: { en: { title: 'x'.repeat(201) } } }, 400, ''],
      ];
      for (const [body, status, code] of cases) {
        const response = await t.request('POST', '/api/v1/web-forms', { token: t.adminToken, body });
        assert.equal(response.statusCode, status, `${JSON.stringify(body).slice(0, 80)}: ${response.body}`);
        assert.ok(response.json().error.message);
        if (code) assert.equal(response.json().error.code, code);
      }
      assert.equal((await t.request('GET', '/api/v1/web-forms', { token: t.adminToken })).json<{ items: Form[] }>().items.length, 1);
      assert.equal((await t.request('PATCH', '/api/v1/web-forms/999999', { token: t.adminToken, body: { active: false } })).statusCode, 404);
      assert.equal((await t.request('GET', '/api/v1/web-forms/abc', { token: t.adminToken })).statusCode, 400);
    });
  });

  describe('the hosted page', () => {
    test('shows the form in the reader\'s language, with the form\'s own heading, framed only by its sites', async () => {
      const page = await t.request('GET', form.pagePath, { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /^text\/html/);
      assert.match(page.body, /<html lang="ru">/);
      assert.match(page.body, /Свяжитесь с магазином/);
      assert.match(page.body, /Электронная почта/);
      const csp = page.headers['content-security-policy'] as string;
      assert.match(csp, /frame-ancestors 'self' https:\/\/shop\.example/);
      assert.match(csp, /default-src 'none'/, 'no script runs on the page');
      assert.doesNotMatch(page.body, /<script/i);
      const georgian = await t.request('GET', `${form.pagePath}?lang=ka`);
      assert.match(georgian.body, /მოგვწერეთ/);
      assert.match(georgian.body, /name="website"/, 'the hidden field is there');
    });

    test('a key nobody has, or a switched-off form, answers a 404 page', async () => {
      for (const path of ['/forms/nope', `/forms/${'x'.repeat(64)}`, '/forms/%3Cscript%3E']) {
        const response = await t.request('GET', path, { headers: { accept: 'text/html' } });
        assert.equal(response.statusCode, 404, path);
        assert.match(response.body, /does not exist or is switched off/);
      }
      await t.request('PATCH', `/api/v1/web-forms/${form.id}`, { token: t.adminToken, body: { active: false } });
      try {
        assert.equal((await t.request('GET', form.pagePath)).statusCode, 404);
        assert.equal((await submit({ email: 'a@example.org', message: 'Hi' })).statusCode, 404);
      } finally {
        await t.request('PATCH', `/api/v1/web-forms/${form.id}`, { token: t.adminToken, body: { active: true } });
      }
    });
  });

  describe('a person sends the form', () => {
    beforeEach(() => drain());

    test('stored, thanked, then a ticket of the team from the customer with that address, acknowledged by email', async () => {
      const before = sink.received.length;
      const response = await postPage({ name: 'Nino Beridze', email: 'Nino@Example.org', subject: '', message: 'Where is my order 1234?\nIt is late.', language: 'en', submissionId: 'page-1-abcdef' });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(response.body, /will answer to Nino@Example\.org/);
      const [item] = await items();
      assert.ok(item, 'the submission is in the inbox before it is processed');
      assert.equal(item.status, 'pending');
      assert.match(Buffer.from(item.raw).toString('utf8'), /Where is my order 1234/);
      await drain();
      const [ticket] = await webTickets();
      assert.ok(ticket, 'a ticket was opened');
      assert.equal(ticket.subject, 'Where is my order 1234?');
      assert.equal(ticket.team_id, teamId);
      assert.equal(ticket.mailbox_id, form.mailboxId);
      const customer = await db().selectFrom('customer_identities').select(['customer_id', 'value']).where('kind', '=', 'email').where('value', '=', 'nino@example.org').executeTakeFirstOrThrow();
      assert.equal(ticket.customer_id, customer.customer_id);
      const detail = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: agentToken });
      assert.equal(detail.statusCode, 200, 'an agent of the team sees it');
      assert.equal(detail.json().replyTarget.byEmail, true, 'answered by email');
      assert.equal(detail.json().replyTarget.address, 'nino@example.org');
      const acknowledgement = (await sink.waitFor(before + 1)).slice(before).find((mail) => mail.rcptTo.includes('nino@example.org'));
      assert.ok(acknowledgement, 'the acknowledgement went out from the form\'s mailbox');
      assert.match(acknowledgement.mailFrom, /hello@shop\.example/);
    });

    test('the same page sent twice (a double click, a reload) makes one ticket', async () => {
      const fields = { email: 'twice@example.org', message: 'Only once, please', submissionId: 'page-2-abcdef' };
      const before = (await webTickets()).length;
      assert.equal((await postPage(fields)).statusCode, 200);
      assert.equal((await postPage(fields)).statusCode, 200);
      await drain();
      assert.equal((await webTickets()).length, before + 1);
    });

    test('what is missing or wrong is shown on the page, with what was typed kept (escaped), and nothing stored', async () => {
      const before = (await items()).length;
      const response = await postPage({ name: '<script>alert(1)</script>', email: 'not an address', message: '   ' }, { 'accept-language': 'ka' });
      assert.equal(response.statusCode, 422);
      assert.match(response.body, /role="alert"/);
      assert.match(response.body, /ელფოსტის მისამართს არ ჰგავს/);
      assert.match(response.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(response.body, /<script>alert/);
      assert.equal((await items()).length, before);
    });

    test('a robot that fills the hidden field is thanked, kept aside as spam, and opens no ticket', async () => {
      const before = (await webTickets()).length;
      const response = await postPage({ email: 'bot@spam.example', message: 'Cheap watches', website: 'https://spam.example' });
      assert.equal(response.statusCode, 200, 'the robot learns nothing');
      await drain();
      const item = (await items()).at(-1)!;
      assert.equal(item.sender, 'bot@spam.example');
      assert.equal(item.status, 'processed');
      assert.equal(item.outcome, 'ignored');
      assert.match(String(item.meta.note), /spam/);
      assert.equal(item.ticket_id, null);
      assert.equal((await webTickets()).length, before);
    });

    test('a page on a site the form does not name cannot send it', async () => {
      const before = (await items()).length;
      const response = await postPage({ email: 'x@example.org', message: 'Hi' }, { origin: 'https://evil.example' });
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /cannot be sent from this site/);
      assert.equal((await items()).length, before);
    });

    test('oversized and malformed bodies answer 4xx pages, and the server goes on', async () => {
      const huge = await postPage({ email: 'big@example.org', message: 'x'.repeat(200_000) });
      assert.equal(huge.statusCode, 413);
      const long = await postPage({ email: 'long@example.org', message: 'x'.repeat(20_001) });
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /too long/);
      const garbage = await t.request('POST', form.pagePath, { payload: '%E0%A4%A', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.ok(garbage.statusCode >= 400 && garbage.statusCode < 500, `${garbage.statusCode}`);
      const arrays = await postPage({ email: 'a@example.org', message: 'ok' }, {}, 'x'.repeat(65));
      assert.equal(arrays.statusCode, 400);
      assert.equal((await t.request('GET', form.pagePath)).statusCode, 200);
    });
  });

  describe('the submission API', () => {
    test('a site named by the form posts JSON across origins and is told it was received', async () => {
      const preflight = await t.request('OPTIONS', `/api/v1/web-forms/${form.publicKey}/submissions`, { headers: { origin: SITE, 'access-control-request-method': 'POST' } });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], SITE);
      const response = await submit({ email: 'api@example.org', name: 'Giorgi', message: 'Hello from the shop page', page: `${SITE}/checkout`, submissionId: 'api-1-abcdef' }, { origin: SITE });
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(response.json(), { received: true, duplicate: false });
      assert.equal(response.headers['access-control-allow-origin'], SITE);
      const again = await submit({ email: 'api@example.org', message: 'Hello from the shop page', submissionId: 'api-1-abcdef' }, { origin: SITE });
      assert.deepEqual(again.json(), { received: true, duplicate: true });
      await drain();
      const ticket = (await webTickets()).at(-1)!;
      const message = await db().selectFrom('messages').select('body_text').where('ticket_id', '=', ticket.id).orderBy('id').executeTakeFirstOrThrow();
      assert.match(message.body_text, /Hello from the shop page\n\n— https:\/\/shop\.example\/checkout/);
    });

    test('another site, a session sent along, or bad input: 4xx with a message, nothing stored', async () => {
      const before = (await items()).length;
      const foreign = await submit({ email: 'x@example.org', message: 'Hi' }, { origin: 'https://evil.example' });
      assert.equal(foreign.statusCode, 403);
      assert.match(foreign.json().error.message, /does not take submissions from https:\/\/evil\.example/);
      assert.equal((await t.request('OPTIONS', `/api/v1/web-forms/${form.publicKey}/submissions`, { headers: { origin: 'https://evil.example' } })).statusCode, 403);
      const cases: Array<[unknown, number]> = [
        [{ email: 'x@example.org' }, 400],
        [{ email: 'x@example.org', message: 'Hi', extra: 1 }, 400],
        [{ email: 'x@example.org', message: { text: 'Hi' } }, 400],
        [{ email: 'nobody', message: 'Hi' }, 422],
        [{ email: 'x@example.org', message: '  \n ' }, 422],
        [{ email: 'x@example.org', message: 'x'.repeat(20_001) }, 400],
        [[1, 2, 3], 400],
        [null, 400],
      ];
      for (const [body, status] of cases) {
        const response = await submit(body);
        assert.equal(response.statusCode, status, `${JSON.stringify(body)?.slice(0, 60)}: ${response.body.slice(0, 200)}`);
        assert.ok(response.json().error.message);
      }
      const broken = await t.request('POST', `/api/v1/web-forms/${form.publicKey}/submissions`, { payload: '{"email":', headers: { 'content-type': 'application/json' } });
      assert.equal(broken.statusCode, 400);
      // An agent's own session does not make the post theirs: it is still the public's, and still checked.
      const withToken = await submit({ email: 'agent-sent@example.org', message: 'Testing the form' }, { authorization: `Bearer ${agentToken}` });
      assert.equal(withToken.statusCode, 202);
      assert.equal((await items()).length, before + 1, 'only the good one is stored');
    });
  });

  test('removing a form: its page and API answer 404, its tickets stay', async () => {
    const made = (await t.request('POST', '/api/v1/web-forms', { token: t.adminToken, body: { name: 'Temporary' } })).json<Form>();
    assert.equal((await submit({ email: 'temp@example.org', message: 'Before removal' }, {}, made.publicKey)).statusCode, 202);
    await drain();
    const tickets = (await webTickets()).length;
    assert.equal((await t.request('DELETE', `/api/v1/web-forms/${made.id}`, { token: t.adminToken })).statusCode, 204);
    assert.equal((await t.request('DELETE', `/api/v1/web-forms/${made.id}`, { token: t.adminToken })).statusCode, 404);
    assert.equal((await t.request('GET', made.pagePath)).statusCode, 404);
    assert.equal((await submit({ email: 'temp@example.org', message: 'After' }, {}, made.publicKey)).statusCode, 404);
    assert.equal((await webTickets()).length, tickets);
  });
});

describe('web form rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off', WEB_FORM_RATE_LIMIT: '3' } });
  });
  after(() => t.close());

  test('the page and the API each take so many per client address an hour; over it, 429 in each one\'s own shape', async () => {
    const key = (await t.request('POST', '/api/v1/web-forms', { token: t.adminToken, body: { name: 'Limited' } })).json<Form>().publicKey;
    const page = () => t.request('POST', `/forms/${key}`, { payload: urlencoded({ email: 'a@example.org', message: 'Hi' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const api = () => t.request('POST', `/api/v1/web-forms/${key}/submissions`, { body: { email: 'a@example.org', message: 'Hi' } });
    for (let i = 0; i < 3; i++) assert.equal((await page()).statusCode, 200);
    for (let i = 0; i < 3; i++) assert.equal((await api()).statusCode, 202);
    const overPage = await page();
    assert.equal(overPage.statusCode, 429);
    assert.match(overPage.body, /Too many messages/);
    const overApi = await api();
    assert.equal(overApi.statusCode, 429);
    assert.equal(overApi.json().error.code, 'rate_limited');
    const stored = await t.frontline.ctx.db.selectFrom('inbound_items').select('id').where('channel', '=', 'web').execute();
    assert.equal(stored.length, 6, 'what was over the limit was not stored');
  });
});

describe('web form pieces', () => {
  test('the reader\'s language: ?lang= first, then Accept-Language by weight, else English', () => {
    assert.equal(pageLocale('ka', 'ru'), 'ka');
    assert.equal(pageLocale('de', 'de-DE,ru;q=0.5,ka;q=0.8'), 'ka');
    assert.equal(pageLocale(undefined, 'fr, en;q=0.1, ru;q=0'), 'en');
    assert.equal(pageLocale(undefined, undefined), 'en');
    assert.equal(pageLocale(['ru'], 'x'.repeat(10_000)), 'en');
  });

  test('a submission without a subject takes the start of its first line', () => {
    assert.equal(subjectOf({ subject: '', message: '\n\n  Refund please  \nmore' }), 'Refund please');
    assert.equal(subjectOf({ subject: 'Given', message: 'x' }), 'Given');
    assert.equal(subjectOf({ subject: '', message: 'y'.repeat(200) }).length, 80);
  });
});
