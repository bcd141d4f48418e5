// The Telegram channel against a local stand-in of the Bot API (test/telegram-bot-api.ts), on the
// harness's database (PGlite, or PostgreSQL with TEST_DATABASE_URL): connecting bots, the webhook
// (secret, duplicates, hostile bodies), files, long polling with a durable offset, and replies with
// Telegram's refusals and outages.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../../../test/harness.ts';
import { TestClock } from '../../../test/clock.ts';
import { drainInOrder } from '../../../test/drain-in-order.ts';
import { CHAT_ORDER_WAIT } from './store.ts';
import { messageUpdate, startFakeBotApi, type FakeBotApi } from '../../../test/telegram-bot-api.ts';
import { createLogger } from '../../logger.ts';
import { TELEGRAM_POLL_JOB, TelegramPoller } from './poller.ts';

const HOUR = 3600_000;
let tokens = 0;
const newToken = () => `${100000 + ++tokens}:AAH${'x'.repeat(20)}${tokens}`;

describe('the Telegram channel', () => {
  let t: TestApp;
  let fake: FakeBotApi;
  const clock = new TestClock();

  before(async () => {
    fake = await startFakeBotApi();
    t = await startTestApp({ env: { JOBS: 'off', TELEGRAM_API_URL: fake.url, PUBLIC_URL: 'https://help.example.test', TELEGRAM_POLL_TIMEOUT_SECONDS: '0' }, clock });
    await t.frontline.ctx.db.updateTable('agents').set({ alias: 'Tamar' }).where('email', '=', ADMIN.email).execute();
  });
  after(async () => {
    await t.close();
    await fake.stop();
  });
  beforeEach(() => fake.reset());

  const db = () => t.frontline.ctx.db;
  /** Runs what is due (past a chat's order waits), but never the poll chain (its tests run polls themselves). */
  const drain = drainInOrder(() => t, clock, 'telegram', CHAT_ORDER_WAIT, {
    before: () => db().deleteFrom('jobs').where('kind', '=', TELEGRAM_POLL_JOB).where('status', '=', 'pending').execute(),
    advanceMs: 60_000,
  });

  async function connect(mode: 'webhook' | 'polling' = 'webhook', username = `shop${tokens + 1}_bot`) {
    const token = newToken();
    fake.addBot(token, username);
    const response = await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token, mode } });
    assert.equal(response.statusCode, 201, response.body);
    const bot = response.json<{ id: number; username: string; webhookUrl: string | null; mode: string }>();
    return { token, bot, secret: fake.webhooks.get(token)?.secret ?? '' };
  }

  const deliver = (botId: number, update: unknown, secret: string | undefined, payload?: string) =>
    t.request('POST', `/api/v1/channels/telegram/${botId}/webhook`, {
      headers: { 'content-type': 'application/json', ...(secret !== undefined && { 'x-telegram-bot-api-secret-token': secret }) },
      payload: payload ?? JSON.stringify(update),
    });

  const noteOf = (item: { meta: Record<string, unknown> }) => String(item.meta.note ?? '');
  const itemsOf = (botId: number) => db().selectFrom('inbound_items').selectAll().where('channel', '=', 'telegram').where('dedupe_key', 'like', `${botId}:%`).orderBy('id').execute();
  const messagesOf = (ticketId: number) => db().selectFrom('messages').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();

  async function ticketOf(itemId: number) {
    const item = await db().selectFrom('inbound_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
    assert.equal(item.status, 'processed', `item ${itemId}: ${item.error}`);
    return db().selectFrom('tickets').selectAll().where('id', '=', item.ticket_id!).executeTakeFirstOrThrow();
  }

  test('an admin connects a bot by its token: getMe names it, the webhook is set with a secret, and the token never comes back', async () => {
    const { token, bot } = await connect('webhook', 'acme_help_bot');
    assert.equal(bot.username, 'acme_help_bot');
    assert.equal(bot.mode, 'webhook');
    assert.equal(bot.webhookUrl, `https://help.example.test/api/v1/channels/telegram/${bot.id}/webhook`);
    const hook = fake.webhooks.get(token)!;
    assert.equal(hook.url, bot.webhookUrl);
    assert.match(hook.secret, /^[A-Za-z0-9_-]{32,256}$/);
    const listed = await t.request('GET', '/api/v1/telegram/bots', { token: t.adminToken });
    assert.equal(listed.statusCode, 200);
    assert.ok(!listed.body.includes(token) && !listed.body.includes(hook.secret), 'neither the token nor the secret is returned');
    const row = await db().selectFrom('telegram_bots').selectAll().where('id', '=', bot.id).executeTakeFirstOrThrow();
    assert.ok(!row.token_enc.includes(token), 'the token is stored sealed');
    assert.notEqual(row.webhook_secret_hash, hook.secret, 'only a digest of the secret is kept');
    const again = await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token, mode: 'webhook' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<{ error: { code: string } }>().error.code, 'telegram_bot_exists');
  });

  test('a token Telegram does not know answers 422, a malformed one 400, and an agent may not connect or list bots', async () => {
    const wrong = await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token: '999999:AAH-not-a-real-token-at-all', mode: 'polling' } });
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'telegram_token_invalid');
    assert.equal((await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token: 'hello' } })).statusCode, 400);
    assert.equal((await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token: newToken(), mode: 'carrier-pigeon' } })).statusCode, 400);
    const agent = await t.agent({ email: 'telegram-agent@example.test', role: 'agent' });
    const token = newToken();
    fake.addBot(token, 'agents_bot');
    assert.equal((await t.request('POST', '/api/v1/telegram/bots', { token: agent.token, body: { token } })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/v1/telegram/bots', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('DELETE', '/api/v1/telegram/bots/1', { token: agent.token })).statusCode, 403);
    assert.equal(fake.calls.filter((call) => call.token === token).length, 0, 'nothing was asked of Telegram for the agent');
  });

  test('switching a bot between webhook and polling tells Telegram, and an old webhook secret no longer lets anything in', async () => {
    const { token, bot, secret } = await connect();
    const toPolling = await t.request('PATCH', `/api/v1/telegram/bots/${bot.id}`, { token: t.adminToken, body: { mode: 'polling' } });
    assert.equal(toPolling.statusCode, 200, toPolling.body);
    assert.equal(fake.webhooks.get(token), null, 'the webhook was deleted');
    assert.equal((await db().selectFrom('jobs').select('id').where('kind', '=', TELEGRAM_POLL_JOB).where('status', '=', 'pending').execute()).length, 1);
    const update = { update_id: 5, ...messageUpdate({ id: 5550300 }, { text: 'hi' }) };
    assert.equal((await deliver(bot.id, update, secret)).statusCode, 404, 'a polling bot takes no webhook updates');
    const back = await t.request('PATCH', `/api/v1/telegram/bots/${bot.id}`, { token: t.adminToken, body: { mode: 'webhook' } });
    assert.equal(back.statusCode, 200, back.body);
    const fresh = fake.webhooks.get(token)!.secret;
    assert.notEqual(fresh, secret, 'a new secret each time the webhook is set');
    assert.equal((await deliver(bot.id, update, secret)).statusCode, 401);
    assert.equal((await deliver(bot.id, update, fresh)).statusCode, 200);
    const other = newToken();
    fake.addBot(other, 'someone_else_bot');
    const swapped = await t.request('PATCH', `/api/v1/telegram/bots/${bot.id}`, { token: t.adminToken, body: { token: other } });
    assert.equal(swapped.statusCode, 422);
    assert.equal(swapped.json<{ error: { code: string } }>().error.code, 'telegram_token_other_bot');
    assert.equal((await t.request('PATCH', '/api/v1/telegram/bots/999999', { token: t.adminToken, body: { active: false } })).statusCode, 404);
    await drain();
  });

  test('a customer\'s message through the webhook becomes a Telegram ticket with their identity; the next one joins it', async () => {
    const { bot, secret } = await connect();
    const from = { id: 5550001, first_name: 'Nino', last_name: 'Beridze', username: 'nino_b' };
    const first = await deliver(bot.id, { update_id: 1, ...messageUpdate(from, { text: 'My payout has not arrived\nSince Monday' }) }, secret);
    assert.equal(first.statusCode, 200, first.body);
    const [item] = await itemsOf(bot.id);
    assert.ok(item, 'the update is stored before the 200');
    await drain();
    const ticket = await ticketOf(item.id);
    assert.equal(ticket.channel, 'telegram');
    assert.equal(ticket.subject, 'My payout has not arrived');
    const customer = await db().selectFrom('customers').selectAll().where('id', '=', ticket.customer_id).executeTakeFirstOrThrow();
    assert.equal(customer.name, 'Nino Beridze');
    const identities = await db().selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customer.id).execute();
    assert.deepEqual(identities, [{ kind: 'telegram', value: '5550001' }]);

    assert.equal((await deliver(bot.id, { update_id: 2, ...messageUpdate(from, { text: 'Any news?' }) }, secret)).statusCode, 200);
    await drain();
    const items = await itemsOf(bot.id);
    assert.equal((await ticketOf(items[1]!.id)).id, ticket.id, 'the second message joins the same ticket');
    assert.deepEqual((await messagesOf(ticket.id)).map((m) => m.body_text), ['My payout has not arrived\nSince Monday', 'Any news?']);
  });

  test('a wrong or missing secret answers 401 and stores nothing; an unknown bot 404', async () => {
    const { bot } = await connect();
    const update = { update_id: 7, ...messageUpdate({ id: 5550002 }, { text: 'let me in' }) };
    assert.equal((await deliver(bot.id, update, undefined)).statusCode, 401);
    const wrong = await deliver(bot.id, update, 'not-the-secret');
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'unauthorized');
    assert.equal((await deliver(999999, update, 'whatever')).statusCode, 404);
    assert.equal((await itemsOf(bot.id)).length, 0);
  });

  test('the same update delivered twice becomes one message', async () => {
    const { bot, secret } = await connect();
    const update = { update_id: 42, ...messageUpdate({ id: 5550003 }, { text: 'only once please' }, 9001) };
    assert.equal((await deliver(bot.id, update, secret)).statusCode, 200);
    assert.equal((await deliver(bot.id, update, secret)).statusCode, 200);
    await drain();
    const items = await itemsOf(bot.id);
    assert.equal(items.length, 1);
    const ticket = await ticketOf(items[0]!.id);
    assert.equal((await messagesOf(ticket.id)).length, 1);
  });

  test('hostile bodies are refused with 4xx and the endpoint keeps working', async () => {
    const { bot, secret } = await connect();
    const huge = JSON.stringify({ update_id: 1, message: { text: 'x'.repeat(400 * 1024) } });
    assert.equal((await deliver(bot.id, null, secret, huge)).statusCode, 413);
    for (const payload of ['{"update_id": 1,', '[1,2,3]', '{"update_id": -4}', '{"update_id": "1"}', '"text"', '\xff\xfe']) {
      const response = await deliver(bot.id, null, secret, payload);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${payload}: ${response.statusCode}`);
      assert.ok(response.json<{ error: { code: string } }>().error.code);
    }
    const wrongType = await t.request('POST', `/api/v1/channels/telegram/${bot.id}/webhook`, { headers: { 'content-type': 'text/plain', 'x-telegram-bot-api-secret-token': secret }, payload: 'hi' });
    assert.equal(wrongType.json<{ error: { code: string } }>().error.code, 'invalid_update');
    assert.equal((await itemsOf(bot.id)).length, 0);
    // A misshapen message inside a valid update is stored and fails visibly; a good one still goes through.
    assert.equal((await deliver(bot.id, { update_id: 3, message: { message_id: 'x', chat: 5 } }, secret)).statusCode, 200);
    assert.equal((await deliver(bot.id, { update_id: 4, ...messageUpdate({ id: 5550004 }, { text: 'still here' }) }, secret)).statusCode, 200);
    await drain();
    const [broken, good] = await itemsOf(bot.id);
    assert.equal(broken!.status, 'failed');
    assert.match(broken!.error ?? '', /message_id/);
    await ticketOf(good!.id);
  });

  test('a photo (largest size) and a document are fetched with getFile and stored as attachments; a file over the limit is noted, the message kept', async () => {
    const { bot, secret } = await connect();
    const photoBytes = Buffer.from('\xff\xd8\xff fake jpeg bytes', 'latin1');
    const pdf = Buffer.from('%PDF-1.4 statement');
    fake.addFile('photo-big', photoBytes, 'photos/file_1.jpg');
    fake.addFile('doc-1', pdf, 'documents/file_2.pdf');
    const from = { id: 5550005 };
    const photo = [
      { file_id: 'photo-small', file_unique_id: 's', width: 90, height: 60, file_size: 900 },
      { file_id: 'photo-big', file_unique_id: 'b', width: 1280, height: 853, file_size: photoBytes.length },
    ];
    await deliver(bot.id, { update_id: 10, ...messageUpdate(from, { photo, caption: 'the error screen' }) }, secret);
    await deliver(bot.id, { update_id: 11, ...messageUpdate(from, { document: { file_id: 'doc-1', file_unique_id: 'd', file_name: 'statement.pdf', mime_type: 'application/pdf', file_size: pdf.length } }) }, secret);
    await deliver(bot.id, { update_id: 12, ...messageUpdate(from, { video: { file_id: 'video-huge', file_unique_id: 'v', width: 1, height: 1, duration: 600, file_size: 300 * 1024 * 1024 }, caption: 'a screen recording' }) }, secret);
    await drain();
    const items = await itemsOf(bot.id);
    const ticket = await ticketOf(items[0]!.id);
    const messages = await messagesOf(ticket.id);
    const byText = new Map(messages.map((m) => [m.body_text, m.id]));
    assert.deepEqual([...byText.keys()].sort(), ['(document: statement.pdf)', 'a screen recording', 'the error screen']);
    const files = await db().selectFrom('attachments').selectAll().where('ticket_id', '=', ticket.id).orderBy('content_type').execute();
    const photoName = `photo-${(await itemBody(items[0]!.id)).message.message_id}.jpg`;
    assert.deepEqual(files.map((f) => [f.message_id, f.filename, f.content_type]), [[byText.get('(document: statement.pdf)'), 'statement.pdf', 'application/pdf'], [byText.get('the error screen'), photoName, 'image/jpeg']]);
    assert.deepEqual(Buffer.from((await t.frontline.ctx.blobs.get(files[1]!.blob_key))!), photoBytes);
    assert.deepEqual(Buffer.from((await t.frontline.ctx.blobs.get(files[0]!.blob_key))!), pdf);
    assert.ok(!fake.calls.some((call) => call.method === 'getFile' && call.params.file_id === 'photo-small'), 'only the largest size is fetched');
    assert.ok(!fake.calls.some((call) => call.method === 'getFile' && call.params.file_id === 'video-huge'), 'a file over the limit is not asked for');
    assert.match(noteOf(items[2]!), /video .*300\.0 MB.*limit/);
  });

  const itemBody = async (itemId: number) => {
    const item = await db().selectFrom('inbound_items').select('raw').where('id', '=', itemId).executeTakeFirstOrThrow();
    return JSON.parse(Buffer.from(item.raw).toString('utf8')) as { message: { message_id: number } };
  };

  test('an edited message and other updates are stored and marked ignored, not dropped', async () => {
    const { bot, secret } = await connect();
    await deliver(bot.id, { update_id: 20, edited_message: messageUpdate({ id: 5550006 }, { text: 'edited', edit_date: 1 }).message }, secret);
    await deliver(bot.id, { update_id: 21, callback_query: { id: 'cb', from: { id: 5550006, is_bot: false, first_name: 'N' }, data: 'x' } }, secret);
    await deliver(bot.id, { update_id: 22, message: { message_id: 1, date: 1, chat: { id: -100, type: 'group' }, from: { id: 5550006, is_bot: false, first_name: 'N' }, text: 'hi all' } }, secret);
    await drain();
    const items = await itemsOf(bot.id);
    assert.deepEqual(items.map((item) => [item.status, item.outcome, item.ticket_id]), [['processed', 'ignored', null], ['processed', 'ignored', null], ['processed', 'ignored', null]]);
    assert.match(noteOf(items[0]!), /edited_message/);
  });

  test('long polling stores what getUpdates returns, keeps the offset in the database, and takes no update twice', async () => {
    const { token, bot } = await connect('polling');
    assert.equal(bot.webhookUrl, null);
    assert.ok(fake.calls.some((call) => call.token === token && call.method === 'deleteWebhook'), 'polling removes any webhook');
    const queued = await db().selectFrom('jobs').select('id').where('kind', '=', TELEGRAM_POLL_JOB).where('status', '=', 'pending').execute();
    assert.equal(queued.length, 1, 'connecting starts the poll chain');
    const from = { id: 5550007 };
    const first = fake.queueUpdate(token, messageUpdate(from, { text: 'polled one' }));
    const second = fake.queueUpdate(token, messageUpdate(from, { text: 'polled two' }));
    await new TelegramPoller(t.frontline.ctx).poll(bot.id);
    const row = await db().selectFrom('telegram_bots').selectAll().where('id', '=', bot.id).executeTakeFirstOrThrow();
    assert.equal(row.update_offset, second.update_id + 1);
    assert.equal((await itemsOf(bot.id)).length, 2);

    // Another poller (a restarted node) asks from the stored offset; Telegram then forgets the two.
    const third = fake.queueUpdate(token, messageUpdate(from, { text: 'polled three' }));
    await new TelegramPoller(t.frontline.ctx).poll(bot.id);
    assert.deepEqual(fake.offsets.get(token), [0, second.update_id + 1]);
    await new TelegramPoller(t.frontline.ctx).poll(bot.id);
    assert.deepEqual(fake.offsets.get(token), [0, second.update_id + 1, third.update_id + 1]);
    await drain();
    const items = await itemsOf(bot.id);
    assert.equal(items.length, 3);
    const ticket = await ticketOf(items[0]!.id);
    assert.deepEqual((await messagesOf(ticket.id)).map((m) => m.body_text), ['polled one', 'polled two', 'polled three']);

    // An update served again (stored, but the offset was lost with a crash) is one message still.
    await db().updateTable('telegram_bots').set({ update_offset: 0 }).where('id', '=', bot.id).execute();
    fake.queueUpdate(token, { ...third });
    await new TelegramPoller(t.frontline.ctx).poll(bot.id);
    await drain();
    assert.equal((await itemsOf(bot.id)).length, 3);
    assert.equal((await messagesOf(ticket.id)).length, 3);

    // A poll that cannot reach Telegram records the error on the bot and the chain goes on.
    await fake.stop();
    await new TelegramPoller(t.frontline.ctx).poll(bot.id);
    await fake.start();
    const failed = await t.request('GET', `/api/v1/telegram/bots/${bot.id}`, { token: t.adminToken });
    assert.match(failed.json<{ error: string }>().error, /Telegram did not answer getUpdates/);
    assert.ok(!failed.body.includes(token));
    const next = await db().selectFrom('jobs').select('run_at').where('kind', '=', TELEGRAM_POLL_JOB).where('status', '=', 'pending').executeTakeFirstOrThrow();
    assert.ok(next.run_at.getTime() > clock.now().getTime() + 10_000, 'the next poll waits after a failure');
    // Deactivated: the chain ends.
    assert.equal((await t.request('PATCH', `/api/v1/telegram/bots/${bot.id}`, { token: t.adminToken, body: { active: false } })).statusCode, 200);
    await db().deleteFrom('jobs').where('kind', '=', TELEGRAM_POLL_JOB).execute();
    await new TelegramPoller(t.frontline.ctx).poll(bot.id);
    assert.equal((await db().selectFrom('jobs').select('id').where('kind', '=', TELEGRAM_POLL_JOB).execute()).length, 0);
  });

  /** A ticket from a customer's first message, and the agent's reply to it through the API. */
  async function ticketWithReply(body: string, from = { id: 5550100 + tokens }) {
    const { token, bot, secret } = await connect();
    await deliver(bot.id, { update_id: 1, ...messageUpdate(from, { text: 'Hello?' }) }, secret);
    await drain();
    const ticket = await ticketOf((await itemsOf(bot.id))[0]!.id);
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: body } });
    assert.equal(replied.statusCode, 201, replied.body);
    return { token, bot, ticket, chatId: from.id, messageId: replied.json<{ id: number }>().id };
  }

  const messageRow = (id: number) => db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('an agent\'s reply goes to the customer\'s chat with sendMessage, signed with the agent\'s alias', async () => {
    const { token, chatId, messageId } = await ticketWithReply('Your payout left today.');
    await drain();
    assert.deepEqual(fake.sent.map((s) => [s.token, s.method, s.chat_id, s.text]), [[token, 'sendMessage', chatId, 'Tamar:\nYour payout left today.']]);
    const row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'sent');
    assert.match(row.external_id ?? '', new RegExp(`^${chatId}:\\d+$`));
  });

  test('a reply with files sends them with sendPhoto and sendDocument as multipart uploads', async () => {
    const { token, bot, secret } = await connect();
    await deliver(bot.id, { update_id: 1, ...messageUpdate({ id: 5550200 }, { text: 'Send me the invoice' }) }, secret);
    await drain();
    const ticket = await ticketOf((await itemsOf(bot.id))[0]!.id);
    const boundary = '----frontline-test';
    const part = (name: string, value: string, file?: { filename: string; type: string }) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n${value}\r\n`;
    const payload = part('body', 'Here it is.') + part('files', 'PNGDATA', { filename: 'chart.png', type: 'image/png' }) + part('files', '%PDF invoice', { filename: 'invoice.pdf', type: 'application/pdf' }) + `--${boundary}--\r\n`;
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(replied.statusCode, 201, replied.body);
    await drain();
    assert.deepEqual(
      fake.sent.filter((s) => s.token === token).map((s) => [s.method, s.text ?? s.filename, s.data?.toString()]),
      [['sendMessage', 'Tamar:\nHere it is.', undefined], ['sendPhoto', 'chart.png', 'PNGDATA'], ['sendDocument', 'invoice.pdf', '%PDF invoice']],
    );
  });

  test('a customer who blocked the bot: the reply fails at once with Telegram\'s reason', async () => {
    fake.failNext('sendMessage', 403, 'Forbidden: bot was blocked by the user');
    const { messageId } = await ticketWithReply('Are you still there?');
    await drain();
    const row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'failed');
    assert.match(row.delivery_error ?? '', /blocked by the user/);
    assert.equal(row.delivery_attempts, 1);
  });

  test('Telegram failing (500) or not reachable: the reply stays queued with the reason, is retried, and is sent once Telegram answers', async () => {
    fake.failNext('sendMessage', 500, 'Internal Server Error');
    const { chatId, messageId } = await ticketWithReply('Retry me.');
    await drain();
    let row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /500/);

    await fake.stop();
    clock.advance(HOUR);
    await drain();
    row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /Telegram did not answer/);
    assert.equal(row.delivery_attempts, 2);

    await fake.start();
    clock.advance(HOUR);
    await drain();
    row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'sent', row.delivery_error ?? '');
    assert.deepEqual(fake.sent.map((s) => [s.chat_id, s.text]), [[chatId, 'Tamar:\nRetry me.']]);
  });

  test('flood control (429) is retried after Telegram\'s retry_after', async () => {
    fake.failNext('sendMessage', 429, 'Too Many Requests: retry after 1', 1);
    const { messageId } = await ticketWithReply('Slowly.');
    const started = Date.now();
    await drain();
    assert.ok(Date.now() - started >= 900, 'waited retry_after before asking again');
    assert.equal((await messageRow(messageId)).delivery_status, 'sent');
  });

  test('a removed bot: its tickets stay, replies to them fail with the reason', async () => {
    const { bot, ticket } = await ticketWithReply('First.');
    await drain();
    assert.equal((await t.request('DELETE', `/api/v1/telegram/bots/${bot.id}`, { token: t.adminToken })).statusCode, 204);
    assert.equal((await t.request('DELETE', `/api/v1/telegram/bots/${bot.id}`, { token: t.adminToken })).statusCode, 404);
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: 'Second.' } });
    assert.equal(replied.statusCode, 201, replied.body);
    await drain();
    const row = await messageRow(replied.json<{ id: number }>().id);
    assert.equal(row.delivery_status, 'failed');
    assert.match(row.delivery_error ?? '', /bot .*removed/);
  });
});

describe('connecting a Telegram bot when the set-up is missing or Telegram is away', () => {
  let t: TestApp;
  let fake: FakeBotApi;
  const lines: string[] = [];

  before(async () => {
    fake = await startFakeBotApi();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // No PUBLIC_URL; the API address is the stand-in's, stopped when a test needs Telegram away.
    t = await startTestApp({ env: { JOBS: 'off', TELEGRAM_API_URL: fake.url, TELEGRAM_POLL_TIMEOUT_SECONDS: '0' }, log: createLogger({ level: 'debug', destination: sink }) });
  });
  after(async () => {
    await t.close();
    await fake.stop();
  });

  test('webhook mode without PUBLIC_URL is refused with the reason before Telegram is asked; polling works', async () => {
    const token = newToken();
    fake.addBot(token, 'no_public_url_bot');
    const refused = await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token, mode: 'webhook' } });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'public_url_missing');
    assert.equal(fake.calls.length, 0);
    const polling = await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token, mode: 'polling' } });
    assert.equal(polling.statusCode, 201, polling.body);
  });

  test('Telegram not reachable: connecting answers 422 telegram_unreachable, a poll records the error; the token is never logged', async () => {
    const token = newToken();
    fake.addBot(token, 'away_bot');
    const connected = await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token, mode: 'polling' } });
    assert.equal(connected.statusCode, 201);
    const botId = connected.json<{ id: number }>().id;
    await fake.stop();
    try {
      const other = newToken();
      const away = await t.request('POST', '/api/v1/telegram/bots', { token: t.adminToken, body: { token: other, mode: 'polling' } });
      assert.equal(away.statusCode, 422);
      assert.equal(away.json<{ error: { code: string } }>().error.code, 'telegram_unreachable');
      assert.ok(!away.body.includes(other));
      await new TelegramPoller(t.frontline.ctx).poll(botId);
      const row = await t.frontline.ctx.db.selectFrom('telegram_bots').selectAll().where('id', '=', botId).executeTakeFirstOrThrow();
      assert.match(row.error ?? '', /Telegram did not answer getUpdates: .*ECONNREFUSED/);
      assert.ok(!(row.error ?? '').includes(token));
      const log = lines.join('');
      assert.match(log, /Telegram poll failed/);
      assert.ok(!log.includes(token) && !log.includes(other), 'no bot token in the log');
    } finally {
      await fake.start();
    }
  });
});
