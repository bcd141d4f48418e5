// The website chat over real HTTP, a real WebSocket and real SMTP: admins set sites up (roles, bad
// input); a visitor's token reads only its own conversations; sends are stored raw, acknowledged,
// deduplicated by client id and made messages in order; answers reach the visitor live with the
// agent's alias, on resume from a cursor, and by email when left unread. Hostile input (foreign
// origins, bad tokens, malformed frames, floods, oversized files) gets a 4xx or an error frame.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { startSmtpSink, type SmtpSink } from '../../../test/mail.ts';
import { LiveTestClient } from '../../../test/live-client.ts';

const SITE = 'http://shop.example';
const FOREIGN = 'https://evil.example';

interface Site {
  id: number;
  key: string;
  allowedOrigins: string[];
}
type Frame = Record<string, unknown> & { type: string };

describe('website chat', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let base: string;
  let site: Site;
  let teamId: number;
  let billingTeamId: number;
  let agent: { id: number; token: string };
  const sockets: LiveTestClient[] = [];

  before(async () => {
    sink = await startSmtpSink();
    // One slot for chat items: what waits is taken as one batch, never split over slots that would race.
    t = await startTestApp({ env: { JOBS: 'off', CHAT_MESSAGE_RATE_LIMIT: '12', CHAT_EMAIL_AFTER_SECONDS: '0', INBOX_CONVERSATION_CONCURRENCY: '1' } });
    base = (await t.frontline.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    teamId = (await t.request('POST', '/api/v1/teams', { token: t.adminToken, body: { name: 'Chat' } })).json<{ id: number }>().id;
    billingTeamId = (await t.request('POST', '/api/v1/teams', { token: t.adminToken, body: { name: 'Billing' } })).json<{ id: number }>().id;
    agent = await t.agent({ email: 'chat-agent@example.test', role: 'agent', teamIds: [teamId, billingTeamId] });
    await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: t.adminToken, body: { alias: 'Nino' } });
    const mailbox = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'help@shop.example', name: 'Shop', smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } } });
    assert.equal(mailbox.statusCode, 201, mailbox.body);
    const created = await t.request('POST', '/api/v1/chat-sites', {
      token: t.adminToken,
      body: {
        name: 'Shop',
        teamId,
        mailboxId: mailbox.json<{ id: number }>().id,
        allowedOrigins: ['HTTP://Shop.example/'],
        texts: { ka: { greeting: 'გამარჯობა!' } },
        topics: [{ id: 'billing', label: { en: 'Billing', ru: 'Оплата' }, teamId: billingTeamId }],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    site = created.json<Site>();
  });
  after(async () => {
    for (const socket of sockets) socket.socket.terminate();
    await t.close();
    await sink.close();
  });

  const db = () => t.frontline.ctx.db;
  const drain = () => t.frontline.workers.runner.drain();
  const fromSite = { origin: SITE };
  const newVisitor = async (key = site.key) => {
    const response = await t.request('POST', `/api/v1/chat/sites/${key}/visitors`, { body: { locale: 'ka-GE' }, headers: fromSite });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ token: string; visitor: { id: number; locale: string } }>();
  };
  const asVisitor = (token: string, headers: Record<string, string> = fromSite) => ({ authorization: `Bearer ${token}`, ...headers });
  const connect = async (token: string, cursors: Record<string, number> = {}, origin = SITE) => {
    const socket = await LiveTestClient.open(`${base}/api/v1/chat/live`, { origin });
    sockets.push(socket);
    socket.send({ type: 'hello', token, cursors });
    return socket;
  };
  const frames = (socket: LiveTestClient) => socket.frames as unknown as Frame[];
  const waitFrame = (socket: LiveTestClient, predicate: (frame: Frame) => boolean, timeoutMs = 5000) => socket.waitFor((frame) => predicate(frame as unknown as Frame), timeoutMs) as unknown as Promise<Frame>;
  const messageFrames = (socket: LiveTestClient) => frames(socket).filter((frame) => frame.type === 'message').map((frame) => frame.message as { id: number; text: string; clientId: string | null; from: string; author: { alias: string } | null; conversationId: number });
  const chatTickets = () => db().selectFrom('tickets').selectAll().where('channel', '=', 'chat').orderBy('id').execute();
  const messagesOf = (ticketId: number) => db().selectFrom('messages').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  let sequence = 0;
  const id = (label: string) => `${label}-${++sequence}-abcdefgh`.slice(0, 64);

  describe('setting sites up', () => {
    test('an admin makes a site: a public key, its origins in normal form, its topics', () => {
      assert.match(site.key, /^fcs_[A-Za-z0-9_-]{24}$/);
      assert.deepEqual(site.allowedOrigins, [SITE]);
    });

    test('only admins list, make, change and remove sites; without signing in 401', async () => {
      assert.equal((await t.request('GET', '/api/v1/chat-sites', { token: agent.token })).statusCode, 403);
      assert.equal((await t.request('POST', '/api/v1/chat-sites', { token: agent.token, body: { name: 'Mine' } })).statusCode, 403);
      assert.equal((await t.request('PATCH', `/api/v1/chat-sites/${site.id}`, { token: agent.token, body: { active: false } })).statusCode, 403);
      assert.equal((await t.request('DELETE', `/api/v1/chat-sites/${site.id}`, { token: agent.token })).statusCode, 403);
      assert.equal((await t.request('GET', '/api/v1/chat-sites')).statusCode, 401);
      assert.equal((await t.request('GET', `/api/v1/chat-sites/${site.id}`, { token: agent.token })).statusCode, 403);
      assert.equal((await t.request('GET', `/api/v1/chat-sites/${site.id}`, { token: t.adminToken })).statusCode, 200);
      assert.equal((await t.request('GET', '/api/v1/chat-sites/999999', { token: t.adminToken })).statusCode, 404);
      assert.equal((await t.request('GET', '/api/v1/chat-sites/abc', { token: t.adminToken })).statusCode, 400);
      assert.equal((await t.request('PATCH', `/api/v1/chat-sites/${site.id}`, { token: t.adminToken, body: { color: 'blue' } })).statusCode, 400);
      const listed = await t.request('GET', '/api/v1/chat-sites', { token: t.adminToken });
      assert.deepEqual(listed.json<{ sites: Site[] }>().sites.map((one) => one.id), [site.id]);
    });

    test('bad settings are refused with what is wrong, never a 500', async () => {
      const tries: Array<[unknown, number, RegExp]> = [
        [{ name: 'X', color: 'red' }, 400, /color/],
        [{ name: 'X', allowedOrigins: ['javascript:alert(1)'] }, 422, /web address|origin/],
        [{ name: 'X', allowedOrigins: ['https://shop.example/path'] }, 422, /origin only/],
        [{ name: 'X', hours: { timeZone: 'Mars/Olympus', days: {} } }, 422, /time zone/],
        [{ name: 'X', hours: { timeZone: 'UTC', days: { mon: [['18:00', '09:00']] } } }, 422, /ends after it starts/],
        [{ name: 'X', teamId: 999999 }, 422, /no team/],
        [{ name: 'X', topics: [{ id: 'a', label: {} }] }, 422, /label/],
        [{ name: 'X', topics: [{ id: 'Bad Id', label: { en: 'x' } }] }, 400, /topics|id/],
        [{ name: '   ' }, 422, /name/],
        [{ name: 'X', position: 'top' }, 400, /position/],
      ];
      for (const [body, status, message] of tries) {
        const response = await t.request('POST', '/api/v1/chat-sites', { token: t.adminToken, body });
        assert.equal(response.statusCode, status, `${JSON.stringify(body)} → ${response.body}`);
        assert.match(response.json<{ error: { message: string } }>().error.message, message);
      }
    });
  });

  describe('what a page may ask', () => {
    test("the site's look and texts for its own origins; not its team, mailbox or origins; 403 elsewhere; 404 for no site", async () => {
      const answered = await t.request('GET', `/api/v1/chat/sites/${site.key}`, { headers: fromSite });
      assert.equal(answered.statusCode, 200, answered.body);
      assert.equal(answered.headers['access-control-allow-origin'], SITE);
      const body = answered.json<{ site: Record<string, unknown>; availability: { open: boolean; reason: string } }>();
      assert.equal((body.site.texts as { ka: { greeting: string } }).ka.greeting, 'გამარჯობა!');
      assert.deepEqual(body.site.topics, [{ id: 'billing', label: { en: 'Billing', ru: 'Оплата' } }]);
      for (const secret of ['teamId', 'mailboxId', 'allowedOrigins', 'id']) assert.equal(secret in body.site, false, `${secret} is not for the public`);
      assert.equal((await t.request('GET', `/api/v1/chat/sites/${site.key}`, { headers: { origin: FOREIGN } })).statusCode, 403);
      assert.equal((await t.request('GET', '/api/v1/chat/sites/fcs_nosuchsite', { headers: fromSite })).statusCode, 404);
      assert.equal((await t.request('GET', '/api/v1/chat/sites/%27%20OR%201=1', { headers: fromSite })).statusCode, 404);
      assert.equal((await t.request('POST', `/api/v1/chat/sites/${site.key}/visitors`, { body: {}, headers: { origin: FOREIGN } })).statusCode, 403);
    });

    test('a preflight is answered only for an origin some site lists', async () => {
      const allowed = await t.request('OPTIONS', '/api/v1/chat/messages', { headers: { origin: SITE, 'access-control-request-method': 'POST' } });
      assert.equal(allowed.statusCode, 204);
      assert.match(String(allowed.headers['access-control-allow-headers']), /authorization/);
      assert.equal((await t.request('OPTIONS', '/api/v1/chat/messages', { headers: { origin: FOREIGN, 'access-control-request-method': 'POST' } })).statusCode, 403);
    });

    test('availability: nobody online until an agent of the team connects; closed outside the hours', async () => {
      const ask = async () => (await t.request('GET', `/api/v1/chat/sites/${site.key}`, { headers: fromSite })).json<{ availability: { open: boolean; reason: string } }>().availability;
      assert.deepEqual(await ask(), { open: false, reason: 'nobody_online' });
      const live = await LiveTestClient.connect(`${base}/api/v1/live`, agent.token);
      try {
        const deadline = Date.now() + 5000;
        while ((await ask()).open !== true && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(await ask(), { open: true, reason: 'open' });
        // No range contains every moment of a week: a day with none is closed.
        const patched = await t.request('PATCH', `/api/v1/chat-sites/${site.id}`, { token: t.adminToken, body: { hours: { timeZone: 'UTC', days: {} } } });
        assert.equal(patched.statusCode, 200, patched.body);
        assert.deepEqual(await ask(), { open: false, reason: 'closed' });
      } finally {
        await t.request('PATCH', `/api/v1/chat-sites/${site.id}`, { token: t.adminToken, body: { hours: null } });
        live.close();
      }
    });
  });

  describe('a conversation', () => {
    test('sends are stored, acknowledged once per client id, and become one chat ticket in order; the answer comes back live with the alias', async () => {
      const { token, visitor } = await newVisitor();
      assert.match(token, /^flv_/);
      assert.equal(visitor.locale, 'ka');
      const socket = await connect(token);
      await waitFrame(socket, (frame) => frame.type === 'ready');
      const key = id('conv');
      const first = id('m');
      socket.send({ type: 'send', clientId: first, conversationKey: key, text: 'Where is my order?', topic: 'billing' });
      socket.send({ type: 'send', clientId: first, conversationKey: key, text: 'Where is my order?', topic: 'billing' });
      const second = id('m');
      socket.send({ type: 'send', clientId: second, conversationKey: key, text: 'It is #1234.' });
      await waitFrame(socket, (frame) => frame.type === 'ack' && frame.clientId === second);
      const acks = frames(socket).filter((frame) => frame.type === 'ack');
      assert.deepEqual(
        acks.map((frame) => [frame.clientId, frame.duplicate]),
        [
          [first, false],
          [first, true],
          [second, false],
        ],
      );
      const stored = await db().selectFrom('inbound_items').select(['id', 'status']).where('channel', '=', 'chat').execute();
      assert.equal(stored.length, 2, 'stored raw before processing, a client id once');

      await drain();
      const [ticket] = await chatTickets();
      assert.ok(ticket, 'a chat ticket');
      assert.equal(ticket.team_id, billingTeamId, 'the topic routes to its team');
      assert.equal(ticket.subject, 'Where is my order?');
      const messages = await messagesOf(ticket.id);
      assert.deepEqual(
        messages.map((message) => [message.body_text, message.external_id]),
        [
          ['Where is my order?', first],
          ['It is #1234.', second],
        ],
      );
      const identity = await db().selectFrom('customer_identities').selectAll().where('customer_id', '=', ticket.customer_id).execute();
      assert.deepEqual(identity.map((row) => [row.kind, row.value]), [['widget', String(visitor.id)]]);
      // The visitor's own messages come back with their client ids (every tab agrees).
      await waitFrame(socket, (frame) => frame.type === 'message' && (frame.message as { clientId: string }).clientId === second);
      await waitFrame(socket, (frame) => frame.type === 'conversation' && (frame.conversation as { key: string }).key === key);

      const reply = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agent.token, body: { body: 'It left the warehouse today.' } });
      assert.equal(reply.statusCode, 201, reply.body);
      const answer = await waitFrame(socket, (frame) => frame.type === 'message' && (frame.message as { from: string }).from === 'agent');
      assert.equal((answer.message as { author: { alias: string } }).author.alias, 'Nino');
      assert.equal((answer.message as { text: string }).text, 'It left the warehouse today.');
      await drain();
      const delivered = await db().selectFrom('messages').select('delivery_status').where('id', '=', reply.json<{ id: number }>().id).executeTakeFirstOrThrow();
      assert.equal(delivered.delivery_status, 'sent', 'the reply is delivered by being in the conversation');

      const note = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agent.token, body: { body: 'Internal: check the courier', internal: true } });
      assert.equal(note.statusCode, 201, note.body);
      const later = await connect(token, { [ticket.id]: messages[1]!.id });
      await waitFrame(later, (frame) => frame.type === 'ready');
      assert.deepEqual(messageFrames(later).map((message) => message.text), ['It left the warehouse today.'], 'a resume sends what came after the cursor, never an internal note');
      assert.ok(!messageFrames(socket).some((message) => message.text.startsWith('Internal')), 'nor does a live socket hear one');
    });

    test("many visitors' replies are taken as one batch, each visitor's in order; what is not plain is taken one at a time after them", async () => {
      const send = async (token: string, clientId: string, conversationKey: string, text: string) => {
        const sent = await t.request('POST', '/api/v1/chat/messages', { body: { clientId, conversationKey, text }, headers: asVisitor(token) });
        assert.equal(sent.statusCode, 202, sent.body);
      };
      const people = await Promise.all(['a', 'b', 'c'].map(async (name) => ({ name, key: id(`batch-${name}`), ...(await newVisitor()) })));
      for (const person of people) await send(person.token, id('first'), person.key, `${person.name}: first`);
      await drain();
      // The conversation's newest ticket (a closed one's follow-up carries its key on).
      const ticketOf = async (person: { visitor: { id: number }; key: string }) =>
        Number((await db().selectFrom('chat_conversations').select('ticket_id').where('visitor_id', '=', person.visitor.id).where('conversation_key', '=', person.key).orderBy('ticket_id', 'desc').executeTakeFirstOrThrow()).ticket_id);
      const [a, b, c] = people as [(typeof people)[number], (typeof people)[number], (typeof people)[number]];
      const closedTicket = await ticketOf(c);
      await db().updateTable('tickets').set({ status: 'closed' }).where('id', '=', closedTicket).execute();
      const newcomer = { key: id('batch-new'), ...(await newVisitor()) };

      for (const text of ['a: 1', 'a: 2', 'a: 3']) await send(a.token, id('a'), a.key, text);
      await send(b.token, id('b'), b.key, 'b: 1');
      await send(c.token, id('c'), c.key, 'c: after closing');
      await send(newcomer.token, id('n'), newcomer.key, 'new: 1');
      await send(newcomer.token, id('n'), newcomer.key, 'new: 2');

      const chat = t.frontline.ctx.channels.get('chat')!;
      const processBatch = chat.processBatch!.bind(chat);
      const batches: Array<{ given: number; taken: string[] }> = [];
      chat.processBatch = async (tx, items, ctx) => {
        const results = await processBatch(tx, items, ctx);
        const texts = await tx.selectFrom('messages').select('body_text').where('id', 'in', [0, ...[...results.values()].map((result) => result.messageId!)]).execute();
        batches.push({ given: items.length, taken: texts.map((row) => row.body_text).sort() });
        return results;
      };
      await drain().finally(() => (chat.processBatch = processBatch));

      assert.deepEqual(batches, [{ given: 7, taken: ['a: 1', 'b: 1'] }], 'one batch of seven; the first reply of each known conversation is taken in it');
      assert.deepEqual((await messagesOf(await ticketOf(a))).map((row) => row.body_text), ['a: first', 'a: 1', 'a: 2', 'a: 3'], "a visitor's messages in the order sent");
      assert.deepEqual((await messagesOf(await ticketOf(b))).map((row) => row.body_text), ['b: first', 'b: 1']);
      const followUp = await ticketOf(c);
      assert.notEqual(followUp, closedTicket, 'a closed chat goes on in a new ticket');
      assert.deepEqual((await messagesOf(followUp)).map((row) => row.body_text), ['c: after closing']);
      const listed = (await t.request('GET', '/api/v1/chat/conversations', { headers: asVisitor(c.token) })).json<{ conversations: Array<{ id: number; key: string }> }>().conversations;
      assert.deepEqual(listed.map((conversation) => [conversation.id, conversation.key]), [[followUp, c.key], [closedTicket, `${c.key}~${closedTicket}`]], 'the closed one stays listed under a key no widget sends');
      assert.deepEqual((await messagesOf(await ticketOf(newcomer))).map((row) => row.body_text), ['new: 1', 'new: 2']);
      const left = await db().selectFrom('inbound_items').select('id').where('channel', '=', 'chat').where('status', '<>', 'processed').execute();
      assert.deepEqual(left, [], 'every item processed');
    });

    test('a message by HTTP with files joins the conversation; only its visitor can read or download it', async () => {
      const { token } = await newVisitor();
      const key = id('conv');
      const boundary = '----chat';
      const multipart = (clientId: string, file: string) =>
        [
          `--${boundary}\r\nContent-Disposition: form-data; name="clientId"\r\n\r\n${clientId}\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="conversationKey"\r\n\r\n${key}\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nThe receipt\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="receipt.pdf"\r\nContent-Type: application/pdf\r\n\r\n${file}\r\n`,
          `--${boundary}--\r\n`,
        ].join('');
      const clientId = id('file');
      const sent = await t.request('POST', '/api/v1/chat/messages', { payload: multipart(clientId, '%PDF-1.4 receipt'), headers: { ...asVisitor(token), 'content-type': `multipart/form-data; boundary=${boundary}` } });
      assert.equal(sent.statusCode, 202, sent.body);
      assert.equal(sent.headers['access-control-allow-origin'], SITE);
      await drain();
      const conversations = (await t.request('GET', '/api/v1/chat/conversations', { headers: asVisitor(token) })).json<{ conversations: Array<{ id: number; key: string }> }>().conversations;
      assert.deepEqual(conversations.map((conversation) => conversation.key), [key]);
      const page = await t.request('GET', `/api/v1/chat/conversations/${conversations[0]!.id}/messages?after=0`, { headers: asVisitor(token) });
      assert.equal(page.statusCode, 200, page.body);
      const [message] = page.json<{ messages: Array<{ clientId: string; attachments: Array<{ id: number; filename: string }> }> }>().messages;
      assert.equal(message!.clientId, clientId);
      assert.equal(message!.attachments[0]!.filename, 'receipt.pdf');
      const download = await t.request('GET', `/api/v1/chat/attachments/${message!.attachments[0]!.id}`, { headers: asVisitor(token) });
      assert.equal(download.statusCode, 200);
      assert.equal(download.body, '%PDF-1.4 receipt');
      assert.equal(download.headers['content-type'], 'application/octet-stream');
      // An internal note, the ticket's last message now, never reaches the visitor's list as its preview.
      const noted = await t.request('POST', `/api/v1/tickets/${conversations[0]!.id}/messages`, { token: t.adminToken, body: { body: 'Internal: refund was already tried twice', internal: true } });
      assert.equal(noted.statusCode, 201, noted.body);
      const relisted = await t.request('GET', '/api/v1/chat/conversations', { headers: asVisitor(token) });
      assert.equal(relisted.statusCode, 200);
      assert.ok(!relisted.body.includes('already tried twice'), relisted.body);

      for (const query of ['after=-1', 'after=abc', 'limit=1000', 'limit=0', 'cursor=1']) {
        assert.equal((await t.request('GET', `/api/v1/chat/conversations/${conversations[0]!.id}/messages?${query}`, { headers: asVisitor(token) })).statusCode, 400, query);
      }
      const stranger = await newVisitor();
      assert.equal((await t.request('GET', `/api/v1/chat/conversations/${conversations[0]!.id}/messages`, { headers: asVisitor(stranger.token) })).statusCode, 404);
      assert.equal((await t.request('GET', `/api/v1/chat/attachments/${message!.attachments[0]!.id}`, { headers: asVisitor(stranger.token) })).statusCode, 404);
      assert.deepEqual((await t.request('GET', '/api/v1/chat/conversations', { headers: asVisitor(stranger.token) })).json<{ conversations: unknown[] }>().conversations, []);
      // The stranger naming the conversation's id makes a message of their own conversation, never of that one.
      await t.request('POST', '/api/v1/chat/messages', { body: { clientId: id('intrude'), conversationKey: id('other'), conversationId: conversations[0]!.id, text: 'let me in' }, headers: asVisitor(stranger.token) });
      await drain();
      const texts = (await messagesOf(conversations[0]!.id)).map((row) => row.body_text);
      assert.ok(!texts.includes('let me in'), 'nobody writes into a conversation that is not theirs');
    });

    test('typing goes both ways; an agent viewing the chat reads it', async () => {
      const { token } = await newVisitor();
      const socket = await connect(token);
      await waitFrame(socket, (frame) => frame.type === 'ready');
      socket.send({ type: 'send', clientId: id('t'), conversationKey: id('conv'), text: 'Hello?' });
      await waitFrame(socket, (frame) => frame.type === 'ack');
      await drain();
      const conversation = (await waitFrame(socket, (frame) => frame.type === 'conversation')).conversation as { id: number };
      const live = await LiveTestClient.connect(`${base}/api/v1/live`, agent.token);
      try {
        live.send({ type: 'presence', ticketId: conversation.id, state: 'viewing' });
        await waitFrame(socket, (frame) => frame.type === 'read' && frame.conversationId === conversation.id);
        const row = await db().selectFrom('chat_conversations').select('agent_read_id').where('ticket_id', '=', conversation.id).executeTakeFirstOrThrow();
        assert.ok(Number(row.agent_read_id) > 0, 'the agent read cursor moved');
        live.send({ type: 'presence', ticketId: conversation.id, state: 'typing' });
        const typing = await waitFrame(socket, (frame) => frame.type === 'typing' && frame.state === 'typing');
        assert.equal(typing.alias, 'Nino', 'the visitor sees the alias, never the agent name');
        socket.send({ type: 'typing', conversationId: conversation.id, state: 'typing' });
        await live.waitFor((frame) => frame.type === 'visitor' && frame.ticketId === conversation.id && frame.state === 'typing');
        // A visitor typing on a ticket that is not theirs reaches nobody.
        socket.send({ type: 'typing', conversationId: 1, state: 'typing' });
      } finally {
        live.close();
      }
    });

    test('an answer left unread goes to the email the visitor gave; a read one does not', async () => {
      const { token } = await newVisitor();
      const patched = await t.request('PATCH', '/api/v1/chat/visitor', { body: { email: 'Leaver@Example.com', name: 'Lea' }, headers: asVisitor(token) });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json<{ email: string }>().email, 'leaver@example.com');
      assert.equal((await t.request('PATCH', '/api/v1/chat/visitor', { body: { email: 'not an address' }, headers: asVisitor(token) })).statusCode, 422);
      await t.request('POST', '/api/v1/chat/messages', { body: { clientId: id('away'), conversationKey: id('conv'), text: 'I have to go, answer later' }, headers: asVisitor(token) });
      await drain();
      const ticket = (await chatTickets()).at(-1)!;
      const emails = await db().selectFrom('customer_identities').select('value').where('customer_id', '=', ticket.customer_id).where('kind', '=', 'email').execute();
      assert.deepEqual(emails.map((row) => row.value), ['leaver@example.com'], 'the address is now the customer’s');
      const before = sink.received.length;
      await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agent.token, body: { body: 'We refunded you.' } });
      await drain();
      const [mail] = (await sink.waitFor(before + 1)).slice(before);
      assert.deepEqual(mail!.rcptTo, ['leaver@example.com']);
      assert.match(mail!.parsed.subject ?? '', new RegExp(`\\[#${ticket.number}\\]`));
      assert.match(mail!.parsed.text ?? '', /Nino/);
      assert.match(mail!.parsed.text ?? '', /We refunded you\./);

      // Read in the widget before the email would go: nothing is mailed.
      const reply = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agent.token, body: { body: 'Anything else?' } });
      const socket = await connect(token);
      await waitFrame(socket, (frame) => frame.type === 'ready');
      socket.send({ type: 'read', conversationId: ticket.id, messageId: reply.json<{ id: number }>().id });
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        const row = await db().selectFrom('chat_conversations').select('visitor_read_id').where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
        if (Number(row.visitor_read_id) === reply.json<{ id: number }>().id) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await drain();
      assert.equal(sink.received.length, before + 1, 'a read answer is not mailed');
    });

    test("a visitor giving another customer's address does not get their history: a note tells agents to merge", async () => {
      await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Old', customer: { email: 'owner@example.com' }, message: { body: 'private history' } } });
      const { token } = await newVisitor();
      await t.request('PATCH', '/api/v1/chat/visitor', { body: { email: 'owner@example.com' }, headers: asVisitor(token) });
      await t.request('POST', '/api/v1/chat/messages', { body: { clientId: id('claim'), conversationKey: id('conv'), text: 'I am the owner, honest' }, headers: asVisitor(token) });
      await drain();
      const ticket = (await chatTickets()).at(-1)!;
      const owner = await db().selectFrom('customer_identities').select('customer_id').where('kind', '=', 'email').where('value', '=', 'owner@example.com').executeTakeFirstOrThrow();
      assert.notEqual(Number(owner.customer_id), Number(ticket.customer_id), 'the chat stays with its own customer');
      const note = (await messagesOf(ticket.id)).find((message) => message.internal);
      assert.match(note?.body_text ?? '', /another customer's.*merge/s);
    });
  });

  describe('hostile visitors', () => {
    test('a bad or foreign token, a foreign origin, a socket that never says hello: closed, nothing stored', async () => {
      assert.equal((await t.request('GET', '/api/v1/chat/conversations', { headers: asVisitor('flv_forged') })).statusCode, 401);
      assert.equal((await t.request('GET', '/api/v1/chat/conversations', { headers: fromSite })).statusCode, 401);
      assert.equal((await t.request('GET', '/api/v1/chat/conversations', { headers: { ...asVisitor('x'.repeat(5000)) } })).statusCode, 401);
      const forged = await connect('flv_forged');
      assert.equal((await forged.waitForClose()).code, 4401);
      const { token } = await newVisitor();
      const foreign = await connect(token, {}, FOREIGN);
      assert.equal((await foreign.waitForClose()).code, 4403);
      assert.equal((await t.request('GET', '/api/v1/chat/conversations', { headers: asVisitor(token, { origin: FOREIGN }) })).statusCode, 403);
      const silent = await LiveTestClient.open(`${base}/api/v1/chat/live`, { origin: SITE });
      sockets.push(silent);
      silent.send({ type: 'send', clientId: id('early'), conversationKey: id('conv'), text: 'before hello' });
      await silent.waitFor((frame) => frame.type === 'error');
      const stored = await db().selectFrom('inbound_items').select('id').where('channel', '=', 'chat').where('sender', '=', 'visitor 0').execute();
      assert.equal(stored.length, 0);
    });

    test('malformed frames and sends get error frames; bad HTTP sends 4xx; a flood is limited', async () => {
      const { token } = await newVisitor();
      const socket = await connect(token);
      await waitFrame(socket, (frame) => frame.type === 'ready');
      socket.socket.send('not json');
      socket.send([1, 2]);
      socket.send({ type: 'launch' });
      socket.send({ type: 'send', clientId: 'short', conversationKey: id('conv'), text: 'x' });
      socket.send({ type: 'send', clientId: id('e'), conversationKey: id('conv'), text: '   ' });
      socket.send({ type: 'send', clientId: id('e'), conversationKey: id('conv'), text: 'x'.repeat(10_001) });
      socket.send({ type: 'resume', cursors: { a: 'b', 1: -1, [Number.MAX_SAFE_INTEGER]: 1e300 } });
      await waitFrame(socket, (frame) => frame.type === 'ready' && frames(socket).filter((one) => one.type === 'ready').length === 2);
      const codes = frames(socket).filter((frame) => frame.type === 'error').map((frame) => frame.code);
      assert.deepEqual(codes, ['invalid_frame', 'invalid_frame', 'unknown_frame', 'invalid_client_id', 'empty_message', 'text_too_long']);
      assert.equal(socket.closed, null, 'the socket stays open');

      const post = (body: unknown) => t.request('POST', '/api/v1/chat/messages', { body, headers: asVisitor(token) });
      assert.equal((await post({ clientId: id('h'), conversationKey: id('conv'), text: 'x', extra: 1 })).statusCode, 400);
      assert.equal((await post({ clientId: id('h'), conversationKey: 'a b', text: 'x' })).statusCode, 400);
      assert.equal((await post({ clientId: id('h'), conversationKey: id('conv'), text: 'x', conversationId: 'drop table' })).statusCode, 400);
      assert.equal((await post('just text')).statusCode, 400);
      const huge = 'x'.repeat(10 * 1024 * 1024 + 10);
      const boundary = '----big';
      const tooLarge = await t.request('POST', '/api/v1/chat/messages', {
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="clientId"\r\n\r\n${id('big')}\r\n--${boundary}\r\nContent-Disposition: form-data; name="conversationKey"\r\n\r\n${id('conv')}\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n\r\n${huge}\r\n--${boundary}--\r\n`,
        headers: { ...asVisitor(token), 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      assert.ok([413, 422].includes(tooLarge.statusCode), `an oversized file: ${tooLarge.statusCode} ${tooLarge.body.slice(0, 200)}`);

      // CHAT_MESSAGE_RATE_LIMIT is 12 a minute here: the 13th send of the minute is refused, and retryable.
      const flood = await newVisitor();
      const floodSocket = await connect(flood.token);
      await waitFrame(floodSocket, (frame) => frame.type === 'ready');
      const key = id('flood');
      for (let index = 0; index < 14; index += 1) floodSocket.send({ type: 'send', clientId: id(`f${index}`), conversationKey: key, text: `flood ${index}` });
      await waitFrame(floodSocket, (frame) => frame.type === 'error' && frame.code === 'rate_limited');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const limited = frames(floodSocket).filter((frame) => frame.type === 'error');
      assert.ok(limited.every((frame) => frame.code === 'rate_limited' && frame.retry === true));
      assert.equal(frames(floodSocket).filter((frame) => frame.type === 'ack').length, 12);
      assert.equal((await t.request('POST', '/api/v1/chat/messages', { body: { clientId: id('f'), conversationKey: key, text: 'one more' }, headers: asVisitor(flood.token) })).statusCode, 429);
    });

    test('a removed site ends its visitors', async () => {
      const other = (await t.request('POST', '/api/v1/chat-sites', { token: t.adminToken, body: { name: 'Gone', allowedOrigins: [SITE] } })).json<Site>();
      const { token } = await newVisitor(other.key);
      assert.equal((await t.request('GET', '/api/v1/chat/visitor', { headers: asVisitor(token) })).statusCode, 200);
      await t.request('PATCH', `/api/v1/chat-sites/${other.id}`, { token: t.adminToken, body: { active: false } });
      assert.equal((await t.request('GET', '/api/v1/chat/visitor', { headers: asVisitor(token) })).statusCode, 401);
      assert.equal((await t.request('GET', `/api/v1/chat/sites/${other.key}`, { headers: fromSite })).statusCode, 404);
      assert.equal((await t.request('DELETE', `/api/v1/chat-sites/${other.id}`, { token: t.adminToken })).statusCode, 204);
      assert.equal((await t.request('DELETE', `/api/v1/chat-sites/${other.id}`, { token: t.adminToken })).statusCode, 404);
    });
  });
});
