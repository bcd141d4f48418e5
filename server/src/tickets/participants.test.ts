// A ticket's participants as the tickets feature keeps them: a channel adds them through its verbs
// (a proposal is in the history), and the routes list, accept and remove them with the same shapes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { addParticipants, participantsOf, ticketsKnowing } from './participants.ts';

describe("a ticket's participants", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
  });
  after(() => t.close());

  test('proposed by a stranger, listed with who proposed them and in the history; accepted through the route, then copied and known', async () => {
    const created = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Contract', customer: { email: 'owner@example.ge' }, message: { body: 'Please see the contract.' } } });
    assert.equal(created.statusCode, 201, created.body);
    const ticketId = created.json<{ id: number }>().id;
    const db = t.frontline.ctx.db;
    const people = [{ address: 'lawyer@example.ge', name: 'Lawyer' }];
    const now = new Date();
    assert.deepEqual(await db.transaction().execute((tx) => addParticipants(tx, ticketId, people, now, { state: 'proposed', sender: 'stranger@evil.test' })), [{ email: 'lawyer@example.ge', state: 'proposed' }]);
    assert.deepEqual(await db.transaction().execute((tx) => addParticipants(tx, ticketId, people, now, { state: 'proposed', sender: 'stranger@evil.test' })), [], 'a second proposal changes nothing');
    const history = await db.selectFrom('ticket_history').select(['field', 'after', 'actor_kind']).where('ticket_id', '=', ticketId).where('field', '=', 'participant').execute();
    assert.deepEqual(history, [{ field: 'participant', actor_kind: 'customer', after: { email: 'lawyer@example.ge', state: 'proposed', proposedBy: 'stranger@evil.test' } }]);
    assert.deepEqual(await participantsOf(db, ticketId), [], 'a proposed participant is copied on nothing');
    assert.deepEqual([...(await ticketsKnowing(db, [ticketId], 'Lawyer@Example.ge'))], []);

    const listed = await t.request('GET', `/api/v1/tickets/${ticketId}/participants`, { token: t.adminToken });
    assert.deepEqual(listed.json(), { items: [{ email: 'lawyer@example.ge', name: 'Lawyer', state: 'proposed', proposedBy: 'stranger@evil.test' }] });
    const accepted = await t.request('PATCH', `/api/v1/tickets/${ticketId}/participants/lawyer@example.ge`, { token: t.adminToken, body: { state: 'accepted' } });
    assert.deepEqual(accepted.json(), { email: 'lawyer@example.ge', name: 'Lawyer', state: 'accepted', proposedBy: null });
    assert.deepEqual(await participantsOf(db, ticketId), [{ email: 'lawyer@example.ge', name: 'Lawyer' }]);
    assert.deepEqual([...(await ticketsKnowing(db, [ticketId], 'Lawyer@Example.ge'))], [ticketId]);
    const events = await db.selectFrom('events').select('payload').where('ticket_id', '=', ticketId).where('type', '=', 'ticket.updated').execute();
    assert.deepEqual(events.map((event) => (event.payload as { changes: unknown }).changes), [{ participant: [{ email: 'lawyer@example.ge', state: 'proposed' }, { email: 'lawyer@example.ge', state: 'accepted' }] }]);

    assert.equal((await t.request('DELETE', `/api/v1/tickets/${ticketId}/participants/lawyer@example.ge`, { token: t.adminToken })).statusCode, 204);
    assert.deepEqual((await t.request('GET', `/api/v1/tickets/${ticketId}/participants`, { token: t.adminToken })).json(), { items: [] });
  });
});
