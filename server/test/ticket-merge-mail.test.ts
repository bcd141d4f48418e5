// After two tickets are merged, the customer's mail threaded to the merged one (by our reply's
// Message-ID, or by its [#n] tag) lands in the target, and replies from the target copy the
// source's participants. Real SMTP in (the receiver) and out (a sink as the relay).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from './harness.ts';
import { sendMail, startMailDesk, startSmtpSink, type MailDesk, type SmtpSink } from './mail.ts';

interface Detail {
  id: number;
  number: number;
  status: string;
  mergedIntoId: number | null;
  participants: Array<{ email: string; state: string }>;
  messages: Array<{ id: number; bodyText: string; direction: string; attachments: Array<{ filename: string }> }>;
}

describe('mail to a merged ticket', () => {
  let desk: MailDesk;
  let t: TestApp;
  let sink: SmtpSink;
  let port: number;
  before(async () => {
    sink = await startSmtpSink();
    desk = await startMailDesk({ address: 'help@shop.test', name: 'Shop Help', acknowledge: true, smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } });
    ({ t, port } = desk);
  });
  after(async () => {
    await desk.close();
    await sink.close();
  });

  const drain = () => t.frontline.workers.runner.drain();
  const detail = async (id: number) => (await t.request('GET', `/api/v1/tickets/${id}`, { token: t.adminToken })).json<Detail>();
  const lastItem = async () => t.frontline.ctx.db.selectFrom('inbound_items').select(['ticket_id', 'outcome']).orderBy('id', 'desc').executeTakeFirstOrThrow();

  test('a reply to our mail on the source, and a mail with its [#n] tag, join the target; its replies copy the source participants', async () => {
    await sendMail(port, {
      from: '"Lena Ivanova" <lena@client.test>',
      to: 'help@shop.test',
      cc: 'Accounts <accounts@client.test>',
      subject: 'Order 5521 arrived broken',
      text: 'The vase in order 5521 arrived broken; photo attached.',
      attachments: [{ filename: 'vase.jpg', content: Buffer.from('not really a jpeg'), contentType: 'image/jpeg' }],
    });
    await drain();
    const source = await detail((await lastItem()).ticket_id!);
    await sendMail(port, { from: 'lena@client.test', to: 'help@shop.test', subject: 'Refund for order 5521', text: 'Can I get a refund for the vase?' });
    await drain();
    const target = await detail((await lastItem()).ticket_id!);
    assert.notEqual(source.id, target.id);
    const acknowledgements = sink.received.length;

    const before = sink.received.length;
    const replied = await t.request('POST', `/api/v1/tickets/${source.id}/messages`, { token: t.adminToken, body: { body: 'Sorry about the vase. Which colour was it?' } });
    assert.equal(replied.statusCode, 201, replied.body);
    await drain();
    const ourReply = (await sink.waitFor(before + 1)).slice(before).find((mail) => (mail.parsed.text ?? '').includes('Which colour'));
    assert.ok(ourReply?.parsed.messageId);

    const merged = await t.request('POST', `/api/v1/tickets/${source.id}/merge`, { token: t.adminToken, body: { targetId: target.id } });
    assert.equal(merged.statusCode, 200, merged.body);

    await sendMail(port, {
      from: 'lena@client.test',
      to: 'help@shop.test',
      subject: `Re: Order 5521 arrived broken [#${source.number}]`,
      text: 'It was blue.',
      inReplyTo: ourReply.parsed.messageId,
      references: [ourReply.parsed.messageId!],
    });
    await drain();
    const byMessageId = await lastItem();
    assert.equal(byMessageId.ticket_id, target.id, 'the reply threaded to the source lands in the target');
    assert.equal(byMessageId.outcome, 'reply');

    await sendMail(port, { from: 'lena@client.test', to: 'help@shop.test', subject: `About [#${source.number}]`, text: 'And the box was wet.' });
    await drain();
    assert.equal((await lastItem()).ticket_id, target.id, 'the [#n] tag of the source leads to the target');

    const now = await detail(target.id);
    const texts = now.messages.map((message) => message.bodyText);
    assert.ok(texts.indexOf('It was blue.') > texts.indexOf('Sorry about the vase. Which colour was it?'));
    assert.ok(texts.includes('And the box was wet.'));
    assert.deepEqual(now.messages.flatMap((message) => message.attachments.map((file) => file.filename)), ['vase.jpg']);
    assert.deepEqual(now.participants.map((person) => [person.email, person.state]), [['accounts@client.test', 'accepted']]);
    const old = await detail(source.id);
    assert.equal(old.status, 'closed');
    assert.equal(old.messages.length, 0, 'no new ticket and nothing added to the merged one');
    await drain();
    assert.equal(sink.received.length, acknowledgements + 1, 'no acknowledgement for mail that joined the target');

    const answer = sink.received.length;
    const reply = await t.request('POST', `/api/v1/tickets/${target.id}/messages`, { token: t.adminToken, body: { body: 'A blue replacement is on its way.' } });
    assert.equal(reply.statusCode, 201, reply.body);
    await drain();
    const sent = (await sink.waitFor(answer + 1)).slice(answer).find((mail) => (mail.parsed.text ?? '').includes('replacement'));
    assert.deepEqual(sent?.rcptTo.sort(), ['accounts@client.test', 'lena@client.test']);
  });
});
