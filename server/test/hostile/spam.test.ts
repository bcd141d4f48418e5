// Mail a spam filter flagged is kept (nothing is lost) but stays out of the queues agents work
// from: it has its own view, "spam", with its count.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../harness.ts';
import { sendMail, startMailDesk, type MailDesk } from '../mail.ts';

describe('spam verdict headers', () => {
  let desk: MailDesk;
  let t: TestApp;

  before(async () => {
    // Acknowledgements need a relay; jobs are off, so none is ever sent to it.
    desk = await startMailDesk({ address: 'help@acme.test', name: 'Acme Help', acknowledge: true, smtp: { host: '127.0.0.1', port: 9, security: 'none' } });
    t = desk.t;
    const port = desk.port;
    const mail = (subject: string, headers: string) => `${headers}From: someone@example.net\r\nTo: help@acme.test\r\nSubject: ${subject}\r\n\r\nBody of ${subject}\r\n`;
    await sendMail(port, { from: 'someone@example.net', to: ['help@acme.test'], raw: mail('Flagged offer', 'X-Spam-Flag: YES\r\n') });
    await sendMail(port, { from: 'someone@example.net', to: ['help@acme.test'], raw: mail('Scored offer', 'X-Spam-Status: Yes, score=8.2 required=5.0\r\n') });
    await sendMail(port, { from: 'someone@example.net', to: ['help@acme.test'], raw: mail('A real question', 'X-Spam-Status: No, score=0.1 required=5.0\r\n') });
    await t.frontline.workers.runner.drain();
  });
  after(() => desk.close());

  const subjects = async (view: string, token = t.adminToken) => {
    const response = await t.request('GET', `/api/v1/tickets?view=${view}`, { token });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Array<{ subject: string; tags: string[] }> }>().items.map((item) => item.subject).sort();
  };

  test('flagged mail is a ticket tagged spam in the spam view, not in the unassigned or open queues', async () => {
    assert.deepEqual(await subjects('spam'), ['Flagged offer', 'Scored offer']);
    assert.deepEqual(await subjects('unassigned'), ['A real question']);
    assert.deepEqual(await subjects('open'), ['A real question']);
    assert.deepEqual(await subjects('all'), ['A real question', 'Flagged offer', 'Scored offer']);
    const counts = await t.request('GET', '/api/v1/tickets/counts', { token: t.adminToken });
    assert.equal(counts.statusCode, 200, counts.body);
    assert.equal(counts.json().spam, 2);
    assert.equal(counts.json().unassigned, 1);
  });

  test('flagged mail is not acknowledged; mail scored below the threshold is', async () => {
    const acks = await t.frontline.ctx.db
      .selectFrom('messages')
      .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
      .select('tickets.subject')
      .where('messages.direction', '=', 'outbound')
      .execute();
    assert.deepEqual(acks.map((row) => row.subject), ['A real question']);
  });

  test('an agent sees the spam view of the tickets it may see; an unknown view is a 400', async () => {
    const agent = await t.agent({ email: 'agent@acme.test', role: 'agent' });
    assert.deepEqual(await subjects('spam', agent.token), ['Flagged offer', 'Scored offer']);
    assert.equal((await t.request('GET', '/api/v1/tickets?view=spam')).statusCode, 401);
    const bad = await t.request('GET', '/api/v1/tickets?view=spamm', { token: agent.token });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.code);
  });
});
