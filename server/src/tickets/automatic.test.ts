import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql, type KyselyPlugin } from 'kysely';
import { suiteDatabase } from '../../test/harness.ts';
import { findOrCreateCustomers } from '../customers/verbs.ts';
import { addAutomaticMessages, addInboundMessages, addMessage, createTicket, createTickets, lockTickets, updateTicket } from './verbs.ts';

describe('automatic messages on many tickets at once', () => {
  const fresh = suiteDatabase();

  test('as addMessage stores an automatic one on each open ticket, in a fixed number of statements; closed and merged tickets take none', async () => {
    const { db } = fresh.database;
    const opened = new Date('2026-11-30T10:00:00Z');
    const later = new Date('2026-11-30T10:05:00Z');
    const customers = await findOrCreateCustomers(db, ['nino@example.test', 'pyotr@example.test', 'anna@example.test', 'giorgi@example.test'].map((value) => ({ kind: 'email' as const, value })), opened);
    const tickets = [];
    for (const [index, customer] of customers.entries()) {
      const { ticket } = await db.transaction().execute((tx) =>
        createTicket(tx, { subject: `Payout ${index}`, customerId: customer.id, channel: 'email', message: { direction: 'inbound', bodyText: 'Where is my payout?' } }, { kind: 'customer', customerId: customer.id }, opened),
      );
      tickets.push(ticket);
    }
    const [a, b, closed, merged] = tickets as [(typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0]];
    for (const status of ['solved', 'closed'] as const) await db.transaction().execute((tx) => updateTicket(tx, closed.id, { status }, { kind: 'system' }, opened));
    await sql`UPDATE tickets SET merged_into_id = ${a.id} WHERE id = ${merged.id}`.execute(db);
    const eventsBefore = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM events WHERE type = 'message.created'`.execute(db)).rows[0]!.n);

    const input = (word: string) => ({ direction: 'outbound' as const, bodyText: `We received your request (${word}).`, channel: 'email', automatic: true });
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements += 1;
        return args.result;
      },
    };
    const added = await db.withPlugin(counting).transaction().execute((tx) =>
      addAutomaticMessages(tx, [a, b, closed, merged].map((ticket, index) => ({ ticketId: ticket.id, input: input(['alfa', 'bravo', 'charlie', 'delta'][index]!) })), { kind: 'system' }, later),
    );
    assert.deepEqual(added.map((entry) => entry.ticket.id), [a.id, b.id], 'the closed and the merged ticket take none');
    // Lock, messages, tickets, events: four, where one addMessage per ticket took four each.
    assert.equal(statements, 4);
    for (const entry of added) {
      assert.equal(entry.ticket.status, 'new', 'no status change');
      assert.equal(entry.ticket.updated_at.toISOString(), later.toISOString());
      assert.equal(entry.ticket.last_message_preview, 'Where is my payout?', 'the preview stays the person’s');
      assert.equal(entry.ticket.first_response_at, null, 'no response time');
      assert.equal(entry.message.ticket_id, entry.ticket.id);
      assert.equal(entry.message.delivery_status, 'queued');
    }
    const events = await sql<{ ticket_id: number; payload: { automatic?: boolean; messageId: number } }>`SELECT ticket_id, payload FROM events WHERE type = 'message.created' ORDER BY id`.execute(db);
    assert.equal(events.rows.length, eventsBefore + 2);
    assert.deepEqual(events.rows.slice(-2).map((row) => [row.ticket_id, row.payload.messageId, row.payload.automatic]), added.map((entry) => [entry.ticket.id, entry.message.id, true]));
    const found = async (word: string) =>
      (await sql<{ id: number }>`SELECT id FROM tickets WHERE search_vector @@ plainto_tsquery('simple', ${word}) ORDER BY id`.execute(db)).rows.map((row) => row.id);
    assert.deepEqual(await found('bravo'), [b.id], "each ticket's own message's words");
    assert.deepEqual(await found('charlie'), []);
    assert.deepEqual(await found('payout'), [a.id, b.id, closed.id, merged.id], 'the earlier words stay');

    // The same as one addMessage call makes of it.
    const single = await db.transaction().execute((tx) => addMessage(tx, b.id, input('echo'), { kind: 'system' }, later));
    assert.equal(single.ticket.status, added[1]!.ticket.status);
    assert.equal(single.ticket.last_message_preview, added[1]!.ticket.last_message_preview);
    await assert.rejects(
      db.transaction().execute((tx) => addAutomaticMessages(tx, [{ ticketId: a.id, input: input('x') }, { ticketId: a.id, input: input('y') }], { kind: 'system' }, later)),
      /one message per ticket/,
    );
  });

  test("tickets opened together each get their own history's first entry, naming who opened it, in the same statement", async () => {
    const { db } = fresh.database;
    const now = new Date('2026-11-30T11:00:00Z');
    const [customer] = await findOrCreateCustomers(db, [{ kind: 'email', value: 'history@example.test' }], now);
    const agentId = (await sql<{ id: number }>`INSERT INTO agents (email, name, alias, role) VALUES ('mariam@example.test', 'Mariam', 'Mariam', 'agent') RETURNING id`.execute(db)).rows[0]!.id;
    const opened = await db.transaction().execute((tx) =>
      createTickets(
        tx,
        [
          { input: { subject: 'By mail', customerId: customer!.id, channel: 'email', message: { direction: 'inbound', bodyText: 'one' } }, actor: { kind: 'customer', customerId: customer!.id } },
          { input: { subject: 'By phone', customerId: customer!.id, channel: 'phone', message: { direction: 'outbound', internal: true, bodyText: 'two' } }, actor: { kind: 'agent', agentId } },
          { input: { subject: 'By the system', customerId: customer!.id, channel: 'api', message: { direction: 'inbound', bodyText: 'three' } }, actor: { kind: 'system' } },
        ],
        now,
      ),
    );
    const history = await db.selectFrom('ticket_history').select(['ticket_id', 'actor_kind', 'actor_agent_id', 'field', 'before', 'after']).where('ticket_id', 'in', opened.map((entry) => entry.ticket.id)).orderBy('id').execute();
    assert.deepEqual(
      history,
      [
        { ticket_id: opened[0]!.ticket.id, actor_kind: 'customer', actor_agent_id: null, field: 'created', before: null, after: { status: 'new', channel: 'email' } },
        { ticket_id: opened[1]!.ticket.id, actor_kind: 'agent', actor_agent_id: agentId, field: 'created', before: null, after: { status: 'new', channel: 'phone' } },
        { ticket_id: opened[2]!.ticket.id, actor_kind: 'system', actor_agent_id: null, field: 'created', before: null, after: { status: 'new', channel: 'api' } },
      ],
    );
  });

  test("customers' replies on many tickets make what addMessage makes of each, in a fixed number of statements", async () => {
    const { db } = fresh.database;
    const opened = new Date('2026-12-01T09:00:00Z');
    const later = new Date('2026-12-01T09:30:00Z');
    const customers = await findOrCreateCustomers(db, ['r1@example.test', 'r2@example.test', 'r3@example.test'].map((value) => ({ kind: 'email' as const, value })), opened);
    // Twins: each batch ticket has one handled by addMessage alone. New; pending (waiting on the customer); open with the customer already waiting.
    const make = async (customerId: number, index: number, twin: string) =>
      (await db.transaction().execute((tx) => createTicket(tx, { subject: `Reply ${index} ${twin}`, customerId, channel: 'chat', message: { direction: 'inbound', bodyText: 'First question' } }, { kind: 'customer', customerId }, opened))).ticket;
    const pairs: Array<readonly [Awaited<ReturnType<typeof make>>, Awaited<ReturnType<typeof make>>]> = [];
    for (const [index, customer] of customers.entries()) pairs.push([await make(customer.id, index, 'batch'), await make(customer.id, index, 'alone')] as const);
    for (const ticket of pairs[1]!) await db.transaction().execute((tx) => updateTicket(tx, ticket.id, { status: 'pending' }, { kind: 'system' }, opened));
    for (const ticket of pairs[2]!) await db.transaction().execute((tx) => updateTicket(tx, ticket.id, { status: 'open' }, { kind: 'system' }, opened));
    const input = (index: number) => ({ direction: 'inbound' as const, bodyText: `Any news? (${['kilo', 'lima', 'mike'][index]})`, channel: 'chat' });
    const actor = (index: number) => ({ kind: 'customer' as const, customerId: customers[index]!.id });

    let statements = 0;
    const counting: KyselyPlugin = { transformQuery: (args) => args.node, transformResult: async (args) => ((statements += 1), args.result) };
    const added = await db.withPlugin(counting).transaction().execute(async (tx) => {
      const locked = await lockTickets(tx, pairs.map(([batch]) => batch.id));
      statements = 0;
      return addInboundMessages(tx, pairs.map(([batch], index) => ({ ticket: locked.get(batch.id)!, input: input(index), actor: actor(index) })), later);
    });
    // Messages, tickets (new stays new and waiting is new; pending → open; open with a wait), the one status change's history, events.
    assert.equal(statements, 6);
    const alone = [];
    for (const [index, [, twin]] of pairs.entries()) alone.push(await db.transaction().execute((tx) => addMessage(tx, twin.id, input(index), actor(index), later)));

    const view = (ticket: (typeof added)[number]['ticket']) => ({
      status: ticket.status,
      preview: ticket.last_message_preview,
      author: ticket.last_message_author,
      lastCustomer: ticket.last_customer_message_at?.toISOString(),
      waiting: ticket.customer_waiting_since?.toISOString(),
      updated: ticket.updated_at.toISOString(),
      solved: ticket.solved_at?.toISOString() ?? null,
    });
    assert.deepEqual(added.map((entry) => view(entry.ticket)), alone.map((entry) => view(entry.ticket)));
    assert.deepEqual(added.map((entry) => entry.ticket.status), ['new', 'open', 'open']);
    const history = async (id: number) => (await db.selectFrom('ticket_history').select(['field', 'before', 'after', 'actor_kind']).where('ticket_id', '=', id).where('created_at', '=', later).execute());
    const events = async (id: number) => (await db.selectFrom('events').select('type').where('ticket_id', '=', id).where('created_at', '>=', later).orderBy('id').execute()).map((row) => row.type);
    for (const [index, [batch, twin]] of pairs.entries()) {
      assert.deepEqual(await history(batch.id), await history(twin.id), `history of pair ${index}`);
      assert.deepEqual(await events(batch.id), await events(twin.id), `events of pair ${index}`);
    }
    const found = (await sql<{ id: number }>`SELECT id FROM tickets WHERE search_vector @@ plainto_tsquery('simple', 'lima') ORDER BY id`.execute(db)).rows.map((row) => row.id);
    assert.deepEqual(found, [pairs[1]![0].id, pairs[1]![1].id], "each ticket's new words are searchable");
    await assert.rejects(
      db.transaction().execute(async (tx) => addInboundMessages(tx, [0, 0].map(() => ({ ticket: added[0]!.ticket, input: input(0), actor: actor(0) })), later)),
      /one message per ticket/,
    );
  });
});
