// The VK channel against a local stand-in of the VK API and of VK's Callback API deliveries
// (test/vk-api.ts), on the harness's database (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// connecting communities, the callback (confirmation, secret, duplicates, hostile bodies), files,
// and replies with VK's refusals and outages.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../../../test/harness.ts';
import { TestClock } from '../../../test/clock.ts';
import { drainInOrder } from '../../../test/drain-in-order.ts';
import { PEER_ORDER_WAIT } from './store.ts';
import { newMessage, startFakeVkApi, vkEvent, type FakeVkApi } from '../../../test/vk-api.ts';
import { VkChannel } from './adapter.ts';
import { randomIdOf } from './outbound.ts';

const HOUR = 3600_000;
let groups = 0;

describe('the VK channel', () => {
  let t: TestApp;
  let fake: FakeVkApi;
  const clock = new TestClock();

  before(async () => {
    fake = await startFakeVkApi();
    t = await startTestApp({ env: { JOBS: 'off', VK_API_URL: fake.methodUrl, PUBLIC_URL: 'https://help.example.test' }, clock });
    await t.frontline.ctx.db.updateTable('agents').set({ alias: 'Tamar' }).where('email', '=', ADMIN.email).execute();
  });
  after(async () => {
    await t.close();
    await fake.stop();
  });
  beforeEach(() => fake.reset());

  const db = () => t.frontline.ctx.db;
  const drain = drainInOrder(() => t, clock, 'vk', PEER_ORDER_WAIT);

  async function connect(body: Record<string, unknown> = {}) {
    const groupId = 220000 + ++groups;
    const token = `vk1.a.${'T'.repeat(40)}${groups}`;
    fake.addGroup(token, groupId, `Shop ${groups}`);
    const response = await t.request('POST', '/api/v1/vk/communities', { token: t.adminToken, body: { groupId, token, confirmation: `c0nf${groups}`, ...body } });
    assert.equal(response.statusCode, 201, response.body);
    const community = response.json<{ id: number; groupId: number; name: string; secretKey: string; callbackUrl: string; confirmation: string }>();
    return { token, groupId, community, secret: community.secretKey };
  }

  const deliver = (communityId: number, event: unknown, payload?: string) =>
    t.request('POST', `/api/v1/channels/vk/${communityId}/callback`, { headers: { 'content-type': 'application/json' }, payload: payload ?? JSON.stringify(event) });

  const itemsOf = (communityId: number) => db().selectFrom('inbound_items').selectAll().where('channel', '=', 'vk').where('dedupe_key', 'like', `${communityId}:%`).orderBy('id').execute();
  const messagesOf = (ticketId: number) => db().selectFrom('messages').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  const noteOf = (item: { meta: Record<string, unknown> }) => String(item.meta.note ?? '');

  async function ticketOf(itemId: number) {
    const item = await db().selectFrom('inbound_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
    assert.equal(item.status, 'processed', `item ${itemId}: ${item.error}`);
    return db().selectFrom('tickets').selectAll().where('id', '=', item.ticket_id!).executeTakeFirstOrThrow();
  }

  test('an admin connects a community: groups.getById checks the token, the secret key is shown once, the token never', async () => {
    const { token, community, secret, groupId } = await connect();
    assert.equal(community.name, `Shop ${groups}`);
    assert.equal(community.callbackUrl, `https://help.example.test/api/v1/channels/vk/${community.id}/callback`);
    assert.match(secret, /^[A-Za-z0-9]{32}$/);
    assert.deepEqual(fake.calls.map((call) => [call.method, call.params.group_id, call.params.v]), [['groups.getById', String(groupId), '5.199']]);
    const listed = await t.request('GET', '/api/v1/vk/communities', { token: t.adminToken });
    assert.equal(listed.statusCode, 200);
    assert.ok(listed.body.includes(`"groupId":${groupId}`));
    assert.ok(!listed.body.includes(token) && !listed.body.includes(secret), 'neither the token nor the secret key is returned again');
    const row = await db().selectFrom('vk_communities').selectAll().where('id', '=', community.id).executeTakeFirstOrThrow();
    assert.ok(!row.token_enc.includes(token) && !row.secret_enc.includes(secret), 'both are stored sealed');
    const again = await t.request('POST', '/api/v1/vk/communities', { token: t.adminToken, body: { groupId, token, confirmation: 'abc' } });
    assert.equal(again.statusCode, 409);
    // A given secret key, and a new one made on request.
    const changed = await t.request('PATCH', `/api/v1/vk/communities/${community.id}`, { token: t.adminToken, body: { secretKey: 'MyOwnSecret123' } });
    assert.equal(changed.json<{ secretKey: string }>().secretKey, 'MyOwnSecret123');
    const renewed = await t.request('PATCH', `/api/v1/vk/communities/${community.id}`, { token: t.adminToken, body: { newSecretKey: true } });
    assert.match(renewed.json<{ secretKey: string }>().secretKey, /^[A-Za-z0-9]{32}$/);
    assert.equal((await t.request('PATCH', `/api/v1/vk/communities/${community.id}`, { token: t.adminToken, body: { active: false } })).json<{ secretKey?: string }>().secretKey, undefined);
  });

  test('a token VK refuses answers 422 with the reason, bad input 400, and an agent may not manage communities', async () => {
    const refused = await t.request('POST', '/api/v1/vk/communities', { token: t.adminToken, body: { groupId: 1, token: 'vk1.a.not-a-token-vk-knows-at-all', confirmation: 'abc' } });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'vk_token_invalid');
    const token = `vk1.a.${'O'.repeat(40)}`;
    fake.addGroup(token, 330001, 'Other');
    const other = await t.request('POST', '/api/v1/vk/communities', { token: t.adminToken, body: { groupId: 330002, token, confirmation: 'abc' } });
    assert.equal(other.json<{ error: { code: string } }>().error.code, 'vk_token_other_group');
    for (const body of [{ groupId: 0, token, confirmation: 'abc' }, { groupId: 5, token: 'short', confirmation: 'abc' }, { groupId: 5, token, confirmation: 'has spaces' }, { groupId: 5, token }, { groupId: 5, token, confirmation: 'abc', secretKey: 'no!' }, { groupId: 5, token, confirmation: 'abc', extra: 1 }]) {
      const response = await t.request('POST', '/api/v1/vk/communities', { token: t.adminToken, body });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
    }
    assert.equal((await t.request('PATCH', '/api/v1/vk/communities/999999', { token: t.adminToken, body: { active: true } })).statusCode, 404);
    const agent = await t.agent({ email: 'vk-agent@example.test', role: 'agent' });
    fake.reset();
    assert.equal((await t.request('POST', '/api/v1/vk/communities', { token: agent.token, body: { groupId: 330001, token, confirmation: 'abc' } })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/v1/vk/communities', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('PATCH', '/api/v1/vk/communities/1', { token: agent.token, body: { active: false } })).statusCode, 403);
    assert.equal((await t.request('DELETE', '/api/v1/vk/communities/1', { token: agent.token })).statusCode, 403);
    assert.equal(fake.calls.length, 0, 'nothing was asked of VK for the agent');
  });

  test('the confirmation event is answered with the confirmation string, only for the community\'s group_id', async () => {
    const { community, groupId } = await connect();
    const confirmed = await deliver(community.id, { type: 'confirmation', group_id: groupId });
    assert.equal(confirmed.statusCode, 200);
    assert.equal(confirmed.body, community.confirmation);
    assert.match(String(confirmed.headers['content-type']), /^text\/plain/);
    assert.equal((await deliver(community.id, { type: 'confirmation', group_id: groupId + 1 })).statusCode, 401);
    assert.equal((await deliver(999999, { type: 'confirmation', group_id: groupId })).statusCode, 404);
    assert.equal((await itemsOf(community.id)).length, 0);
  });

  test('a customer\'s message becomes a VK ticket with their identity and users.get name, answered "ok" once stored; the next joins it', async () => {
    const { community, groupId, secret } = await connect();
    fake.users.set(5550001, { first_name: 'Nino', last_name: 'Beridze' });
    const first = await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550001, { text: 'My payout has not arrived\nSince Monday' })));
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.body, 'ok');
    assert.match(String(first.headers['content-type']), /^text\/plain/);
    const [item] = await itemsOf(community.id);
    assert.ok(item, 'the event is stored before "ok"');
    assert.equal(item.status, 'pending');
    await drain();
    const ticket = await ticketOf(item.id);
    assert.equal(ticket.channel, 'vk');
    assert.equal(ticket.subject, 'My payout has not arrived');
    const customer = await db().selectFrom('customers').selectAll().where('id', '=', ticket.customer_id).executeTakeFirstOrThrow();
    assert.equal(customer.name, 'Nino Beridze');
    assert.deepEqual(await db().selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customer.id).execute(), [{ kind: 'vk', value: '5550001' }]);

    assert.equal((await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550001, { text: 'Any news?' })))).body, 'ok');
    fake.failNext('users.get', 10, 'Internal server error');
    await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550009, { text: 'Someone else' })));
    await drain();
    const items = await itemsOf(community.id);
    assert.equal((await ticketOf(items[1]!.id)).id, ticket.id, 'the second message joins the same ticket');
    assert.deepEqual((await messagesOf(ticket.id)).map((m) => m.body_text), ['My payout has not arrived\nSince Monday', 'Any news?']);
    const stranger = await ticketOf(items[2]!.id);
    assert.notEqual(stranger.id, ticket.id);
    assert.equal((await db().selectFrom('customers').select('name').where('id', '=', stranger.customer_id).executeTakeFirstOrThrow()).name, 'VK user 5550009', 'users.get failing leaves the id');
    assert.equal((await db().selectFrom('customers').select('name').where('id', '=', customer.id).executeTakeFirstOrThrow()).name, 'Nino Beridze', 'a known customer keeps their name');
    assert.deepEqual(fake.calls.filter((c) => c.method === 'users.get').map((c) => c.params.user_ids), ['5550001', '5550009'], 'users.get only for people not met before');
  });

  test('a wrong or missing secret answers 401 and stores nothing', async () => {
    const { community, groupId } = await connect();
    const object = newMessage(5550002, { text: 'let me in' });
    assert.equal((await deliver(community.id, vkEvent('message_new', groupId, undefined, object))).statusCode, 401);
    const wrong = await deliver(community.id, vkEvent('message_new', groupId, 'notTheSecret', object));
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'unauthorized');
    assert.equal((await itemsOf(community.id)).length, 0);
  });

  test('VK delivering the same event_id again: stored and processed once, answered "ok" each time', async () => {
    const { community, groupId, secret } = await connect();
    const event = vkEvent('message_new', groupId, secret, newMessage(5550003, { text: 'only once please' }));
    assert.equal((await deliver(community.id, event)).body, 'ok');
    assert.equal((await deliver(community.id, event)).body, 'ok');
    await drain();
    assert.equal((await deliver(community.id, event)).body, 'ok');
    await drain();
    const items = await itemsOf(community.id);
    assert.equal(items.length, 1);
    assert.equal((await messagesOf((await ticketOf(items[0]!.id)).id)).length, 1);
  });

  test('hostile bodies are refused with 4xx, nothing is stored, and the endpoint keeps working', async () => {
    const { community, groupId, secret } = await connect();
    const huge = JSON.stringify(vkEvent('message_new', groupId, secret, newMessage(1, { text: 'x'.repeat(400 * 1024) })));
    assert.equal((await deliver(community.id, null, huge)).statusCode, 413);
    for (const payload of ['{"type": "message_new",', '[1,2,3]', '"text"', '\xff\xfe', '{"type":"confirmation"}', `{"type":"message_new","group_id":${groupId},"secret":"${secret}"}`, `{"type":"message_new","group_id":"${groupId}","event_id":"a1","secret":"${secret}"}`, `{"type":"../x","group_id":${groupId},"event_id":"a1"}`, `{"type":"message_new","group_id":${groupId},"event_id":"a/../1","secret":"${secret}"}`]) {
      const response = await deliver(community.id, null, payload);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${payload}: ${response.statusCode}`);
      assert.ok(response.json<{ error: { code: string } }>().error.code);
    }
    const wrongType = await t.request('POST', `/api/v1/channels/vk/${community.id}/callback`, { headers: { 'content-type': 'text/plain' }, payload: 'hi' });
    assert.equal(wrongType.json<{ error: { code: string } }>().error.code, 'invalid_event');
    const noType = await t.request('POST', `/api/v1/channels/vk/${community.id}/callback`, { payload: '' });
    assert.ok(noType.statusCode >= 400 && noType.statusCode < 500, `no body: ${noType.statusCode}`);
    assert.equal((await itemsOf(community.id)).length, 0);
    const labelled = await t.request('POST', `/api/v1/channels/vk/${community.id}/callback`, { headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: JSON.stringify(vkEvent('message_new', groupId, secret, newMessage(5550004, { text: 'labelled text/plain' }))) });
    assert.equal(labelled.body, 'ok', 'an event is JSON whatever its content type says');
    // A misshapen message inside a valid event is stored and fails visibly; a good one still goes through.
    assert.equal((await deliver(community.id, vkEvent('message_new', groupId, secret, { message: { from_id: 'x' } }))).body, 'ok');
    assert.equal((await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550004, { text: 'still here' })))).body, 'ok');
    await drain();
    const [labelledItem, broken, good] = await itemsOf(community.id);
    await ticketOf(labelledItem!.id);
    assert.equal(broken!.status, 'failed');
    assert.match(broken!.error ?? '', /from_id/);
    await ticketOf(good!.id);
  });

  test('a photo (largest size), a document and a voice message become attachments; a video a link; a file over the limit is noted', async () => {
    const { community, groupId, secret } = await connect();
    const jpeg = Buffer.from('\xff\xd8\xff fake jpeg', 'latin1');
    const pdf = Buffer.from('%PDF-1.4 statement');
    const ogg = Buffer.from('OggS voice');
    const photo = { id: 1, owner_id: 5550005, sizes: [{ type: 's', url: fake.addFile('small.jpg', Buffer.from('small')), width: 75, height: 50 }, { type: 'w', url: fake.addFile('big.jpg', jpeg), width: 1280, height: 853 }] };
    const doc = { id: 2, owner_id: 5550005, title: 'statement.pdf', ext: 'pdf', size: pdf.length, url: fake.addFile('doc.pdf', pdf) };
    const voice = { id: 3, owner_id: 5550005, duration: 3, link_ogg: fake.addFile('voice.ogg', ogg), link_mp3: fake.addFile('voice.mp3', Buffer.from('mp3')) };
    const video = { id: 456239017, owner_id: 5550005, title: 'Screen recording' };
    const attachments = [{ type: 'photo', photo }, { type: 'doc', doc }, { type: 'audio_message', audio_message: voice }, { type: 'video', video }];
    await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550005, { text: 'the error screen', attachments })));
    const bigDoc = { ...doc, title: 'huge.zip', ext: 'zip', size: 300 * 1024 * 1024, url: fake.addFile('huge.zip', Buffer.from('x')) };
    await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550005, { text: 'and this', attachments: [{ type: 'doc', doc: bigDoc }] })));
    await drain();
    const items = await itemsOf(community.id);
    const ticket = await ticketOf(items[0]!.id);
    const [first, second] = await messagesOf(ticket.id);
    assert.equal(first!.body_text, 'the error screen\n(video: Screen recording) https://vk.com/video5550005_456239017');
    const files = await db().selectFrom('attachments').selectAll().where('message_id', '=', first!.id).orderBy('id').execute();
    assert.deepEqual(files.map((f) => [f.content_type, f.filename.replace(/-\d+-/, '-N-')]), [['image/jpeg', 'photo-N-1.jpg'], ['application/pdf', 'statement.pdf'], ['audio/ogg', 'voice-N-3.ogg']]);
    assert.deepEqual(Buffer.from((await t.frontline.ctx.blobs.get(files[0]!.blob_key))!), jpeg, 'the largest size');
    assert.deepEqual(Buffer.from((await t.frontline.ctx.blobs.get(files[1]!.blob_key))!), pdf);
    assert.deepEqual(Buffer.from((await t.frontline.ctx.blobs.get(files[2]!.blob_key))!), ogg);
    assert.equal(second!.body_text, 'and this');
    assert.match(noteOf(items[1]!), /document .*300\.0 MB.*limit/);
  });

  test('a conversation keeps its order: a later event taken up before an earlier one waits for it', async () => {
    const { community, groupId, secret } = await connect();
    await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550007, { text: 'first' })));
    await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550007, { text: 'second' })));
    const [first, second] = await itemsOf(community.id);
    const asItem = (row: typeof second) => ({ id: row!.id, channel: 'vk', raw: row!.raw, meta: row!.meta, attempts: 0 });
    await assert.rejects(
      db().transaction().execute((tx) => new VkChannel().process(tx, asItem(second), t.frontline.ctx)),
      new RegExp(`an earlier message of this conversation \\(inbound item ${first!.id}\\)`),
    );
    await drain();
    const ticket = await ticketOf(first!.id);
    assert.deepEqual((await messagesOf(ticket.id)).map((m) => m.body_text), ['first', 'second']);
  });

  test('other event types are stored and marked ignored, not dropped', async () => {
    const { community, groupId, secret } = await connect();
    assert.equal((await deliver(community.id, vkEvent('message_reply', groupId, secret, { id: 5, from_id: -groupId, peer_id: 5550006, text: 'sent by us' }))).body, 'ok');
    assert.equal((await deliver(community.id, vkEvent('group_join', groupId, secret, { user_id: 5550006, join_type: 'join' }))).body, 'ok');
    assert.equal((await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(5550006, { peer_id: 2000000001, text: 'hi all' })))).body, 'ok');
    await drain();
    const items = await itemsOf(community.id);
    assert.deepEqual(items.map((item) => [item.status, item.outcome, item.ticket_id]), [['processed', 'ignored', null], ['processed', 'ignored', null], ['processed', 'ignored', null]]);
    assert.match(noteOf(items[0]!), /message_reply/);
  });

  /** A ticket from a customer's first message, and the agent's reply to it through the API. */
  async function ticketWithReply(body: string, fromId = 5550100 + groups) {
    const { token, community, groupId, secret } = await connect();
    await deliver(community.id, vkEvent('message_new', groupId, secret, newMessage(fromId, { text: 'Hello?' })));
    await drain();
    const ticket = await ticketOf((await itemsOf(community.id))[0]!.id);
    fake.reset(); // before the reply: what the test then reads of the stand-in is the reply's alone
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body } });
    assert.equal(replied.statusCode, 201, replied.body);
    return { token, community, ticket, peerId: fromId, messageId: replied.json<{ id: number }>().id };
  }

  const messageRow = (id: number) => db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('an agent\'s reply goes out with messages.send: peer_id, the alias in front, a random_id stable for the message', async () => {
    const { token, peerId, messageId } = await ticketWithReply('Your payout left today.');
    await drain();
    assert.deepEqual(fake.sent.map((s) => [s.token, s.peer_id, s.message, s.random_id]), [[token, peerId, 'Tamar:\nYour payout left today.', randomIdOf(messageId, 0)]]);
    assert.equal(randomIdOf(messageId, 0), randomIdOf(messageId, 0));
    assert.notEqual(randomIdOf(messageId, 0), randomIdOf(messageId + 1, 0));
    const row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'sent', row.delivery_error ?? '');
    assert.match(row.external_id ?? '', new RegExp(`^${peerId}:\\d+$`));
  });

  test('a reply with files uploads a photo and a document and sends them as attachments', async () => {
    const { ticket, peerId } = await ticketWithReply('first');
    await drain();
    fake.reset();
    const boundary = '----frontline-test';
    const part = (name: string, value: string, file?: { filename: string; type: string }) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n${value}\r\n`;
    const payload = part('body', 'Here it is.') + part('files', 'PNGDATA', { filename: 'chart.png', type: 'image/png' }) + part('files', '%PDF invoice', { filename: 'invoice.pdf', type: 'application/pdf' }) + `--${boundary}--\r\n`;
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(replied.statusCode, 201, replied.body);
    await drain();
    assert.deepEqual(fake.uploads.map((u) => [u.kind, u.filename, u.data.toString()]), [['photo', 'chart.png', 'PNGDATA'], ['doc', 'invoice.pdf', '%PDF invoice']]);
    assert.deepEqual(fake.calls.map((c) => c.method), ['photos.getMessagesUploadServer', 'photos.saveMessagesPhoto', 'docs.getMessagesUploadServer', 'docs.save', 'messages.send']);
    assert.equal(fake.sent.length, 1);
    assert.equal(fake.sent[0]!.peer_id, peerId);
    assert.equal(fake.sent[0]!.message, 'Tamar:\nHere it is.');
    assert.match(fake.sent[0]!.attachment ?? '', /^photo-\d+_\d+_ak1,doc-\d+_\d+$/);
    assert.equal((await messageRow(replied.json<{ id: number }>().id)).delivery_status, 'sent');
  });

  test('VK error 901 (the user does not take messages from the community): the reply fails at once with the reason', async () => {
    const { messageId } = await ticketWithReply('Are you still there?');
    fake.failNext('messages.send', 901, 'Can\'t send messages for users without permission');
    await drain();
    const row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'failed');
    assert.match(row.delivery_error ?? '', /901.*without permission/);
    assert.equal(row.delivery_attempts, 1);
  });

  test('VK failing (error 10, a 502, not reachable): the reply stays queued with the reason, is retried, and sent once — the same random_id each time', async () => {
    const { peerId, messageId } = await ticketWithReply('Retry me.');
    fake.failNext('messages.send', 10, 'Internal server error');
    await drain();
    let row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /10: Internal server error/);

    fake.failNext('messages.send', 0, '', 502);
    clock.advance(HOUR);
    await drain();
    row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /502/);

    await fake.stop();
    clock.advance(HOUR);
    await drain();
    row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'queued');
    assert.match(row.delivery_error ?? '', /VK did not answer/);
    assert.equal(row.delivery_attempts, 3);

    await fake.start();
    clock.advance(HOUR);
    await drain();
    row = await messageRow(messageId);
    assert.equal(row.delivery_status, 'sent', row.delivery_error ?? '');
    assert.deepEqual(fake.sent.map((s) => [s.peer_id, s.message]), [[peerId, 'Tamar:\nRetry me.']]);
    const randomIds = new Set(fake.calls.filter((c) => c.method === 'messages.send').map((c) => c.params.random_id));
    assert.deepEqual([...randomIds], [String(randomIdOf(messageId, 0))], 'every attempt carried the same random_id');
  });

  test('a removed community: its tickets stay, replies fail with the reason, its callback answers 404', async () => {
    const { community, ticket } = await ticketWithReply('before removal');
    await drain();
    assert.equal((await t.request('DELETE', `/api/v1/vk/communities/${community.id}`, { token: t.adminToken })).statusCode, 204);
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: 'after removal' } });
    await drain();
    const row = await messageRow(replied.json<{ id: number }>().id);
    assert.equal(row.delivery_status, 'failed');
    assert.match(row.delivery_error ?? '', /community .*removed/);
    assert.equal((await deliver(community.id, { type: 'confirmation', group_id: community.groupId })).statusCode, 404);
  });
});
