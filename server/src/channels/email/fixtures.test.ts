// Delivers the corpus in server/test/fixtures/mail/ (see its README) over real SMTP into one
// help desk, in order, and checks each message landed as its JSON says: ticket or reply, thread,
// sender, subject, text, folding, sanitizing, attachments, participants, acknowledgement, bounces.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { sendMail, startSmtpSink, type SmtpSink } from '../../../test/mail.ts';
import { SmtpReceiver } from './smtp-receiver.ts';

const dir = path.join(import.meta.dirname, '../../../test/fixtures/mail');

interface Expectation {
  outcome: 'ticket' | 'reply' | 'bounce' | 'duplicate' | 'failed';
  thread?: string;
  linkedTo?: string;
  reopens?: boolean;
  sender?: string;
  senderName?: string;
  subject?: string;
  firstLine?: string;
  bodyIncludes?: string[];
  bodyExcludes?: string[];
  visibleIncludes?: string[];
  visibleExcludes?: string[];
  htmlExcludes?: string[];
  attachments?: Array<{ filename: string; contentType: string; inline?: boolean }>;
  cc?: string[];
  acknowledged?: boolean;
  autoReply?: boolean;
  bounceOf?: string;
  error?: string;
  /** The ticket's tags, exactly. */
  tags?: string[];
  /** The message leaves its ticket's status as it was. */
  keepsStatus?: boolean;
  /** Substrings of the inbound item's note (e.g. where the sender was taken from). */
  noteIncludes?: string[];
  /** The message was filed under an "Unknown sender" customer of its own, with no identities. */
  unknownSender?: boolean;
  /** How the first attachment's decoded bytes start (uuencoded files). */
  attachmentStarts?: string;
}

interface Fixture {
  stem: string;
  description: string;
  to?: string;
  /** The SMTP envelope sender (MAIL FROM); "" for the null sender <>. Default envelope@example.net. */
  envelopeFrom?: string;
  setup?: { status?: { fixture: string; to: string } };
  expect: Expectation;
}

const fixtures: Fixture[] = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ stem: name.slice(0, -5), ...JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) }));

describe('the mail corpus', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: SmtpReceiver;
  let port: number;
  let agentToken: string;
  const landed = new Map<string, { ticketId: number; messageId: number | null; headerId: string | null }>();
  const replies = new Map<string, { messageId: number; headerId: string }>();

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
    sink = await startSmtpSink();
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
    for (const [address, name] of [['support@acme.test', 'Acme Support'], ['billing@acme.test', 'Acme Billing']]) {
      const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address, name, smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } } });
      assert.equal(created.statusCode, 201, created.body);
    }
    agentToken = (await t.agent({ email: 'mariam@acme.test', role: 'agent', name: 'Mariam' })).token;
  });
  after(async () => {
    await receiver.stop();
    // The app first: it closes its pooled connections to the sink, which the sink waits for.
    await t.close();
    await sink.close();
  });

  const db = () => t.frontline.ctx.db;
  const drain = () => t.frontline.workers.runner.drain();
  const ticketOf = (stem: string) => {
    const found = landed.get(stem);
    assert.ok(found, `fixture ${stem} is referred to before it landed`);
    return found;
  };

  /** An agent reply on the ticket of `stem`, sent through the relay so it has its Message-ID. */
  async function replyTo(stem: string) {
    const existing = replies.get(stem);
    if (existing) return existing;
    const response = await t.request('POST', `/api/v1/tickets/${ticketOf(stem).ticketId}/messages`, { token: agentToken, body: { body: `Answer to ${stem}.` } });
    assert.equal(response.statusCode, 201, response.body);
    await drain();
    const message = await db().selectFrom('messages').select(['id', 'external_id', 'delivery_status']).where('id', '=', response.json().id).executeTakeFirstOrThrow();
    assert.equal(message.delivery_status, 'sent');
    const reply = { messageId: message.id, headerId: message.external_id! };
    replies.set(stem, reply);
    return reply;
  }

  async function substitute(raw: string): Promise<string> {
    for (const match of raw.matchAll(/\{\{reply-id:([\w-]+)\}\}/g)) await replyTo(match[1]!);
    return raw.replace(/\{\{(number|reply-id|message-id):([\w-]+)\}\}/g, (_all, kind: string, stem: string) => {
      if (kind === 'reply-id') return `<${replies.get(stem)!.headerId}>`;
      const found = ticketOf(stem);
      if (kind === 'message-id') return `<${found.headerId}>`;
      return String(numbers.get(found.ticketId));
    });
  }
  const numbers = new Map<number, number>();

  const automaticAcks = (ticketId: number) =>
    db().selectFrom('messages').select('id').where('ticket_id', '=', ticketId).where('direction', '=', 'outbound').where('author_agent_id', 'is', null).execute();

  test('has at least 90 fixtures', () => {
    assert.ok(fixtures.length >= 90, `only ${fixtures.length} fixtures`);
  });

  for (const fixture of fixtures) {
    test(`${fixture.stem}: ${fixture.description}`, async () => {
      const expect = fixture.expect;
      const bytes = fs.readFileSync(path.join(dir, `${fixture.stem}.eml`));
      // Placeholders are ASCII in headers and 7/8-bit text: substitute on a byte-preserving string.
      const raw = Buffer.from(await substitute(bytes.toString('latin1')), 'latin1');
      if (fixture.setup?.status) {
        const target = ticketOf(fixture.setup.status.fixture);
        const changed = await t.request('PATCH', `/api/v1/tickets/${target.ticketId}`, { token: t.adminToken, body: { status: fixture.setup.status.to } });
        assert.equal(changed.statusCode, 200, changed.body);
      }
      const to = fixture.to ?? 'support@acme.test';
      const answer = await sendMail(port, { from: fixture.envelopeFrom ?? 'envelope@example.net', to: [to], raw });
      const itemId = Number(/stored as (\d+)/.exec(answer.response)?.[1]);
      assert.ok(itemId, `unexpected SMTP answer: ${answer.response}`);
      const ticketsBefore = new Set((await db().selectFrom('tickets').select('id').execute()).map((row) => row.id));
      const statusBefore = expect.keepsStatus && expect.thread ? (await db().selectFrom('tickets').select('status').where('id', '=', ticketOf(expect.thread).ticketId).executeTakeFirstOrThrow()).status : undefined;
      const lastMessageBefore = (await db().selectFrom('messages').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst())?.id ?? 0;
      await drain();
      const item = await db().selectFrom('inbound_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();

      if (expect.outcome === 'failed') {
        assert.equal(item.status, 'failed');
        if (expect.error) assert.match(item.error ?? '', new RegExp(expect.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        return;
      }
      assert.equal(item.status, 'processed', `item ${item.id}: ${item.error}`);
      if (expect.outcome === 'duplicate') {
        assert.ok(/received before/.test(answer.response) || item.outcome === 'duplicate', `not a duplicate: ${answer.response}, ${item.outcome}`);
      } else {
        assert.equal(item.outcome, expect.outcome, `item ${item.id} became ${item.outcome}`);
      }
      const ticketId = item.ticket_id!;
      const ticket = await db().selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
      numbers.set(ticket.id, ticket.number);
      const message = item.message_id ? await db().selectFrom('messages').selectAll().where('id', '=', item.message_id).executeTakeFirstOrThrow() : undefined;
      if (expect.outcome !== 'bounce' && expect.outcome !== 'duplicate') {
        landed.set(fixture.stem, { ticketId, messageId: item.message_id, headerId: message?.external_id ?? null });
      }

      if (expect.bounceOf) {
        const reply = replies.get(expect.bounceOf);
        assert.ok(reply, `no reply was posted on ${expect.bounceOf}`);
        const original = await db().selectFrom('messages').select(['delivery_status', 'delivery_error']).where('id', '=', reply.messageId).executeTakeFirstOrThrow();
        assert.equal(original.delivery_status, 'failed');
        assert.match(original.delivery_error ?? '', /^bounced: /);
      }
      if (expect.thread === 'new') assert.ok(!ticketsBefore.has(ticketId), `joined the existing ticket ${ticketId}`);
      else if (expect.thread) assert.equal(ticketId, ticketOf(expect.thread).ticketId, `landed in ticket ${ticketId}, not in ${expect.thread}'s`);
      if (expect.linkedTo) assert.equal(ticket.linked_ticket_id, ticketOf(expect.linkedTo).ticketId);
      if (expect.reopens) assert.equal(ticket.status, 'open');
      if (expect.subject !== undefined) assert.equal(ticket.subject, expect.subject);
      if (expect.tags) assert.deepEqual([...ticket.tags].sort(), expect.tags);
      if (statusBefore !== undefined) assert.equal(ticket.status, statusBefore, 'the message changed its ticket\'s status');
      if (expect.autoReply !== undefined) {
        const note = String((item.meta as { note?: string }).note ?? '');
        assert.equal(note.startsWith('automatic'), expect.autoReply, `note: ${note}`);
      }
      if (expect.acknowledged !== undefined) {
        const acks = await automaticAcks(ticketId);
        const fromThis = acks.filter((ack) => ack.id > lastMessageBefore);
        assert.equal(fromThis.length > 0, expect.acknowledged, `acknowledgements after this message: ${fromThis.length}`);
      }
      for (const part of expect.noteIncludes ?? []) assert.ok(String((item.meta as { note?: string }).note ?? '').includes(part), `note: ${(item.meta as { note?: string }).note}`);
      if (!message) return;
      if (expect.unknownSender !== undefined) {
        const customer = await db().selectFrom('customers').select(['unknown_sender']).where('id', '=', message.author_customer_id!).executeTakeFirstOrThrow();
        assert.equal(customer.unknown_sender, expect.unknownSender);
        const identities = await db().selectFrom('customer_identities').select('value').where('customer_id', '=', message.author_customer_id!).execute();
        if (expect.unknownSender) assert.deepEqual(identities, []);
      }
      if (expect.sender !== undefined || expect.senderName !== undefined) {
        const customer = await db().selectFrom('customers').select(['id', 'name']).where('id', '=', message.author_customer_id!).executeTakeFirstOrThrow();
        const emails = (await db().selectFrom('customer_identities').select('value').where('customer_id', '=', customer.id).where('kind', '=', 'email').execute()).map((row) => row.value);
        if (expect.sender !== undefined) assert.ok(emails.includes(expect.sender), `sender ${emails.join(', ')}`);
        if (expect.senderName !== undefined) assert.equal(customer.name.replace(/\s+/g, ' '), expect.senderName);
      }
      const text = message.body_text;
      const visible = text.slice(0, message.fold_at ?? text.length);
      if (expect.firstLine !== undefined) assert.equal(visible.split('\n').map((line) => line.trim()).find(Boolean), expect.firstLine);
      for (const part of expect.bodyIncludes ?? []) assert.ok(text.includes(part), `text lacks ${JSON.stringify(part)}:\n${text}`);
      for (const part of expect.bodyExcludes ?? []) assert.ok(!text.includes(part), `text has ${JSON.stringify(part)}:\n${text}`);
      for (const part of expect.visibleIncludes ?? []) assert.ok(visible.includes(part), `visible text lacks ${JSON.stringify(part)}:\n${visible}`);
      for (const part of expect.visibleExcludes ?? []) assert.ok(!visible.includes(part), `visible text has ${JSON.stringify(part)}:\n${visible}`);
      for (const part of expect.htmlExcludes ?? []) assert.ok(!(message.body_html ?? '').includes(part), `HTML keeps ${JSON.stringify(part)}`);
      if (expect.attachments) {
        const files = await db().selectFrom('attachments').select(['filename', 'content_type', 'content_id']).where('message_id', '=', message.id).orderBy('id').execute();
        assert.deepEqual(
          files.map((file) => ({ filename: file.filename, contentType: file.content_type, inline: file.content_id !== null })),
          expect.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, inline: file.inline ?? false })),
        );
      }
      if (expect.attachmentStarts !== undefined) {
        const first = await db().selectFrom('attachments').select('id').where('message_id', '=', message.id).orderBy('id').executeTakeFirstOrThrow();
        const file = await t.request('GET', `/api/v1/attachments/${first.id}`, { token: t.adminToken });
        assert.equal(file.statusCode, 200);
        assert.ok(file.rawPayload.toString('latin1').startsWith(expect.attachmentStarts), file.rawPayload.toString('latin1').slice(0, 40));
      }
      if (expect.cc) {
        assert.deepEqual(message.cc, expect.cc);
        const participants = (await db().selectFrom('ticket_participants').select('email').where('ticket_id', '=', ticketId).execute()).map((row) => row.email);
        for (const address of expect.cc) assert.ok(participants.includes(address), `${address} is not a participant`);
      }
    });
  }
});
