// The event catalogue holds: a wrong payload does not compile (the @ts-expect-error lines fail
// `tsc -p server` once they stop being errors), and what the server really appends has the
// declared shape at run time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventCatalogue, eventTypes, isEventType, payloadProblems, type DomainEvent, type NewEvent } from '@frontline/shared';
import { misshapenEvents, startTestApp, type TestApp } from '../../test/harness.ts';
import type { EventBus } from './bus.ts';

/** Never called: only the type checker reads these. */
export function refusedByTheTypeChecker(bus: EventBus): NewEvent[] {
  const refused: NewEvent[] = [
    // @ts-expect-error a type outside the catalogue
    { type: 'ticket.exploded', payload: {} },
    // @ts-expect-error a field of the wrong type
    { type: 'message.requeued', ticketId: 1, payload: { messageId: '7', channel: 'email' } },
    // @ts-expect-error a missing field
    { type: 'message.requeued', ticketId: 1, payload: { messageId: 7 } },
    // @ts-expect-error a field the payload does not declare
    { type: 'customer.updated', payload: { customerId: 3, name: 'Nino' } },
    // @ts-expect-error a value outside the field's union
    { type: 'agent.created', payload: { agentId: 1, role: 'owner' } },
    // @ts-expect-error an event about a ticket must name it
    { type: 'message.requeued', payload: { messageId: 7, channel: 'email' } },
    // @ts-expect-error an event about no ticket names none
    { type: 'customer.updated', ticketId: 4, payload: { customerId: 3 } },
    // @ts-expect-error another type's payload
    { type: 'session.ended', payload: { customerId: 3 } },
  ];
  bus.subscribe('mailbox.updated', (event) => {
    const mailboxId: number = event.payload.mailboxId;
    // @ts-expect-error a subscriber of one type sees that type's payload only
    void event.payload.customerId;
    void mailboxId;
  });
  bus.subscribe('*', (event: DomainEvent) => {
    // @ts-expect-error the union has no agentId until narrowed
    void event.payload.agentId;
    if (event.type === 'agent.unlocked') void (event.payload.agentId satisfies number);
    // @ts-expect-error ticket events name their ticket, the others do not
    if (event.type === 'team.created') void (event.ticketId satisfies number);
  });
  return refused;
}

describe('the event catalogue', () => {
  test('an unknown type is no event type', () => {
    assert.equal(isEventType('ticket.exploded'), false);
    assert.equal(isEventType('toString'), false, 'nothing inherited counts');
    assert.equal(isEventType('ticket.created'), true);
  });

  test('the run-time check refuses what the types refuse and takes what they take', () => {
    assert.deepEqual(payloadProblems('message.requeued', { messageId: 7, channel: 'email' }), []);
    assert.deepEqual(payloadProblems('message.sent', { messageId: 7, channel: 'email', externalId: null }), [], 'an optional field may be left out');
    assert.deepEqual(payloadProblems('message.requeued', { messageId: '7', channel: 'email' }), ['message.requeued: messageId is string, expected number']);
    assert.deepEqual(payloadProblems('message.requeued', { messageId: 7 }), ['message.requeued: channel is absent, expected string']);
    assert.deepEqual(payloadProblems('customer.updated', { customerId: 3, name: 'Nino' }), ['customer.updated: name is not a declared field']);
    assert.deepEqual(payloadProblems('message.failed', { messageId: 7, channel: 'email', error: null, bounceItemId: null }), ['message.failed: bounceItemId is null, expected number or absent']);
    assert.deepEqual(payloadProblems('session.ended', []), ['session.ended: the payload is array, not an object']);
    assert.deepEqual(payloadProblems('ticket.exploded', {}), ['ticket.exploded is not in the event catalogue']);
  });

  test('every type names its audience and the fields of its payload', () => {
    for (const type of eventTypes) {
      const { audience, payload } = eventCatalogue[type];
      assert.ok(audience, `${type} has an audience`);
      assert.ok(Object.keys(payload).length > 0, `${type} declares its fields`);
    }
  });

  describe('what the server appends', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp();
    });
    after(async () => {
      await t.close();
    });

    test('a ticket opened, answered, changed, merged, and its customer changed: every event has its declared payload', async () => {
      const open = (subject: string, email: string) =>
        t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject, customer: { email }, message: { body: 'Where is my payout?' } } }).then((r) => r.json<{ id: number; customerId: number }>());
      const first = await open('Payout', 'nino@catalogue.test');
      const second = await open('Payout again', 'nino2@catalogue.test');
      const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number }> }>().items;
      assert.equal((await t.request('POST', `/api/v1/tickets/${first.id}/messages`, { token: t.adminToken, body: { body: 'It is on its way.' } })).statusCode, 201);
      assert.equal((await t.request('POST', `/api/v1/tickets/${first.id}/messages`, { token: t.adminToken, body: { body: 'A note', internal: true } })).statusCode, 201);
      assert.equal((await t.request('PATCH', `/api/v1/tickets/${first.id}`, { token: t.adminToken, body: { priority: 'high', teamId: teams[0]!.id, tags: ['payout'], subject: 'Payout late' } })).statusCode, 200);
      assert.equal((await t.request('PATCH', `/api/v1/customers/${first.customerId}`, { token: t.adminToken, body: { name: 'Nino' } })).statusCode, 200);
      assert.equal((await t.request('POST', `/api/v1/customers/${first.customerId}/merge`, { token: t.adminToken, body: { sourceId: second.customerId } })).statusCode, 200);
      assert.equal((await t.request('POST', `/api/v1/tickets/${second.id}/merge`, { token: t.adminToken, body: { targetId: first.id } })).statusCode, 200);
      const types = new Set((await t.frontline.ctx.db.selectFrom('events').select('type').execute()).map((row) => row.type));
      for (const type of ['ticket.created', 'message.created', 'ticket.updated', 'customer.created', 'customer.updated', 'customer.merged', 'ticket.merged']) assert.ok(types.has(type), `${type} was appended`);
      assert.deepEqual(await misshapenEvents(t.frontline.ctx.db), []);
    });

    test('a payload off its shape is found', async () => {
      // Written around the type checker, as only a bug or a hand-made row could.
      const row = await t.frontline.ctx.db.insertInto('events').values({ type: 'customer.updated', payload: JSON.stringify({ customerId: '3' }) }).returning('id').executeTakeFirstOrThrow();
      const problems = await misshapenEvents(t.frontline.ctx.db);
      assert.deepEqual(problems, [`event ${row.id}: customer.updated: customerId is string, expected number`]);
      // Gone again, or closing the test app would report it too.
      await t.frontline.ctx.db.deleteFrom('events').where('id', '=', row.id).execute();
    });
  });
});
