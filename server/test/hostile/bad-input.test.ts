// Hostile input the fuzz test found answering 500 (or outside the error shape), each pinned down:
// NUL bytes and lone surrogates, forged cursors, unbounded numbers, broken multipart and URLs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../harness.ts';
import { installErrorHandler } from '../../src/http/error-handler.ts';

let t: TestApp;
let ticketId: number;

before(async () => {
  t = await startTestApp();
  const created = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Seed', customer: { email: 'seed@example.test' }, message: { body: 'Hello' } } });
  ticketId = created.json<{ id: number }>().id;
  await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'help@acme.test', name: 'Acme' } });
});
after(() => t.close());

const expectError = (response: { statusCode: number; body: string }, status: number, code: string) => {
  assert.equal(response.statusCode, status, response.body);
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 10, 'the message explains the problem');
  return body.error as { code: string; message: string; details?: { field?: string } };
};

const nul = 'a\u0000b';
const nulFields: { where: string; method: string; url: () => string; body: unknown; field: string }[] = [
  { where: 'a ticket subject', method: 'POST', url: () => '/api/v1/tickets', body: { subject: nul, customer: { email: 'x@example.test' }, message: { body: 'hi' } }, field: 'body.subject' },
  { where: 'a customer name', method: 'POST', url: () => '/api/v1/tickets', body: { subject: 'S', customer: { email: 'x@example.test', name: nul }, message: { body: 'hi' } }, field: 'body.customer.name' },
  { where: 'a first message', method: 'POST', url: () => '/api/v1/tickets', body: { subject: 'S', customer: { email: 'x@example.test' }, message: { html: `<p>${nul}</p>` } }, field: 'body.message.html' },
  { where: 'a reply', method: 'POST', url: () => `/api/v1/tickets/${ticketId}/messages`, body: { body: nul }, field: 'body.body' },
  { where: 'a tag', method: 'PATCH', url: () => `/api/v1/tickets/${ticketId}`, body: { tags: ['ok', nul] }, field: 'body.tags[1]' },
  { where: 'customer notes', method: 'POST', url: () => '/api/v1/customers', body: { name: 'N', notes: nul }, field: 'body.notes' },
  { where: 'an organization name', method: 'POST', url: () => '/api/v1/organizations', body: { name: nul }, field: 'body.name' },
  { where: 'a team name', method: 'POST', url: () => '/api/v1/teams', body: { name: nul }, field: 'body.name' },
  { where: 'an agent signature', method: 'PATCH', url: () => '/api/v1/me', body: { signature: nul }, field: 'body.signature' },
  { where: 'an API token name', method: 'POST', url: () => '/api/v1/me/tokens', body: { name: nul }, field: 'body.name' },
  { where: 'a mailbox acknowledgement', method: 'PATCH', url: () => '/api/v1/mailboxes/1', body: { acknowledgementTexts: { en: nul } }, field: 'body.acknowledgementTexts.en' },
  { where: 'a search', method: 'GET', url: () => `/api/v1/tickets?q=${encodeURIComponent(nul)}`, body: undefined, field: 'query.q' },
];

for (const c of nulFields) {
  test(`a NUL byte in ${c.where} answers 400 invalid_characters naming the field`, async () => {
    const error = expectError(await t.request(c.method, c.url(), { token: t.adminToken, body: c.body }), 400, 'invalid_characters');
    assert.equal(error.details?.field, c.field);
  });
}

test('half of a surrogate pair is refused rather than stored as a replacement character', async () => {
  const payload = '{"subject":"broken \\ud800 pair","customer":{"email":"s@example.test"},"message":{"body":"hi"}}';
  const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, payload, headers: { 'content-type': 'application/json' } });
  assert.equal(expectError(response, 400, 'invalid_characters').details?.field, 'body.subject');
  const whole = '{"subject":"whole \\ud83d\\ude00 pair","customer":{"email":"s@example.test"},"message":{"body":"hi"}}';
  const ok = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, payload: whole, headers: { 'content-type': 'application/json' } });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json<{ subject: string }>().subject, 'whole 😀 pair');
});

test('a cursor with an impossible date answers 400 invalid_cursor; a real one pages on', async () => {
  for (const key of [['2024-99-99 99:99:99+00', 1], ['infinity', 1], ['2026-02-30 10:00:00+00', 1], ['', 1], ['now', 1]]) {
    const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
    expectError(await t.request('GET', `/api/v1/tickets?cursor=${cursor}`, { token: t.adminToken }), 400, 'invalid_cursor');
  }
  await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Second', customer: { email: 'seed@example.test' }, message: { body: 'Hi' } } });
  const first = await t.request('GET', '/api/v1/tickets?limit=1', { token: t.adminToken });
  const next = first.json<{ nextCursor: string }>().nextCursor;
  const second = await t.request('GET', `/api/v1/tickets?limit=1&cursor=${next}`, { token: t.adminToken });
  assert.equal(second.statusCode, 200, second.body);
  assert.equal(second.json<{ items: unknown[] }>().items.length, 1);
});

test('numbers beyond range in the query and the path answer 400 from the schema', async () => {
  for (const url of ['/api/v1/tickets?limit=1e309', '/api/v1/customers?limit=-1e309', '/api/v1/admin/inbox?limit=1e309', '/api/v1/admin/jobs?limit=1.5', '/api/v1/customers/1e309', '/api/v1/tickets/99999999999999999999', '/api/v1/messages/1e309/source']) {
    expectError(await t.request('GET', url, { token: t.adminToken }), 400, 'invalid_request');
  }
});

test('the upload route checks its path id like every other route', async () => {
  for (const id of ['1e309', '%F0%9F%98%80', 'abc', '0']) {
    expectError(await t.request('POST', `/api/v1/tickets/${id}/messages`, { token: t.adminToken, body: { body: 'hi' } }), 400, 'invalid_request');
  }
  expectError(await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: t.adminToken, payload: 'null', headers: { 'content-type': 'application/json' } }), 400, 'invalid_request');
});

test('a malformed multipart body answers 400 malformed_multipart', async () => {
  const url = `/api/v1/tickets/${ticketId}/messages`;
  const part = '--b\r\nContent-Disposition: form-data; name="body"\r\n\r\nhello\r\n';
  const bodies: [string, string][] = [
    ['multipart/form-data; boundary=b', part], // cut short: no closing boundary
    ['multipart/form-data; boundary=b', part.slice(0, 20)],
    ['multipart/form-data', `${part}--b--\r\n`], // no boundary parameter
  ];
  for (const [contentType, payload] of bodies) {
    expectError(await t.request('POST', url, { token: t.adminToken, payload, headers: { 'content-type': contentType } }), 400, 'malformed_multipart');
  }
  const nulField = `--b\r\nContent-Disposition: form-data; name="body"\r\n\r\nhel\u0000lo\r\n--b--\r\n`;
  expectError(await t.request('POST', url, { token: t.adminToken, payload: nulField, headers: { 'content-type': 'multipart/form-data; boundary=b' } }), 400, 'invalid_characters');
});

test('a URL that is not valid percent-encoding answers 400 in the API error shape', async () => {
  for (const url of ['/api/v1/tickets/%ZZ', '/api/v1/tickets/%ED%A0%80/history', '/api/v1/customers/%E2%80']) {
    expectError(await t.request('GET', url, { token: t.adminToken }), 400, 'malformed_url');
  }
});

test('a database error that only a value can cause answers 400 invalid_value without repeating the value', async () => {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/cast', async () => sql`SELECT ${'not-a-number-SECRETISH'}::bigint`.execute(t.frontline.ctx.db));
  app.get('/range', async () => sql`SELECT ${'99999999999'}::integer`.execute(t.frontline.ctx.db));
  for (const url of ['/cast', '/range']) {
    const response = await app.inject({ method: 'GET', url });
    expectError(response, 400, 'invalid_value');
    assert.ok(!response.body.includes('SECRETISH') && !response.body.includes('99999999999'), response.body);
  }
  await app.close();
});
