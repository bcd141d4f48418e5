// No message left behind (issue 13 §4): the Unanswered board lists tickets whose customer has
// waited longer than the desk's setting for an answer, longest wait first, counted for every agent.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { updateTicket } from './verbs.ts';

const MINUTE = 60_000;

interface Row {
  id: number;
  customerWaitingSince: string | null;
}

describe('the Unanswered board', () => {
  let t: TestApp;
  const clock = new TestClock();
  let nino: { id: number; token: string };
  let lead: { id: number; token: string };
  let firstLine: number;
  let secondLine: number;

  before(async () => {
    t = await startTestApp({ clock });
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number; name: string }> }>().items;
    firstLine = teams.find((team) => team.name === 'First line')!.id;
    secondLine = teams.find((team) => team.name === 'Second line')!.id;
    nino = await t.agent({ email: 'nino@unanswered.test', role: 'agent', teamIds: [firstLine] });
    lead = await t.agent({ email: 'lead@unanswered.test', role: 'supervisor', teamIds: [firstLine] });
  });
  after(() => t.close());

  /** A ticket opened by a customer's message (as an email or chat opens one). */
  const customerTicket = async (subject: string, teamId: number, tags: string[] = []) => {
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject, teamId, tags, customer: { email: `${subject.replace(/\W+/g, '-').toLowerCase()}@customer.test` }, message: { body: `${subject}: please help.` } } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: number; number: number }>();
  };
  const board = async (token: string, query = '') => {
    const response = await t.request('GET', `/api/v1/tickets?view=unanswered&sort=waiting${query}`, { token });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Row[]; nextCursor: string | null }>();
  };
  const count = async (token: string) => (await t.request('GET', '/api/v1/tickets/counts', { token })).json<{ unanswered: number }>().unanswered;
  const setAfter = (minutes: unknown, token = t.adminToken) => t.request('PATCH', '/api/v1/desk-settings', { token, body: { unansweredAfterMinutes: minutes } });

  test('a customer who has waited longer than the setting is on the board, longest wait first, and counted; an answer takes the ticket off', async () => {
    const first = await customerTicket('Refund not received', firstLine);
    clock.advance(30 * MINUTE);
    const second = await customerTicket('Cannot sign in', firstLine);
    const hidden = await customerTicket('Contract question', secondLine);
    const spam = await customerTicket('Cheap watches', firstLine, ['spam']);
    clock.advance(31 * MINUTE);

    // The default is an hour: only the first has waited that long.
    assert.deepEqual((await board(t.adminToken)).items.map((row) => row.id), [first.id]);
    assert.equal(await count(nino.token), 1);

    clock.advance(30 * MINUTE);
    assert.deepEqual((await board(t.adminToken)).items.map((row) => row.id), [first.id, second.id, hidden.id], 'oldest wait first; spam is left out');
    assert.deepEqual((await board(nino.token)).items.map((row) => row.id), [first.id, second.id], 'only tickets the agent may see');
    assert.equal(await count(nino.token), 2);
    assert.equal(await count(t.adminToken), 3);

    // Pages follow the wait, without repeating or skipping a ticket.
    const page = await board(t.adminToken, '&limit=2');
    assert.deepEqual(page.items.map((row) => row.id), [first.id, second.id]);
    assert.ok(page.nextCursor);
    const rest = await board(t.adminToken, `&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`);
    assert.deepEqual(rest.items.map((row) => row.id), [hidden.id]);
    assert.equal(rest.nextCursor, null);

    // A note is no answer; a public reply is.
    assert.equal((await t.request('POST', `/api/v1/tickets/${first.id}/messages`, { token: nino.token, body: { body: 'Checking with billing.', internal: true } })).statusCode, 201);
    assert.ok((await board(nino.token)).items.some((row) => row.id === first.id));
    assert.equal((await t.request('POST', `/api/v1/tickets/${first.id}/messages`, { token: nino.token, body: { body: 'The refund went out today.' } })).statusCode, 201);
    assert.deepEqual((await board(nino.token)).items.map((row) => row.id), [second.id]);
    assert.equal(await count(nino.token), 1);
    void spam;
  });

  test('the setting: every agent reads it, supervisors and admins change it (audited), bad values are refused', async () => {
    const read = await t.request('GET', '/api/v1/desk-settings', { token: nino.token });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), { unansweredAfterMinutes: 60 });
    assert.equal((await t.request('GET', '/api/v1/desk-settings')).statusCode, 401);

    assert.equal((await setAfter(15, nino.token)).statusCode, 403, 'an agent may not change it');
    for (const bad of [0, -5, 7 * 24 * 60 + 1, 1.5, 'soon', null]) {
      const response = await setAfter(bad);
      assert.equal(response.statusCode, 400, `${String(bad)}: ${response.body}`);
      assert.match(response.json<{ error: { message: string } }>().error.message, /unansweredAfterMinutes/);
    }
    assert.equal((await t.request('PATCH', '/api/v1/desk-settings', { token: t.adminToken, body: { unansweredAfterMinutes: 30, extra: 1 } })).statusCode, 400);

    const fresh = await customerTicket('Where is my parcel', firstLine);
    clock.advance(20 * MINUTE);
    assert.ok(!(await board(nino.token)).items.some((row) => row.id === fresh.id));
    const changed = await setAfter(15, lead.token);
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json(), { unansweredAfterMinutes: 15 });
    assert.ok((await board(nino.token)).items.some((row) => row.id === fresh.id), 'a shorter setting puts a 20-minute wait on the board');

    const audit = await t.request('GET', '/api/v1/admin/audit?action=desk.settings_changed', { token: t.adminToken });
    assert.equal(audit.statusCode, 200, audit.body);
    const entries = audit.json<{ items: Array<{ actor: { id: number } | null; before: unknown; after: unknown }> }>().items;
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.actor?.id, lead.id);
    assert.deepEqual(entries[0]!.before, { unansweredAfterMinutes: 60 });
    assert.deepEqual(entries[0]!.after, { unansweredAfterMinutes: 15 });
    assert.equal((await setAfter(60)).statusCode, 200);
  });

  describe('solving a ticket whose customer waits takes a reason', () => {
    const patch = (id: number, body: unknown, token = nino.token) => t.request('PATCH', `/api/v1/tickets/${id}`, { token, body });
    const history = async (id: number) =>
      (await t.request('GET', `/api/v1/tickets/${id}/history`, { token: t.adminToken })).json<{ items: Array<{ field: string; before: unknown; after: unknown; actorAgentId: number | null }> }>().items;
    const status = async (id: number) => (await t.request('GET', `/api/v1/tickets/${id}`, { token: t.adminToken })).json<{ status: string }>().status;

    test('without a reason an agent cannot solve or close it; with one the reason is in the history', async () => {
      const ticket = await customerTicket('Payout missing', firstLine);
      for (const to of ['solved', 'closed']) {
        const refused = await patch(ticket.id, { status: to });
        assert.equal(refused.statusCode, 409, refused.body);
        const error = refused.json<{ error: { code: string; message: string; details: { customerWaitingSince: string } } }>().error;
        assert.equal(error.code, 'customer_unanswered');
        assert.match(error.message, new RegExp(`#${ticket.number} is waiting for an answer`));
        assert.ok(error.details.customerWaitingSince);
      }
      assert.equal((await patch(ticket.id, { status: 'solved', reason: '  \u202e ' })).statusCode, 409, 'a reason of nothing but spaces and controls is none');
      assert.equal(await status(ticket.id), 'new', 'nothing changed');

      const solved = await patch(ticket.id, { status: 'solved', reason: 'Answered by phone; the payout left today.' });
      assert.equal(solved.statusCode, 200, solved.body);
      assert.equal(solved.json<{ status: string }>().status, 'solved');
      const entries = await history(ticket.id);
      const reason = entries.find((entry) => entry.field === 'unanswered_reason');
      assert.deepEqual(reason, { ...reason, before: null, after: 'Answered by phone; the payout left today.', actorAgentId: nino.id });
      assert.ok(entries.some((entry) => entry.field === 'status' && entry.after === 'solved'));

      // Once solved, closing asks nothing more: the reason was given when work on it ended.
      assert.equal((await patch(ticket.id, { status: 'closed' })).statusCode, 200);
    });

    test('an answered ticket needs no reason, and a reason given anyway is not recorded', async () => {
      const ticket = await customerTicket('Change my plan', firstLine);
      assert.equal((await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: nino.token, body: { body: 'Done: you are on the yearly plan.' } })).statusCode, 201);
      assert.equal((await patch(ticket.id, { status: 'solved', reason: 'Selected with others in bulk.' })).statusCode, 200);
      assert.ok(!(await history(ticket.id)).some((entry) => entry.field === 'unanswered_reason'));
    });

    test('a reason with nothing to solve, or too long, or not text, is refused with a message', async () => {
      const ticket = await customerTicket('Invoice copy', firstLine);
      for (const body of [{ reason: 'Why not' }, { status: 'pending', reason: 'Waiting for the bank.' }]) {
        const response = await patch(ticket.id, body);
        assert.equal(response.statusCode, 422, response.body);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'reason_without_solve');
      }
      for (const reason of ['x'.repeat(501), '', { text: 'Because' }, null]) {
        const response = await patch(ticket.id, { status: 'solved', reason });
        assert.equal(response.statusCode, 400, response.body);
        assert.match(response.json<{ error: { message: string } }>().error.message, /reason/);
      }
      assert.equal(await status(ticket.id), 'new');
    });

    test("the system's own changes are not asked", async () => {
      const ticket = await customerTicket('Old question', firstLine);
      const { db } = t.frontline.ctx;
      const closed = await db.transaction().execute((tx) => updateTicket(tx, ticket.id, { status: 'closed' }, { kind: 'system' }, clock.now()));
      assert.equal(closed.status, 'closed');
      assert.ok(!(await history(ticket.id)).some((entry) => entry.field === 'unanswered_reason'));
    });
  });
});
