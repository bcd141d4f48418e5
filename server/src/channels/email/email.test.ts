import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { sendMail, startSmtpSink, type SmtpSink } from '../../../test/mail.ts';
import { SmtpReceiver } from './smtp-receiver.ts';

const execFileAsync = promisify(execFile);

describe('mailboxes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
  });
  after(() => t.close());

  test('an admin adds a mailbox; its passwords are stored sealed and never shown', async () => {
    const response = await t.request('POST', '/api/v1/mailboxes', {
      token: t.adminToken,
      body: { address: 'Help@Acme.test', name: 'Acme Help', teamId: 1, smtp: { host: 'smtp.acme.test', port: 587, user: 'help', password: 's3cret-relay' } },
    });
    assert.equal(response.statusCode, 201, response.body);
    const mailbox = response.json();
    assert.equal(mailbox.address, 'Help@Acme.test');
    assert.equal(mailbox.inbound, 'smtp');
    assert.deepEqual(mailbox.smtp, { host: 'smtp.acme.test', port: 587, security: 'starttls', user: 'help', hasPassword: true });
    assert.ok(!response.body.includes('s3cret-relay'));
    const row = await t.frontline.ctx.db.selectFrom('mailboxes').selectAll().where('id', '=', mailbox.id).executeTakeFirstOrThrow();
    assert.ok(row.smtp_password_enc && !row.smtp_password_enc.includes('s3cret'));
    assert.equal(t.frontline.ctx.secrets.open(row.smtp_password_enc!), 's3cret-relay');

    const listed = await t.request('GET', '/api/v1/mailboxes', { token: t.adminToken });
    assert.ok(!listed.body.includes('s3cret-relay') && !listed.body.includes(row.smtp_password_enc!));

    // A change without a password keeps the stored one.
    const renamed = await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken, body: { name: 'Acme Helpdesk', smtp: { host: 'smtp2.acme.test' } } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().smtp.hasPassword, true);
    assert.equal(renamed.json().smtp.host, 'smtp2.acme.test');
  });

  test('bad mailbox input gets a clear 4xx', async () => {
    const duplicate = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'help@acme.test', name: 'Again' } });
    assert.equal(duplicate.statusCode, 409);
    assert.match(duplicate.json().error.message, /already exists/);
    const imapless = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'in@acme.test', name: 'In', inbound: 'imap' } });
    assert.equal(imapless.statusCode, 422);
    assert.match(imapless.json().error.message, /IMAP mailbox needs/);
    const noMoveTo = await t.request('POST', '/api/v1/mailboxes', {
      token: t.adminToken,
      body: { address: 'in@acme.test', name: 'In', inbound: 'imap', imap: { host: 'imap.acme.test', user: 'in', password: 'x', after: 'move' } },
    });
    assert.equal(noMoveTo.statusCode, 422);
    assert.match(noMoveTo.json().error.message, /moveTo/);
    const notEmail = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'not an address', name: 'X' } });
    assert.equal(notEmail.statusCode, 400);
    const badTeam = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'x@acme.test', name: 'X', teamId: 999 } });
    assert.equal(badTeam.statusCode, 422);
    const agent = await t.agent({ email: 'plain@acme.test', role: 'agent' });
    assert.equal((await t.request('GET', '/api/v1/mailboxes', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('POST', '/api/v1/mailboxes', { token: agent.token, body: { address: 'y@acme.test', name: 'Y' } })).statusCode, 403);
  });
});

describe('email over real SMTP, both ways', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: SmtpReceiver;
  let port: number;
  let agentId: number;
  let agentToken: string;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off', SMTP_MAX_BYTES: String(200 * 1024) } });
    sink = await startSmtpSink();
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
    const created = await t.request('POST', '/api/v1/mailboxes', {
      token: t.adminToken,
      body: { address: 'support@acme.test', name: 'Acme Support', smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'relay', password: 'relay-pass' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    const agent = await t.agent({ email: 'john@acme.test', role: 'agent', name: 'John Smith' });
    agentId = agent.id;
    agentToken = agent.token;
    await t.frontline.ctx.db.updateTable('agents').set({ alias: 'John Smith', signature: 'John Smith\nAcme Support' }).where('id', '=', agentId).execute();
  });
  after(async () => {
    await receiver.stop();
    // The app first: it closes its pooled connections to the sink, which the sink waits for.
    await t.close();
    await sink.close();
  });

  const drain = () => t.frontline.workers.runner.drain();

  test('mail to a mailbox becomes a ticket, is acknowledged, answered, and the answer to the answer threads', async () => {
    const sent = await sendMail(port, {
      from: '"Nino Beridze" <nino@example.ge>',
      to: 'support@acme.test',
      cc: 'Boss <boss@example.ge>',
      subject: 'Payout did not arrive',
      text: 'Hello,\nmy payout from last week did not arrive.\n',
      messageId: '<first.nino@example.ge>',
    });
    assert.match(sent.response, /^250 /);

    await drain();
    const ticket = await t.frontline.ctx.db.selectFrom('tickets').selectAll().where('subject', '=', 'Payout did not arrive').executeTakeFirstOrThrow();
    assert.equal(ticket.channel, 'email');
    assert.ok(ticket.mailbox_id);
    const detail = (await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken })).json();
    assert.equal(detail.customer.email, 'nino@example.ge');
    assert.equal(detail.customer.name, 'Nino Beridze');
    assert.deepEqual(detail.participants, [{ email: 'boss@example.ge', name: 'Boss', state: 'accepted', proposedBy: null }]);
    assert.match(detail.messages[0].bodyText, /^Hello,\nmy payout/);
    assert.equal(detail.messages[0].sourceUrl, `/api/v1/messages/${detail.messages[0].id}/source`);

    // The acknowledgement went out through the relay, marked automatic.
    const [ack] = await sink.waitFor(1);
    assert.deepEqual(ack!.rcptTo.sort(), ['boss@example.ge', 'nino@example.ge']);
    assert.equal(ack!.parsed.from?.value[0]?.address, 'support@acme.test');
    assert.equal(ack!.parsed.from?.value[0]?.name, 'Acme Support');
    assert.equal(ack!.parsed.subject, `Re: Payout did not arrive [#${ticket.number}]`);
    assert.equal(ack!.parsed.headers.get('auto-submitted'), 'auto-replied');
    assert.equal(ack!.parsed.inReplyTo, '<first.nino@example.ge>');
    assert.match(ack!.parsed.text ?? '', new RegExp(`#${ticket.number}`));
    const afterAck = await t.frontline.ctx.db.selectFrom('tickets').select(['status', 'first_response_at']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
    assert.equal(afterAck.status, 'new', 'an acknowledgement is not an answer');
    assert.equal(afterAck.first_response_at, null);

    // The agent answers: from the mailbox with the alias, signature, threading headers.
    const replied = await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: agentToken, body: { body: 'Hi Nino, it is on its way.' } });
    assert.equal(replied.statusCode, 201, replied.body);
    await drain();
    const [, answer] = await sink.waitFor(2);
    assert.equal(answer!.parsed.from?.text, '"John Smith, Acme Support" <support@acme.test>');
    assert.equal(answer!.parsed.inReplyTo, '<first.nino@example.ge>');
    const references = [answer!.parsed.references ?? []].flat();
    assert.ok(references.includes('<first.nino@example.ge>'));
    assert.match(answer!.parsed.text ?? '', /Hi Nino, it is on its way\.\n\n-- \nJohn Smith\nAcme Support/);
    assert.match(typeof answer!.parsed.html === 'string' ? answer!.parsed.html : '', /Hi Nino/);
    assert.equal(answer!.parsed.cc && !Array.isArray(answer!.parsed.cc) ? answer!.parsed.cc.value[0]?.address : undefined, 'boss@example.ge');
    const outbound = await t.frontline.ctx.db.selectFrom('messages').selectAll().where('id', '=', replied.json().id).executeTakeFirstOrThrow();
    assert.equal(outbound.delivery_status, 'sent');
    assert.equal(`<${outbound.external_id}>`, answer!.parsed.messageId);

    // The customer answers the answer; it joins the ticket by In-Reply-To (subject changed on purpose).
    await sendMail(port, {
      from: 'nino@example.ge',
      to: 'support@acme.test',
      subject: 'thanks',
      text: 'Got it, thank you!\n\nOn Tue, 3 Nov 2026 at 10:00, John Smith, Acme Support <support@acme.test> wrote:\n> Hi Nino, it is on its way.\n',
      inReplyTo: answer!.parsed.messageId!,
      references: [answer!.parsed.messageId!],
    });
    await drain();
    const thread = (await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken })).json();
    const last = thread.messages.at(-1);
    assert.equal(last.direction, 'inbound');
    assert.equal(last.bodyText.slice(0, last.foldAt).trim(), 'Got it, thank you!');
    assert.equal(thread.messages.length, 4);

    // The raw source is downloadable by those who see the ticket.
    const source = await t.request('GET', last.sourceUrl, { token: agentToken });
    assert.equal(source.statusCode, 200);
    assert.equal(source.headers['content-type'], 'message/rfc822');
    assert.match(source.body, /Got it, thank you!/);
  });

  test("a mailbox's own acknowledgement text goes out in the customer's language; other languages keep the built-in one", async () => {
    const mailbox = (await t.request('GET', '/api/v1/mailboxes', { token: t.adminToken })).json<{ items: Array<{ id: number; address: string }> }>().items.find((row) => row.address === 'support@acme.test')!;
    const unknown = await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken, body: { acknowledgementTexts: { ru: 'Заявка {{number}} от {{client}}' } } });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'unknown_placeholder');
    assert.match(unknown.json().error.message, /\{\{client\}\}.*use \{\{number\}\}, \{\{subject\}\}, \{\{mailbox\}\}/);
    const saved = await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, {
      token: t.adminToken,
      body: { acknowledgementTexts: { ru: '  Добрый день! Заявка №{{number}} «{{ subject }}» принята.\n\n{{mailbox}}  ', en: '' } },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json().acknowledgementTexts, { en: null, ru: 'Добрый день! Заявка №{{number}} «{{ subject }}» принята.\n\n{{mailbox}}', ka: null });

    const before = sink.received.length;
    await sendMail(port, { from: 'ivan@example.ru', to: 'support@acme.test', subject: 'Где выплата', text: 'Здравствуйте, где моя выплата за прошлую неделю? Жду уже третий день.' });
    await sendMail(port, { from: 'mary@example.com', to: 'support@acme.test', subject: 'Where is my payout', text: 'Hello, where is my payout from last week? I have been waiting for three days.' });
    await drain();
    const acks = (await sink.waitFor(before + 2)).slice(before);
    const numberOf = async (subject: string) => (await t.frontline.ctx.db.selectFrom('tickets').select('number').where('subject', '=', subject).executeTakeFirstOrThrow()).number;
    const russian = acks.find((ack) => ack.rcptTo.includes('ivan@example.ru'))!;
    assert.equal(russian.parsed.text?.trim(), `Добрый день! Заявка №${await numberOf('Где выплата')} «Где выплата» принята.\n\nAcme Support`);
    const english = acks.find((ack) => ack.rcptTo.includes('mary@example.com'))!;
    assert.match(english.parsed.text ?? '', new RegExp(`^Hello,\n\nthank you for writing to us\. Your request has been received and given the number #${await numberOf('Where is my payout')}\.`));

    const reset = await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken, body: { acknowledgementTexts: { ru: null } } });
    assert.deepEqual(reset.json().acknowledgementTexts, { en: null, ru: null, ka: null });
  });

  test('a new ticket by mail gets exactly one acknowledgement, even when its reaction job runs again; an auto-reply gets none', async () => {
    const db = t.frontline.ctx.db;
    const before = sink.received.length;
    await sendMail(port, { from: 'tamar@example.ge', to: 'support@acme.test', subject: 'Card blocked', text: 'My card was blocked this morning, please help.' });
    await sendMail(port, { from: 'robot@example.ge', to: 'support@acme.test', subject: 'Away', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await drain();
    const acknowledgements = async (subject: string) =>
      (
        await db
          .selectFrom('messages')
          .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
          .select(['messages.author_agent_id', 'messages.channel', 'messages.delivery_status', 'messages.internal'])
          .where('tickets.subject', '=', subject)
          .where('messages.direction', '=', 'outbound')
          .execute()
      ).map((row) => ({ ...row }));
    const sentAck = [{ author_agent_id: null, channel: 'email', delivery_status: 'sent', internal: false }];
    assert.deepEqual(await acknowledgements('Card blocked'), sentAck);
    assert.deepEqual(await acknowledgements('Away'), []);
    assert.deepEqual((await sink.waitFor(before + 1)).slice(before).map((mail) => mail.rcptTo), [['tamar@example.ge']]);
    // What a node leaves that died after the reaction committed but before recording it: the job runs again.
    const rerun = await db.updateTable('jobs').set({ status: 'pending', finished_at: null }).where('kind', '=', 'reaction:email.acknowledge').executeTakeFirst();
    assert.ok(Number(rerun.numUpdatedRows) >= 2);
    await drain();
    assert.deepEqual(await acknowledgements('Card blocked'), sentAck);
    assert.equal(sink.received.length, before + 1);
  });

  test('the receiver refuses unknown recipients and oversized mail with clear SMTP errors', async () => {
    await assert.rejects(sendMail(port, { from: 'a@example.com', to: 'nobody@acme.test', subject: 'x', text: 'x' }), (error: Error & { responseCode?: number; response?: string }) => {
      assert.equal(error.responseCode, 550);
      assert.match(error.response ?? '', /no such mailbox/);
      return true;
    });
    await assert.rejects(sendMail(port, { from: 'a@example.com', to: 'support@acme.test', subject: 'big', text: 'x'.repeat(300 * 1024) }), (error: Error & { responseCode?: number }) => {
      assert.equal(error.responseCode, 552);
      return true;
    });
    const stored = await t.frontline.ctx.db.selectFrom('inbound_items').select('id').where('sender', '=', 'a@example.com').execute();
    assert.equal(stored.length, 0);
  });

  test('a relay that refuses the reply for now (451) leaves it queued for a retry with the reason', async () => {
    const before = sink.received.length;
    const created = await t.request('POST', '/api/v1/tickets', { token: agentToken, body: { subject: 'Outbound only', customer: { email: 'levan@example.ge' }, channel: 'email', message: { body: 'Starting a conversation.' } } });
    assert.equal(created.statusCode, 201, created.body);
    const ticketId = created.json().id;
    sink.refuseNext(1, 451);
    const replied = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: agentToken, body: { body: 'Are you there?' } });
    await drain();
    const message = await t.frontline.ctx.db.selectFrom('messages').selectAll().where('id', '=', replied.json().id).executeTakeFirstOrThrow();
    assert.equal(message.delivery_status, 'queued');
    assert.match(message.delivery_error ?? '', /451/);
    assert.equal(sink.received.length, before);
  });
});

describe('mail storms', () => {
  let t: TestApp;
  let receiver: SmtpReceiver;
  let port: number;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off', EMAIL_SENDER_LIMIT: '3', EMAIL_SENDER_WINDOW_MINUTES: '10' } });
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
    const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'help@acme.test', name: 'Acme Help', acknowledge: false } });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(async () => {
    await receiver.stop();
    await t.close();
  });

  test('a sender over the limit is held, shown with the reason, and let through by retry', async () => {
    for (let i = 1; i <= 5; i++) await sendMail(port, { from: 'loop@example.com', to: 'help@acme.test', subject: `Loop ${i}`, text: `Message ${i}` });
    await sendMail(port, { from: 'calm@example.com', to: 'help@acme.test', subject: 'Calm', text: 'One message' });
    await t.frontline.workers.runner.drain();
    // Processing may batch and reorder; which ones became tickets is what counts.
    const tickets = (await t.frontline.ctx.db.selectFrom('tickets').select('subject').execute()).map((row) => row.subject).sort();
    assert.deepEqual(tickets, ['Calm', 'Loop 1', 'Loop 2', 'Loop 3']);

    const held = await t.request('GET', '/api/v1/admin/inbox?status=held', { token: t.adminToken });
    const items = held.json().items;
    assert.equal(items.length, 2);
    assert.equal(items[0].sender, 'loop@example.com');
    assert.match(items[0].error, /more than 3 emails within 10 minutes/);
    const counts = (await t.request('GET', '/api/v1/admin/inbox/counts', { token: t.adminToken })).json();
    assert.equal(counts.held, 2);

    const retried = await t.request('POST', `/api/v1/admin/inbox/${items[1].id}/retry`, { token: t.adminToken });
    assert.equal(retried.statusCode, 200, retried.body);
    await t.frontline.workers.runner.drain();
    const released = await t.frontline.ctx.db.selectFrom('inbound_items').select(['status', 'outcome', 'ticket_id']).where('id', '=', items[1].id).executeTakeFirstOrThrow();
    assert.equal(released.status, 'processed');
    assert.equal(released.outcome, 'ticket');
    assert.ok(released.ticket_id);
  });
});

describe('a storm processed in batches', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: SmtpReceiver;
  let port: number;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off', EMAIL_SENDER_LIMIT: '4' } });
    sink = await startSmtpSink();
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1');
    const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'storm@acme.test', name: 'Acme Storm', teamId: 2, smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } } });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(async () => {
    await receiver.stop();
    // The app first: it closes its pooled connections to the sink, which the sink waits for.
    await t.close();
    await sink.close();
  });

  test('waiting mail is claimed and processed together; what is not plain, or over the limit, is processed on its own, the same way', async () => {
    // A ticket to reply to, processed before the storm.
    await sendMail(port, { from: 'old@example.com', to: 'storm@acme.test', subject: 'Earlier', text: 'Earlier question', messageId: '<earlier@example.com>' });
    await t.frontline.workers.runner.drain();
    const earlier = await t.frontline.ctx.db.selectFrom('tickets').select(['id', 'number']).where('subject', '=', 'Earlier').executeTakeFirstOrThrow();

    for (let i = 0; i < 30; i++) await sendMail(port, { from: `"Customer ${i}" <c${i}@example.org>`, to: 'storm@acme.test', subject: `Storm ${i}`, text: `Где мой заказ ${i}?` });
    await sendMail(port, { from: 'old@example.com', to: 'storm@acme.test', subject: 'Re: Earlier', text: 'More details', inReplyTo: '<earlier@example.com>' });
    await sendMail(port, { from: 'files@example.com', to: 'storm@acme.test', subject: 'With a file', text: 'See attached', attachments: [{ filename: 'a.txt', content: 'hello' }] });
    for (let i = 0; i < 6; i++) await sendMail(port, { from: 'flood@example.net', to: 'storm@acme.test', subject: `Flood ${i}`, text: 'again' });
    await sendMail(port, { from: 'auto@example.net', to: 'storm@acme.test', subject: 'Newsletter', text: 'Deals', headers: { Precedence: 'bulk' } });

    const email = t.frontline.ctx.channels.get('email')!;
    const processBatch = email.processBatch!.bind(email);
    const batchSizes: number[] = [];
    email.processBatch = async (tx, items, ctx) => {
      batchSizes.push(items.length);
      return processBatch(tx, items, ctx);
    };
    await t.frontline.workers.runner.drain({ timeoutMs: 60_000 }).finally(() => (email.processBatch = processBatch));
    const db = t.frontline.ctx.db;
    const items = await db.selectFrom('inbound_items').select(['status', 'outcome']).execute();
    assert.equal(items.filter((item) => item.status === 'pending' || item.status === 'failed').length, 0);
    const storm = await db.selectFrom('tickets').selectAll().where('subject', 'like', 'Storm %').execute();
    assert.equal(storm.length, 30);
    for (const ticket of storm) {
      assert.equal(ticket.team_id, 2);
      assert.equal(ticket.language, 'ru');
      assert.equal(ticket.status, 'new');
      assert.ok(ticket.mailbox_id);
    }
    const customers = await db.selectFrom('customers').select('name').where('name', 'like', 'Customer %').execute();
    assert.equal(customers.length, 30);
    // Each storm ticket: its message, its Message-ID, its acknowledgement queued and sent.
    const messages = await db.selectFrom('messages').select(['direction', 'author_agent_id', 'delivery_status']).where('ticket_id', 'in', storm.map((ticket) => ticket.id)).execute();
    assert.equal(messages.filter((m) => m.direction === 'inbound').length, 30);
    assert.equal(messages.filter((m) => m.direction === 'outbound' && m.delivery_status === 'sent').length, 30);
    const ids = await db.selectFrom('email_message_ids').select('ticket_id').where('ticket_id', 'in', storm.map((ticket) => ticket.id)).execute();
    assert.ok(ids.length >= 30);
    const events = await db.selectFrom('events').select('type').where('ticket_id', 'in', storm.map((ticket) => ticket.id)).where('type', '=', 'ticket.created').execute();
    assert.equal(events.length, 30);
    // The batch ran: the waiting storm was claimed and handed to the adapter together.
    assert.ok(Math.max(...batchSizes) >= 30, `batches were only ${batchSizes.join(', ')} items`);
    const jobs = await db.selectFrom('jobs').select(['status', 'attempts']).where('kind', '=', 'inbox.process').execute();
    assert.ok(jobs.every((job) => job.status === 'done' && job.attempts === 1));

    const reply = await db.selectFrom('messages').select('ticket_id').where('body_text', '=', 'More details').executeTakeFirstOrThrow();
    assert.equal(reply.ticket_id, earlier.id);
    const withFile = await db.selectFrom('attachments').select('filename').execute();
    assert.deepEqual(withFile.map((file) => file.filename), ['a.txt']);
    const flood = await db.selectFrom('inbound_items').select('status').where('sender', '=', 'flood@example.net').execute();
    assert.equal(flood.filter((item) => item.status === 'held').length, 2);
    const newsletter = await db.selectFrom('tickets').select('tags').where('subject', '=', 'Newsletter').executeTakeFirstOrThrow();
    assert.deepEqual(newsletter.tags, ['automatic']);
  });
});

describe('the SMTP receiver with a certificate', () => {
  let t: TestApp;
  let receiver: SmtpReceiver;
  let port: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-tls-'));

  before(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    t = await startTestApp({ env: { JOBS: 'off', SMTP_TLS_KEY: path.join(dir, 'key.pem'), SMTP_TLS_CERT: path.join(dir, 'cert.pem') } });
    receiver = new SmtpReceiver(t.frontline.ctx);
    port = await receiver.start(0, '127.0.0.1', { tlsWatchMs: 50 });
    const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'secure@acme.test', name: 'Acme Secure', acknowledge: false } });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(async () => {
    await receiver.stop();
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a renewed certificate is used for new sessions without a restart; a broken renewal keeps the old one', async () => {
    const offered = async () => {
      const { stdout } = await execFileAsync('sh', ['-c', `openssl s_client -starttls smtp -connect 127.0.0.1:${port} </dev/null 2>/dev/null | openssl x509 -noout -subject`]);
      return stdout.trim();
    };
    assert.match(await offered(), /CN\s*=\s*localhost/);
    const renewed = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-tls-renewed-'));
    try {
      await execFileAsync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=mail.acme.test', '-days', '1', '-keyout', path.join(renewed, 'key.pem'), '-out', path.join(renewed, 'cert.pem')]);
      // Half a renewal: the new certificate beside the old key does not load, and the old pair stays in use.
      fs.copyFileSync(path.join(renewed, 'cert.pem'), path.join(dir, 'cert.pem'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.match(await offered(), /CN\s*=\s*localhost/);
      fs.copyFileSync(path.join(renewed, 'key.pem'), path.join(dir, 'key.pem'));
      const deadline = Date.now() + 5000;
      while (!/mail\.acme\.test/.test(await offered())) {
        assert.ok(Date.now() < deadline, 'the renewed certificate was not picked up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      fs.rmSync(renewed, { recursive: true, force: true });
    }
  });

  test('offers STARTTLS: a sending server that requires TLS delivers, and the item records it', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
    try {
      const sent = await transport.sendMail({ from: 'tls@example.com', to: 'secure@acme.test', subject: 'Over TLS', text: 'Encrypted on the way' });
      assert.match(sent.response, /^250 /);
    } finally {
      transport.close();
    }
    await sendMail(port, { from: 'plain@example.com', to: 'secure@acme.test', subject: 'In the clear', text: 'Not encrypted' });
    const items = await t.frontline.ctx.db.selectFrom('inbound_items').select(['sender', 'meta']).orderBy('id').execute();
    assert.deepEqual(items.map((item) => [item.sender, (item.meta as { tls?: boolean }).tls]), [['tls@example.com', true], ['plain@example.com', false]]);
  });
});
