// The WhatsApp channel against a local stand-in of the Cloud API (test/whatsapp-graph-api.ts), on
// the harness's database (PGlite, or PostgreSQL with TEST_DATABASE_URL): connecting numbers, the
// webhook handshake and signature, duplicates, hostile bodies, media, statuses, replies with the
// 24-hour window, and Graph's refusals and outages.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../../../test/harness.ts';
import { TestClock } from '../../../test/clock.ts';
import { drainInOrder } from '../../../test/drain-in-order.ts';
import { processWhatsapp } from './inbound.ts';
import { USER_ORDER_WAIT } from './store.ts';
import { customerMessage, signature, startFakeGraphApi, statusUpdate, webhookBody, type FakeGraphApi } from '../../../test/whatsapp-graph-api.ts';

const HOUR = 3600_000;
let numbers = 0;

describe('the WhatsApp channel', () => {
  let t: TestApp;
  let fake: FakeGraphApi;
  const clock = new TestClock();

  before(async () => {
    fake = await startFakeGraphApi();
    t = await startTestApp({ env: { JOBS: 'off', WHATSAPP_API_URL: fake.url, PUBLIC_URL: 'https://help.example.test' }, clock });
    await t.frontline.ctx.db.updateTable('agents').set({ alias: 'Tamar' }).where('email', '=', ADMIN.email).execute();
  });
  after(async () => {
    await t.close();
    await fake.stop();
  });
  beforeEach(() => fake.reset());

  const db = () => t.frontline.ctx.db;
  const drain = drainInOrder(() => t, clock, 'whatsapp', USER_ORDER_WAIT);

  async function connect(extra: Record<string, unknown> = {}) {
    numbers++;
    const phoneNumberId = `10987654321${numbers}`;
    const accessToken = `EAAG${'t'.repeat(30)}${numbers}`;
    const appSecret = `a1b2c3d4e5f6a7b8c9d0${numbers}`;
    fake.addNumber(phoneNumberId, accessToken);
    const response = await t.request('POST', '/api/v1/whatsapp/numbers', { token: t.adminToken, body: { phoneNumberId, businessAccountId: '102290129340398', accessToken, appSecret, ...extra } });
    assert.equal(response.statusCode, 201, response.body);
    const number = response.json<{ id: number; verifyToken: string; webhookUrl: string; displayPhoneNumber: string }>();
    return { number, phoneNumberId, accessToken, appSecret };
  }

  const post = (numberId: number, payload: string, sig: string | undefined, type = 'application/json') =>
    t.request('POST', `/api/v1/channels/whatsapp/${numberId}/webhook`, { headers: { 'content-type': type, ...(sig !== undefined && { 'x-hub-signature-256': sig }) }, payload });
  const deliver = (numberId: number, secret: string, body: unknown) => {
    const payload = JSON.stringify(body);
    return post(numberId, payload, signature(secret, payload));
  };

  const itemsOf = (numberId: number) => db().selectFrom('inbound_items').selectAll().where('channel', '=', 'whatsapp').where('dedupe_key', 'like', `${numberId}:%`).orderBy('id').execute();
  const messagesOf = (ticketId: number) => db().selectFrom('messages').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  const messageRow = (id: number) => db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  async function ticketOf(itemId: number) {
    const item = await db().selectFrom('inbound_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
    assert.equal(item.status, 'processed', `item ${itemId}: ${item.error}`);
    return db().selectFrom('tickets').selectAll().where('id', '=', item.ticket_id!).executeTakeFirstOrThrow();
  }

  test('an admin connects a number: the token is checked with Graph, the secrets never come back, a verify token is shown', async () => {
    const { number, accessToken, appSecret, phoneNumberId } = await connect();
    assert.equal(number.displayPhoneNumber, '+1 555 0100');
    assert.equal(number.webhookUrl, `https://help.example.test/api/v1/channels/whatsapp/${number.id}/webhook`);
    assert.match(number.verifyToken, /^[A-Za-z0-9_-]{20,}$/);
    const listed = await t.request('GET', '/api/v1/whatsapp/numbers', { token: t.adminToken });
    assert.equal(listed.statusCode, 200);
    assert.ok(!listed.body.includes(accessToken) && !listed.body.includes(appSecret), 'neither secret is returned');
    const row = await db().selectFrom('whatsapp_numbers').selectAll().where('id', '=', number.id).executeTakeFirstOrThrow();
    assert.ok(!row.access_token_enc.includes(accessToken) && !row.app_secret_enc.includes(appSecret), 'stored sealed');
    const again = await t.request('POST', '/api/v1/whatsapp/numbers', { token: t.adminToken, body: { phoneNumberId, businessAccountId: '1', accessToken, appSecret } });
    assert.equal(again.statusCode, 409);
  });

  test('a token Graph refuses answers 422; bad input 400; an agent may not list, connect or remove numbers', async () => {
    fake.addNumber('5550001', 'EAAGright-token-xxxxxxxxxxxxxxxxx');
    const wrong = await t.request('POST', '/api/v1/whatsapp/numbers', { token: t.adminToken, body: { phoneNumberId: '5550001', businessAccountId: '1', accessToken: 'EAAGwrong-token-xxxxxxxxxxxxxxxxx', appSecret: 'abcdefabcdefabcdef' } });
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'whatsapp_token_invalid');
    const good = { phoneNumberId: '5550001', businessAccountId: '1', accessToken: 'EAAGright-token-xxxxxxxxxxxxxxxxx', appSecret: 'abcdefabcdefabcdef' };
    for (const body of [{ ...good, phoneNumberId: 'abc' }, { ...good, accessToken: 'short' }, { ...good, appSecret: 'has spaces in it!!' }, { ...good, extra: 1 }, { ...good, templateName: 'Bad Name' }, {}]) {
      assert.equal((await t.request('POST', '/api/v1/whatsapp/numbers', { token: t.adminToken, body })).statusCode, 400, JSON.stringify(body));
    }
    const half = await t.request('POST', '/api/v1/whatsapp/numbers', { token: t.adminToken, body: { ...good, templateName: 'hello_world' } });
    assert.equal(half.statusCode, 422, 'a template without its language');
    const agent = await t.agent({ email: 'whatsapp-agent@example.test', role: 'agent' });
    assert.equal((await t.request('GET', '/api/v1/whatsapp/numbers', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('POST', '/api/v1/whatsapp/numbers', { token: agent.token, body: good })).statusCode, 403);
    assert.equal((await t.request('PATCH', '/api/v1/whatsapp/numbers/1', { token: agent.token, body: { active: false } })).statusCode, 403);
    assert.equal((await t.request('DELETE', '/api/v1/whatsapp/numbers/1', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('PATCH', '/api/v1/whatsapp/numbers/999999', { token: t.adminToken, body: { active: false } })).statusCode, 404);
  });

  test('the webhook handshake echoes the challenge only for the right verify token', async () => {
    const { number } = await connect();
    const url = (token: string, mode = 'subscribe') => `/api/v1/channels/whatsapp/${number.id}/webhook?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const ok = await t.request('GET', url(number.verifyToken));
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.body, '1158201444');
    assert.match(String(ok.headers['content-type']), /^text\/plain/);
    assert.equal((await t.request('GET', url('wrong'))).statusCode, 403);
    assert.equal((await t.request('GET', url(number.verifyToken, 'unsubscribe'))).statusCode, 403);
    assert.equal((await t.request('GET', `/api/v1/channels/whatsapp/${number.id}/webhook`)).statusCode, 403);
    assert.equal((await t.request('GET', `/api/v1/channels/whatsapp/999999/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`)).statusCode, 404);
  });

  test('a missing or wrong signature answers 401 and stores nothing', async () => {
    const { number, phoneNumberId, appSecret } = await connect();
    const payload = JSON.stringify(customerMessage(phoneNumberId, '995555000001', 'Nino', { type: 'text', text: { body: 'let me in' } }));
    assert.equal((await post(number.id, payload, undefined)).statusCode, 401);
    assert.equal((await post(number.id, payload, 'sha256=' + '0'.repeat(64))).statusCode, 401);
    assert.equal((await post(number.id, payload, signature('another-secret', payload))).statusCode, 401);
    assert.equal((await post(number.id, payload, 'md5=abc')).statusCode, 401);
    assert.equal((await post(number.id, payload + ' ', signature(appSecret, payload))).statusCode, 401, 'a body changed after signing');
    assert.equal((await itemsOf(number.id)).length, 0);
  });

  test('a text message becomes a WhatsApp ticket with the whatsapp identity; the same message twice is one; the next joins it', async () => {
    const { number, phoneNumberId, appSecret } = await connect();
    const body = customerMessage(phoneNumberId, '995555000002', 'Nino Beridze', { type: 'text', text: { body: 'My payout has not arrived\nSince Monday' } }, 'wamid.IN-first');
    assert.equal((await deliver(number.id, appSecret, body)).statusCode, 200);
    assert.equal((await deliver(number.id, appSecret, body)).statusCode, 200, 'Meta delivering it again');
    const items = await itemsOf(number.id);
    assert.equal(items.length, 1, 'stored once, before the 200');
    await drain();
    const ticket = await ticketOf(items[0]!.id);
    assert.equal(ticket.channel, 'whatsapp');
    assert.equal(ticket.subject, 'My payout has not arrived');
    const customer = await db().selectFrom('customers').selectAll().where('id', '=', ticket.customer_id).executeTakeFirstOrThrow();
    assert.equal(customer.name, 'Nino Beridze');
    assert.deepEqual(await db().selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customer.id).execute(), [{ kind: 'whatsapp', value: '+995555000002' }]);
    assert.equal((await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000002', 'Nino Beridze', { type: 'location', location: { latitude: 41.7, longitude: 44.8, name: 'Office' } }))).statusCode, 200);
    await drain();
    const later = await itemsOf(number.id);
    assert.equal((await ticketOf(later[1]!.id)).id, ticket.id);
    const texts = (await messagesOf(ticket.id)).map((m) => m.body_text);
    assert.equal(texts.length, 2);
    assert.match(texts[1]!, /^\(location: Office\) https:\/\/maps\.google\.com\/\?q=41\.7,44\.8$/);
  });

  test("a user's messages keep their order: a later one taken up before an earlier one waits for it", async () => {
    const { number, phoneNumberId, appSecret } = await connect();
    await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000009', 'Levan', { type: 'text', text: { body: 'first' } }));
    await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000009', 'Levan', { type: 'text', text: { body: 'second' } }));
    const [first, second] = await itemsOf(number.id);
    assert.equal(second!.meta.waId, 995555000009);
    const asItem = (row: typeof second) => ({ id: row!.id, channel: 'whatsapp', raw: row!.raw, meta: row!.meta, attempts: 0 });
    await assert.rejects(
      db().transaction().execute((tx) => processWhatsapp(tx, asItem(second), t.frontline.ctx)),
      new RegExp(`${USER_ORDER_WAIT} \\(inbound item ${first!.id}\\)`),
    );
    await drain();
    const ticket = await ticketOf(first!.id);
    assert.equal((await ticketOf(second!.id)).id, ticket.id);
    assert.deepEqual((await messagesOf(ticket.id)).map((m) => m.body_text), ['first', 'second']);
  });

  test('an image is fetched through GET /{media-id} and its URL and stored as an attachment; a reaction is kept and ignored', async () => {
    const { number, phoneNumberId, appSecret } = await connect();
    const jpeg = Buffer.from('\xff\xd8\xff fake jpeg bytes', 'latin1');
    fake.addMedia('1234567890', jpeg, 'image/jpeg');
    await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000003', 'Giorgi', { type: 'image', image: { id: '1234567890', mime_type: 'image/jpeg', caption: 'the receipt' } }));
    await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000003', 'Giorgi', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }));
    await drain();
    const [image, reaction] = await itemsOf(number.id);
    const ticket = await ticketOf(image!.id);
    const [message] = await messagesOf(ticket.id);
    assert.equal(message!.body_text, 'the receipt');
    const files = await db().selectFrom('attachments').selectAll().where('message_id', '=', message!.id).execute();
    assert.equal(files.length, 1);
    assert.equal(files[0]!.content_type, 'image/jpeg');
    assert.deepEqual(Buffer.from((await t.frontline.ctx.blobs.get(files[0]!.blob_key))!), jpeg);
    assert.equal(reaction!.status, 'processed');
    assert.match(String(reaction!.meta.note ?? reaction!.error ?? ''), /reaction/);
  });

  test('a video over the attachment limit is left out with a note; the message is kept', async () => {
    const { number, phoneNumberId, appSecret } = await connect();
    fake.addMedia('777000111', Buffer.from('tiny'), 'video/mp4', 200 * 1024 * 1024);
    await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000005', 'Irakli', { type: 'video', video: { id: '777000111', mime_type: 'video/mp4' } }));
    await drain();
    const [item] = await itemsOf(number.id);
    const ticket = await ticketOf(item!.id);
    const [message] = await messagesOf(ticket.id);
    assert.match(message!.body_text, /^\(video: video-.+\.mp4\)$/);
    assert.equal((await db().selectFrom('attachments').select('id').where('message_id', '=', message!.id).execute()).length, 0);
    assert.match(String(item!.meta.note ?? ''), /over the .* limit/);
  });

  test('hostile bodies are refused with 4xx, nothing is stored, and the endpoint keeps working', async () => {
    const { number, phoneNumberId, appSecret } = await connect();
    const signed = (payload: string) => post(number.id, payload, signature(appSecret, payload));
    assert.equal((await signed(JSON.stringify({ object: 'whatsapp_business_account', entry: [], junk: 'x'.repeat(600 * 1024) }))).statusCode, 413);
    const nested = '['.repeat(20000) + ']'.repeat(20000);
    for (const payload of ['{"object":', '[1,2]', '"text"', '\xff\xfe', '{"object":"page","entry":[]}', '{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"id":5}]}}]}]}', `{"object":"whatsapp_business_account","entry":${nested}}`]) {
      const response = await signed(payload);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${payload.slice(0, 40)}: ${response.statusCode}`);
      assert.ok(response.json<{ error: { code: string } }>().error.code);
    }
    const wrongType = await post(number.id, 'hi', signature(appSecret, 'hi'), 'text/plain');
    assert.equal(wrongType.statusCode, 400);
    assert.equal(wrongType.json<{ error: { code: string } }>().error.code, 'invalid_payload');
    assert.equal((await itemsOf(number.id)).length, 0);
    // A misshapen message inside a valid body is stored and fails visibly; a good one still goes through.
    assert.equal((await deliver(number.id, appSecret, webhookBody(phoneNumberId, { messages: [{ id: 'wamid.bad', from: 'not-a-number', type: 'text' }] }))).statusCode, 200);
    assert.equal((await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000004', 'Ana', { type: 'text', text: { body: 'still here' } }))).statusCode, 200);
    await drain();
    const [broken, good] = await itemsOf(number.id);
    assert.equal(broken!.status, 'failed');
    assert.match(broken!.error ?? '', /message\.from/);
    await ticketOf(good!.id);
  });

  /** A ticket from a customer's message (written `at`), and the agent's reply to it through the API. */
  async function ticketWithReply(body: string, options: { at?: Date; template?: boolean } = {}) {
    const connected = await connect(options.template ? { templateName: 'follow_up', templateLanguage: 'en_US' } : {});
    const waId = `99555510${String(numbers).padStart(4, '0')}`;
    await deliver(connected.number.id, connected.appSecret, customerMessage(connected.phoneNumberId, waId, 'Lika', { type: 'text', text: { body: 'Hello?' } }, undefined, options.at ?? clock.now()));
    await drain();
    const ticket = await ticketOf((await itemsOf(connected.number.id))[0]!.id);
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body } });
    assert.equal(replied.statusCode, 201, replied.body);
    return { ...connected, waId, ticket, messageId: replied.json<{ id: number }>().id };
  }

  test('a reply goes out with POST /messages as text with the alias; statuses mark it delivered, and a failed one fails it', async () => {
    const { waId, phoneNumberId, appSecret, number, messageId, ticket } = await ticketWithReply('Your payout left today.');
    const detail = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken });
    assert.equal(detail.json<{ replyIssue: unknown }>().replyIssue, null, 'within the window nothing stands in the way');
    await drain();
    assert.equal(fake.sent.length, 1);
    assert.deepEqual(fake.sent[0]!.body, { messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'text', text: { preview_url: false, body: 'Tamar:\nYour payout left today.' } });
    let row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'sent');
    assert.equal(row.external_id, fake.sent[0]!.id);
    await deliver(number.id, appSecret, statusUpdate(phoneNumberId, row.external_id!, 'sent', waId));
    await deliver(number.id, appSecret, statusUpdate(phoneNumberId, row.external_id!, 'delivered', waId));
    await deliver(number.id, appSecret, statusUpdate(phoneNumberId, row.external_id!, 'read', waId));
    await drain();
    row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'delivered');
    const delivered = await db().selectFrom('events').select('payload').where('type', '=', 'message.delivered').execute();
    assert.equal(delivered.filter((event) => (event.payload as { messageId: number }).messageId === messageId).length, 1, 'one message.delivered for delivered then read');
    await deliver(number.id, appSecret, statusUpdate(phoneNumberId, row.external_id!, 'failed', waId, [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } }]));
    await drain();
    row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'failed');
    assert.match(row.delivery_error ?? '', /Message undeliverable \(code 131026\)/);
  });

  test('a reply with a picture and a PDF uploads each with POST /media and sends them as image and document', async () => {
    const { number, phoneNumberId, appSecret } = await connect();
    await deliver(number.id, appSecret, customerMessage(phoneNumberId, '995555000099', 'Dato', { type: 'text', text: { body: 'invoice?' } }, undefined, clock.now()));
    await drain();
    const ticket = await ticketOf((await itemsOf(number.id))[0]!.id);
    const boundary = '----frontline-test';
    const part = (name: string, value: string, file?: { filename: string; type: string }) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n${value}\r\n`;
    const payload = part('body', 'Here it is.') + part('files', 'PNGDATA', { filename: 'chart.png', type: 'image/png' }) + part('files', '%PDF invoice', { filename: 'invoice.pdf', type: 'application/pdf' }) + `--${boundary}--\r\n`;
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(replied.statusCode, 201, replied.body);
    await drain();
    assert.deepEqual(fake.uploads.map((u) => [u.filename, u.data.toString()]), [['chart.png', 'PNGDATA'], ['invoice.pdf', '%PDF invoice']]);
    assert.deepEqual(fake.sent.map((s) => s.body.type), ['text', 'image', 'document']);
    assert.deepEqual(fake.sent[1]!.body.image, { id: fake.uploads[0]!.id });
  });

  test('after 24 hours: without a template the reply fails with the reason; with one the template goes instead', async () => {
    const old = new Date(clock.now().getTime() - 25 * HOUR);
    const closed = await ticketWithReply('Too late?', { at: old });
    await drain();
    let row = await messageRow(closed.messageId);
    assert.equal(row.delivery_status, 'failed');
    assert.match(row.delivery_error ?? '', /24 hours/);
    assert.equal(fake.sent.length, 0);
    const detail = await t.request('GET', `/api/v1/tickets/${closed.ticket.id}`, { token: t.adminToken });
    assert.equal(detail.json<{ replyIssue: { code: string } | null }>().replyIssue?.code, 'whatsapp_window_closed');

    const templated = await ticketWithReply('Still there?', { at: old, template: true });
    await drain();
    row = await messageRow(templated.messageId);
    assert.equal(row.delivery_status, 'sent', row.delivery_error ?? '');
    assert.deepEqual(fake.sent.map((s) => [s.body.type, s.body.template]), [['template', { name: 'follow_up', language: { code: 'en_US' } }]]);
  });

  test('Graph refusing (400) fails at once; failing (500), rate-limiting (429) or away is retried, visible, and sent once it answers', async () => {
    fake.failNext('messages', 400, '(#131030) Recipient phone number not in allowed list');
    const refused = await ticketWithReply('Hello');
    await drain();
    let row = await messageRow(refused.messageId);
    assert.equal(row.delivery_status, 'failed');
    assert.match(row.delivery_error ?? '', /not in allowed list/);

    fake.failNext('messages', 500, 'An unknown error occurred');
    const retried = await ticketWithReply('Retry me.');
    await drain();
    row = await messageRow(retried.messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /500/);
    await fake.stop();
    clock.advance(HOUR / 12);
    await drain();
    row = await messageRow(retried.messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /WhatsApp did not answer/);
    await fake.start();
    fake.failNext('messages', 429, '(#130429) Rate limit hit');
    clock.advance(HOUR / 12);
    await drain();
    assert.match((await messageRow(retried.messageId)).delivery_error ?? '', /rate limit/);
    clock.advance(HOUR / 12);
    await drain();
    row = await messageRow(retried.messageId);
    assert.equal(row.delivery_status, 'sent', row.delivery_error ?? '');
    assert.deepEqual(fake.sent.map((s) => (s.body.text as { body: string }).body), ['Tamar:\nRetry me.']);
  });
});
