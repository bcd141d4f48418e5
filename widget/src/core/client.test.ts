import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatClient } from './client.ts';
import type { ChatMessage } from './protocol.ts';
import { MemoryStore, SiteStore } from './storage.ts';
import { MemoryApi, SocketServer } from './test-doubles.ts';
import { ManualTimers } from './timers.ts';

let uuid = 0;
const randomUUID = () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`;

function setup(memory = new MemoryStore(), site = 'fcs_one') {
  const server = new SocketServer();
  const timers = new ManualTimers();
  const api = new MemoryApi();
  const make = () =>
    new ChatClient({
      wsUrl: 'ws://help.test/api/v1/chat/live',
      store: new SiteStore(memory, site),
      api,
      openSocket: server.open,
      timers,
      random: () => 0.5,
      randomUUID,
    });
  return { memory, server, timers, api, make };
}

function message(over: Partial<ChatMessage> & { id: number }): ChatMessage {
  return {
    conversationId: 7,
    conversationKey: 'convkey0001',
    clientId: null,
    from: 'agent',
    author: { alias: 'Nino', avatarUrl: null },
    text: 'hello',
    at: '2026-01-01T10:00:00.000Z',
    attachments: [],
    ...over,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('chat client', () => {
  it('a send while offline is in the outbox after a reload and goes exactly once when the socket opens', async () => {
    const { memory, server, make } = setup();
    const first = make();
    await first.start();
    const key = first.newConversationKey();
    const clientId = first.send({ conversationKey: key, text: 'Is my order shipped?' });
    assert.equal(server.last.frames('send').length, 0, 'nothing goes before the socket is ready');
    first.stop();

    const second = make();
    assert.deepEqual(second.outbox.entries().map((e) => e.clientId), [clientId]);
    await second.start();
    const socket = server.last;
    socket.open();
    assert.equal(socket.frames('hello').length, 1);
    socket.receive({ type: 'ready' });
    second.resume(); // focus while the ack is on its way must not send it again
    const sends = socket.frames('send');
    assert.deepEqual(sends.map((s) => [s.clientId, s.text, s.conversationKey]), [[clientId, 'Is my order shipped?', key]]);
    assert.equal(second.items(key)[0]?.own, 'sending');

    socket.receive({ type: 'ack', clientId, duplicate: false });
    assert.equal(second.outbox.entries().length, 0);
    assert.equal(second.items(key)[0]?.own, 'sent');
    assert.equal(make().outbox.entries().length, 0, 'the acknowledged message left the stored outbox');
  });

  it('the outbox is sent again, in order, on a new socket when the ack never came', async () => {
    const { server, timers, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    server.last.receive({ type: 'ready' });
    const key = client.newConversationKey();
    const a = client.send({ conversationKey: key, text: 'one' });
    const b = client.send({ conversationKey: key, text: 'two' });
    server.last.close(1006);
    timers.advance(15_000);
    server.last.open();
    server.last.receive({ type: 'ready' });
    assert.deepEqual(server.last.frames('send').map((s) => s.clientId), [a, b]);
  });

  it('a duplicated message frame shows once, and the server copy replaces the pending one', async () => {
    const { server, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    server.last.receive({ type: 'ready' });
    const clientId = client.send({ conversationKey: 'convkey0001', text: 'mine' });
    const own = message({ id: 11, clientId, from: 'visitor', author: null, text: 'mine' });
    server.last.receive({ type: 'message', message: own });
    server.last.receive({ type: 'message', message: own });
    server.last.receive({ type: 'ack', clientId, duplicate: true });
    const items = client.items('convkey0001');
    assert.deepEqual(items.map((i) => i.key), ['m11']);
    assert.equal(client.outbox.entries().length, 0);
  });

  it('an ack for an unknown client id is ignored', async () => {
    const { server, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    server.last.receive({ type: 'ready' });
    const mine = client.send({ conversationKey: 'convkey0001', text: 'waiting' });
    server.last.receive({ type: 'ack', clientId: 'someoneelse123', duplicate: false });
    assert.deepEqual(client.outbox.entries().map((e) => e.clientId), [mine]);
    assert.equal(client.items('convkey0001')[0]?.own, 'sending');
  });

  it('a resume sends the highest message id held per conversation', async () => {
    const { server, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    assert.deepEqual(server.last.frames('hello')[0]?.cursors, {});
    server.last.receive({ type: 'message', message: message({ id: 5 }) });
    server.last.receive({ type: 'message', message: message({ id: 9 }) });
    server.last.receive({ type: 'message', message: message({ id: 3, conversationId: 8, conversationKey: 'convkey0002' }) });
    server.last.receive({ type: 'ready' });
    client.resume();
    assert.deepEqual(server.last.frames('resume')[0]?.cursors, { '7': 9, '8': 3 });
  });

  it('a permanent error marks the message failed; retry sends it again', async () => {
    const { server, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    server.last.receive({ type: 'ready' });
    const clientId = client.send({ conversationKey: 'convkey0001', text: 'x'.repeat(10) });
    server.last.receive({ type: 'error', code: 'text_too_long', message: 'too long', clientId });
    assert.equal(client.items('convkey0001')[0]?.own, 'failed');
    assert.equal(make().outbox.entries()[0]?.state, 'failed', 'the failure is stored, not dropped');
    client.retry(clientId);
    assert.equal(server.last.frames('send').filter((s) => s.clientId === clientId).length, 2);
    assert.equal(client.items('convkey0001')[0]?.own, 'sending');
  });

  it('a transient error keeps the message pending', async () => {
    const { server, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    server.last.receive({ type: 'ready' });
    const clientId = client.send({ conversationKey: 'convkey0001', text: 'hi' });
    server.last.receive({ type: 'error', code: 'rate_limited', message: 'slow down', clientId });
    assert.equal(client.items('convkey0001')[0]?.own, 'sending');
  });

  it('reconnects with growing delays and resets them after ready', async () => {
    const { server, timers, make } = setup();
    const client = make();
    await client.start();
    assert.equal(server.sockets.length, 1);
    server.last.close(1006);
    timers.advance(300);
    assert.equal(server.sockets.length, 1, 'not before the first delay');
    timers.advance(200);
    assert.equal(server.sockets.length, 2);
    server.last.close(1006);
    timers.advance(749);
    assert.equal(server.sockets.length, 2, 'the second delay is longer');
    timers.advance(1);
    assert.equal(server.sockets.length, 3);
    client.stop();
    timers.advance(60_000);
    assert.equal(server.sockets.length, 3, 'a stopped client stays closed');
  });

  it('two sites on one page keep their outboxes and tokens apart', async () => {
    const memory = new MemoryStore();
    const one = setup(memory, 'fcs_one').make();
    const two = setup(memory, 'fcs_two').make();
    await one.start();
    await two.start();
    one.send({ conversationKey: 'convkey0001', text: 'for one' });
    assert.equal(two.outbox.entries().length, 0);
    assert.ok([...memory.map.keys()].every((k) => k.startsWith('frontline:fcs_one:') || k.startsWith('frontline:fcs_two:')));
  });

  it('an agent read frame turns the visitor messages up to it into read', async () => {
    const { server, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    server.last.receive({ type: 'message', message: message({ id: 1, from: 'visitor', clientId: 'aaaaaaaa1', author: null }) });
    server.last.receive({ type: 'message', message: message({ id: 2, from: 'visitor', clientId: 'aaaaaaaa2', author: null }) });
    server.last.receive({ type: 'read', conversationId: 7, messageId: 1 });
    assert.deepEqual(client.items('convkey0001').map((i) => i.own), ['read', 'sent']);
  });

  it('files go by HTTP; a 4xx answer fails the message, a 202 takes it out', async () => {
    const { api, make } = setup();
    const client = make();
    await client.start();
    api.sendAnswers = [{ ok: false, permanent: true, code: 'file_too_large' }, { ok: true }];
    const file = new File(['abc'], 'a.txt', { type: 'text/plain' });
    const clientId = client.send({ conversationKey: 'convkey0001', text: '', files: [file] });
    await tick();
    assert.equal(client.items('convkey0001')[0]?.own, 'failed');
    client.retry(clientId);
    await tick();
    assert.deepEqual(api.multipartSends, [
      { clientId, files: 1 },
      { clientId, files: 1 },
    ]);
    assert.equal(client.outbox.entries().length, 0);
  });

  it('frames that are not in the protocol are dropped', async () => {
    const { server, make } = setup();
    const client = make();
    await client.start();
    server.last.open();
    server.last.receive('not json');
    server.last.receive({ type: 'message', message: { id: 'x' } });
    server.last.receive({ type: 'ready' });
    assert.equal(client.connected, true);
    assert.deepEqual(client.cursors(), {});
  });
});
