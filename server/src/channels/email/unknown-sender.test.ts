// Mail whose From is of no use, over real SMTP: the sender comes from Reply-To, Sender or the
// envelope; with none at all the mail still becomes visible work, a ticket of an "Unknown sender"
// customer of its own that no reply can reach — never a failed item that a retry cannot help.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendMail, startMailDesk, startSmtpSink, type MailDesk, type SmtpSink } from '../../../test/mail.ts';

const MAILBOX = 'support@acme.test';

describe('mail with no usable From', () => {
  let desk: MailDesk;
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink();
    desk = await startMailDesk({ address: MAILBOX, name: 'Acme Support', smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } });
  });
  after(async () => {
    await desk.close();
    await sink.close();
  });

  const db = () => desk.t.frontline.ctx.db;
  let serial = 0;
  /** Delivers header lines and a body with the given envelope sender; returns the processed item. */
  async function deliver(envelopeFrom: string, headers: string[]) {
    serial++;
    const raw = [...headers, `To: ${MAILBOX}`, `Subject: Question ${serial}`, `Message-ID: <fallback-${serial}@example.net>`, 'Content-Type: text/plain; charset=utf-8', '', `Text of question ${serial}.`, ''].join('\r\n');
    const answer = await sendMail(desk.port, { from: envelopeFrom, to: [MAILBOX], raw });
    const id = Number(/stored as (\d+)/.exec(answer.response)?.[1]);
    assert.ok(id, answer.response);
    await desk.t.frontline.workers.runner.drain();
    return db().selectFrom('inbound_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
  const emailsOf = async (customerId: number) =>
    (await db().selectFrom('customer_identities').select('value').where('customer_id', '=', customerId).execute()).map((row) => row.value);
  const authorOf = async (messageId: number) => (await db().selectFrom('messages').select('author_customer_id').where('id', '=', messageId).executeTakeFirstOrThrow()).author_customer_id!;
  const noteOf = (item: { meta: unknown }) => String((item.meta as { note?: string }).note ?? '');

  test('no From header: the sender is the SMTP envelope sender, said in the note', async () => {
    const item = await deliver('ghost@nowhere.test', []);
    assert.equal(item.status, 'processed', item.error ?? '');
    assert.equal(item.outcome, 'ticket');
    assert.equal(item.sender, 'ghost@nowhere.test');
    assert.deepEqual(await emailsOf(await authorOf(item.message_id!)), ['ghost@nowhere.test']);
    assert.match(noteOf(item), /sender was taken from the SMTP envelope/);
  });

  test('an empty From address falls back to Reply-To (with its name), then Sender', async () => {
    const replyTo = await deliver('bounces@mailer.test', ['From: <>', 'Reply-To: "Ivan Petrov" <ivan@example.ru>', 'Sender: robot@mailer.test']);
    const customer = await authorOf(replyTo.message_id!);
    assert.deepEqual(await emailsOf(customer), ['ivan@example.ru']);
    assert.equal((await db().selectFrom('customers').select('name').where('id', '=', customer).executeTakeFirstOrThrow()).name, 'Ivan Petrov');
    assert.match(noteOf(replyTo), /taken from Reply-To/);
    const sender = await deliver('bounces@mailer.test', ['From: undisclosed-recipients:;', 'Sender: "Office" <office@example.de>']);
    assert.deepEqual(await emailsOf(await authorOf(sender.message_id!)), ['office@example.de']);
  });

  test('two From headers with garbage first: the first with an address is used, and the note says so', async () => {
    const item = await deliver('other@mailer.test', ['From: ???', 'From: "Nino" <nino@example.ge>']);
    assert.deepEqual(await emailsOf(await authorOf(item.message_id!)), ['nino@example.ge']);
    assert.equal(item.sender, 'nino@example.ge');
    assert.match(noteOf(item), /2 From headers; the first with an address \(nino@example\.ge\) was used/);
  });

  test('no sender anywhere: a visible ticket of an unknown sender, one record per mail, no acknowledgement, replies cannot reach anyone', async () => {
    const acknowledgementsBefore = sink.received.length;
    const first = await deliver('', ['From: Nobody']);
    const second = await deliver('', []);
    for (const item of [first, second]) {
      assert.equal(item.status, 'processed', item.error ?? '');
      assert.equal(item.outcome, 'ticket');
      assert.match(noteOf(item), /no sender: .*unknown sender/);
    }
    assert.equal(sink.received.length, acknowledgementsBefore, 'an acknowledgement went somewhere');
    const [a, b] = [await authorOf(first.message_id!), await authorOf(second.message_id!)];
    assert.notEqual(a, b, 'two strangers share one customer record');
    assert.notEqual(first.ticket_id, second.ticket_id);
    assert.deepEqual(await emailsOf(a), []);

    const { t } = desk;
    const detail = await t.request('GET', `/api/v1/tickets/${first.ticket_id}`, { token: t.adminToken });
    assert.equal(detail.statusCode, 200, detail.body);
    assert.deepEqual(detail.json().customer, { id: a, name: 'Unknown sender', email: null, unknownSender: true });
    const list = await t.request('GET', '/api/v1/tickets?view=all', { token: t.adminToken });
    const row = list.json().items.find((ticket: { id: number }) => ticket.id === first.ticket_id);
    assert.equal(row?.customer.unknownSender, true, 'the inbox row does not say unknown sender');
    const customer = await t.request('GET', `/api/v1/customers/${a}`, { token: t.adminToken });
    assert.equal(customer.json().unknownSender, true);

    // A reply has nowhere to go: the ticket says so, a public reply is refused with the reason, a note is taken.
    assert.equal(detail.json().replyTarget, null);
    assert.equal(detail.json().replyIssue?.code, 'no_address');
    const reply = await t.request('POST', `/api/v1/tickets/${first.ticket_id}/messages`, { token: t.adminToken, body: { body: 'Who are you?' } });
    assert.equal(reply.statusCode, 422, reply.body);
    assert.equal(reply.json().error.code, 'reply_unreachable');
    const note = await t.request('POST', `/api/v1/tickets/${first.ticket_id}/messages`, { token: t.adminToken, body: { body: 'Sender unknown; waiting for a second mail.', internal: true } });
    assert.equal(note.statusCode, 201, note.body);
    await t.frontline.workers.runner.drain();
    assert.equal(sink.received.length, acknowledgementsBefore);
  });
});
