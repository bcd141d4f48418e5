// Subjects and file names cannot disguise themselves with bidirectional controls, on the API and
// over real SMTP; an over-long subject is refused on the API and cut (visibly) from mail; names have limits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../harness.ts';
import { sendMail, startMailDesk, type MailDesk } from '../mail.ts';

let desk: MailDesk;
let t: TestApp;
let port: number;

before(async () => {
  desk = await startMailDesk({ address: 'support@acme.test', name: 'Acme Support' });
  ({ t, port } = desk);
});
after(() => desk.close());

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
const newTicket = (subject: string) => ({ subject, customer: { email: 'bidi@example.test' }, message: { body: 'See attached.' } });

test('a ticket subject from the API keeps its letters but loses bidi overrides, on create and on change', async () => {
  const created = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: newTicket('Your invoice\u202efdp.exe') });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json<{ subject: string }>().subject, 'Your invoicefdp.exe');
  const id = created.json<{ id: number }>().id;
  const changed = await t.request('PATCH', `/api/v1/tickets/${id}`, { token: t.adminToken, body: { subject: 'Refund \u2067\u05e9\u05dc\u05d5\u05dd\u2069 ok' } });
  assert.equal(changed.json<{ subject: string }>().subject, 'Refund שלום ok');
  const empty = await t.request('PATCH', `/api/v1/tickets/${id}`, { token: t.adminToken, body: { subject: '\u202e\u202c' } });
  assert.equal(empty.statusCode, 422, empty.body);
  assert.equal(empty.json().error.code, 'empty_subject');
});

test('an uploaded file named invoice<right-to-left override>fdp.exe is stored and served as invoicefdp.exe, never as invoiceexe.pdf', async () => {
  const ticket = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: newTicket('Upload') });
  const boundary = 'b0undary';
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nHere it is\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="invoice\u202efdp.exe"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\r\n` +
      `--${boundary}--\r\n`,
  );
  const response = await t.request('POST', `/api/v1/tickets/${ticket.json<{ id: number }>().id}/messages`, { token: t.adminToken, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(response.statusCode, 201, response.body);
  const [attachment] = response.json<{ attachments: { id: number; filename: string }[] }>().attachments;
  assert.equal(attachment!.filename, 'invoicefdp.exe');
  const download = await t.request('GET', `/api/v1/attachments/${attachment!.id}`, { token: t.adminToken });
  assert.doesNotMatch(String(download.headers['content-disposition']), /%E2%80%AE/i);
});

test('mail over SMTP gets the same: bidi controls leave subject and file names, and a subject over 500 characters is cut with an ellipsis', async () => {
  const longSubject = `Order \u202eRCP.exe ${'very long words '.repeat(60)}`;
  const sent = await sendMail(port, {
    from: 'Eve <eve@example.test>',
    to: 'support@acme.test',
    subject: longSubject,
    text: 'Please open the file.',
    attachments: [{ filename: 'photo\u202egnp.js', content: 'alert(1)', contentType: 'application/octet-stream' }],
  });
  assert.match(sent.response, /^250 /);
  await t.frontline.workers.runner.drain();
  const ticket = await t.frontline.ctx.db.selectFrom('tickets').selectAll().where('channel', '=', 'email').executeTakeFirstOrThrow();
  assert.ok(!BIDI.test(ticket.subject), ticket.subject);
  const length = [...ticket.subject].length;
  assert.ok(length <= 500 && length > 480, `${length} characters`);
  assert.ok(ticket.subject.startsWith('Order RCP.exe very long words'), ticket.subject);
  assert.ok(ticket.subject.endsWith('…'), 'the cut is visible');
  const files = await t.frontline.ctx.db.selectFrom('attachments').select('filename').where('ticket_id', '=', ticket.id).execute();
  assert.deepEqual(files.map((file) => file.filename), ['photognp.js']);
});

test('names over 200 characters are refused on every resource that has one', async () => {
  const long = 'N'.repeat(201);
  const attempts: [string, string, unknown][] = [
    ['POST', '/api/v1/customers', { name: long }],
    ['POST', '/api/v1/organizations', { name: long }],
    ['POST', '/api/v1/teams', { name: long }],
    ['POST', '/api/v1/agents', { email: 'long@example.test', role: 'agent', name: long }],
    ['POST', '/api/v1/tickets', { ...newTicket('Hi'), customer: { email: 'long@example.test', name: long } }],
    ['POST', '/api/v1/tickets', newTicket('S'.repeat(501))],
  ];
  for (const [method, url, body] of attempts) {
    const response = await t.request(method, url, { token: t.adminToken, body });
    assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
    assert.equal(response.json().error.code, 'invalid_request');
  }
});
