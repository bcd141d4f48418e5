// Inbox rows for mail: the preview is the customer's words, never the acknowledgement sent back,
// and a follow-up mail moves the preview on without restarting the customer's wait.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendMail, startMailDesk, startSmtpSink, type MailDesk, type SmtpSink } from '../../test/mail.ts';

interface Row {
  number: number;
  subject: string;
  lastMessagePreview: string;
  lastMessageAuthor: string | null;
  customerWaitingSince: string | null;
  unread: boolean;
}

describe('triage fields for email tickets', () => {
  let desk: MailDesk;
  let relay: SmtpSink;
  before(async () => {
    // Acknowledgements need an outgoing relay: a real SMTP sink takes them.
    relay = await startSmtpSink();
    desk = await startMailDesk({ address: 'help@acme.test', name: 'Acme Help', acknowledge: true, smtp: { host: '127.0.0.1', port: relay.port, security: 'none' } });
  });
  after(async () => {
    await desk.close();
    await relay.close();
  });

  const rows = async () => (await desk.t.request('GET', '/api/v1/tickets?view=all', { token: desk.t.adminToken })).json<{ items: Row[] }>().items;
  const mail = (subject: string, body: string) =>
    sendMail(desk.port, { from: 'maya@example.net', to: ['help@acme.test'], raw: `From: Maya <maya@example.net>\r\nTo: help@acme.test\r\nSubject: ${subject}\r\n\r\n${body}\r\n` });

  test('a new mail and a follow-up: the customer’s words, not the acknowledgement; the wait starts once', async () => {
    await mail('Order 881 never arrived', 'Hello,\r\nmy order 881 never arrived.\r\n\r\nMaya');
    await desk.t.frontline.workers.runner.drain();
    const [first] = await rows();
    assert.ok(first, 'the mail became a ticket');
    const acks = await desk.t.frontline.ctx.db.selectFrom('messages').select('id').where('direction', '=', 'outbound').execute();
    assert.equal(acks.length, 1, 'an acknowledgement went out');
    assert.match(first.lastMessagePreview, /^Hello, my order 881 never arrived\./);
    assert.equal(first.lastMessageAuthor, 'customer');
    assert.ok(first.customerWaitingSince);
    assert.equal(first.unread, true);

    await mail(`Re: [#${first.number}] Order 881 never arrived`, 'Any news about my parcel?');
    await desk.t.frontline.workers.runner.drain();
    const [again] = await rows();
    assert.equal(again!.number, first.number, 'the follow-up joined the ticket');
    assert.equal(again!.lastMessagePreview, 'Any news about my parcel?');
    assert.equal(again!.customerWaitingSince, first.customerWaitingSince);
  });
});
