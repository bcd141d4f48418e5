// One email must never break the system: a mail addressed to thousands becomes one ticket with
// bounded participants and a note saying what was left out, and Frontline keeps working after it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../harness.ts';
import { sendMail, startMailDesk, type MailDesk } from '../mail.ts';
import { MAX_ADDRESSES_KEPT, MAX_PARTICIPANTS_PER_MESSAGE } from '../../src/channels/email/bounds.ts';

describe('a mail copied to a crowd', () => {
  let desk: MailDesk;
  let t: TestApp;
  let port: number;

  before(async () => {
    desk = await startMailDesk({ address: 'help@acme.test', name: 'Acme Help' });
    ({ t, port } = desk);
  });
  after(() => desk.close());

  const crowdMail = (count: number, tag: string) => {
    const cc = Array.from({ length: count }, (_, index) => `p${index}@crowd.test`).join(',\r\n ');
    return `From: Storm <storm@example.test>\r\nTo: help@acme.test\r\nCc: ${cc}\r\nSubject: To everyone ${tag}\r\nMessage-ID: <${tag}@example.test>\r\n\r\nHello all.\r\n`;
  };

  for (const count of [10_000, 100_000]) {
    test(`${count.toLocaleString('en')} Cc addresses make one ticket with ${MAX_PARTICIPANTS_PER_MESSAGE} participants and a note, and Frontline keeps working`, async () => {
      const raw = crowdMail(count, `crowd${count}`);
      assert.ok(Buffer.byteLength(raw) < t.config.smtpMaxBytes, 'the mail is within SMTP_MAX_BYTES, so it is accepted');
      const sent = await sendMail(port, { from: 'storm@example.test', to: ['help@acme.test'], raw });
      assert.match(sent.response, /^250 /);
      await t.frontline.workers.runner.drain({ timeoutMs: 120_000 });

      const item = await t.frontline.ctx.db.selectFrom('inbound_items').selectAll().where('sender', '=', 'storm@example.test').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(item.status, 'processed', item.error ?? '');
      const note = String(item.meta.note);
      assert.match(note, new RegExp(`${count.toLocaleString('en')} Cc addresses; the first \\d+ were kept on the message`));
      assert.match(note, new RegExp(`the first ${MAX_PARTICIPANTS_PER_MESSAGE} people copied became participants`));
      const detail = await t.request('GET', `/api/v1/tickets/${item.ticket_id}`, { token: t.adminToken });
      assert.equal(detail.statusCode, 200);
      assert.equal(detail.json().participants.length, MAX_PARTICIPANTS_PER_MESSAGE);
      assert.ok(detail.json().messages[0].cc.length <= MAX_ADDRESSES_KEPT);

      assert.equal((await t.request('GET', '/readyz')).statusCode, 200);
      const next = await sendMail(port, { from: 'nino@example.ge', to: 'help@acme.test', subject: `Ordinary after ${count}`, text: 'Just one question.' });
      assert.match(next.response, /^250 /);
      await t.frontline.workers.runner.drain();
      const list = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent('question')}`, { token: t.adminToken });
      assert.equal(list.statusCode, 200);
      const ordinary = await t.frontline.ctx.db.selectFrom('tickets').select('id').where('subject', '=', `Ordinary after ${count}`).executeTakeFirst();
      assert.ok(ordinary, 'the next ordinary mail became a ticket');
    });
  }
});
