// Merging two tickets of one customer through the API: the conversation moves in time order, the
// source is closed and points at the target, both histories and the audit log say so, both
// tickets' watchers hear it live, and every refusal is a 4xx a person understands.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { LiveTestClient } from '../../test/live-client.ts';

interface Detail {
  id: number;
  number: number;
  status: string;
  tags: string[];
  customerId: number;
  mergedIntoId: number | null;
  mergedInto: { id: number; number: number } | null;
  mergedFrom: Array<{ id: number; number: number }>;
  messages: Array<{ id: number; bodyText: string; mergedFromTicketId: number | null; internal: boolean }>;
}

describe('merging two tickets of one customer', () => {
  let t: TestApp;
  let url: string;
  let firstLine: number;
  let secondLine: number;
  let agent: { id: number; token: string };
  let light: { id: number; token: string };
  before(async () => {
    t = await startTestApp();
    const address = await t.frontline.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address.replace('http', 'ws')}/api/v1/live`;
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number; name: string }> }>().items;
    firstLine = teams.find((team) => team.name === 'First line')!.id;
    secondLine = teams.find((team) => team.name === 'Second line')!.id;
    agent = await t.agent({ email: 'merger@example.test', role: 'agent', teamIds: [firstLine] });
    light = await t.agent({ email: 'light-merge@example.test', role: 'light_agent', teamIds: [firstLine] });
  });
  after(() => t.close());

  const open = async (email: string, subject: string, body: string, extra: Record<string, unknown> = {}) => {
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject, customer: { email }, message: { body }, teamId: firstLine, ...extra } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Detail>();
  };
  const say = async (ticketId: number, body: string, token = t.adminToken, internal = false) => {
    const response = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token, body: { body, internal } });
    return response;
  };
  const merge = (sourceId: number, targetId: unknown, token = agent.token) => t.request('POST', `/api/v1/tickets/${sourceId}/merge`, { token, body: { targetId } });
  const detail = async (id: number) => (await t.request('GET', `/api/v1/tickets/${id}`, { token: t.adminToken })).json<Detail>();
  const history = async (id: number) =>
    (await t.request('GET', `/api/v1/tickets/${id}/history`, { token: t.adminToken })).json<{ items: Array<{ field: string; before: unknown; after: unknown; actorAgentId: number | null }> }>().items;

  test('the source conversation joins the target in time order; the source is closed and points at the target; history, audit and live events on both', async () => {
    const source = await open('olga@merge.test', 'Invoice 12 missing', 'I did not get invoice 12.', { tags: ['billing'] });
    const target = await open('olga@merge.test', 'Invoice question', 'Also, where is the invoice?', { tags: ['invoice'] });
    assert.equal((await say(source.id, 'Here is more about invoice 12: it was due on Monday.', t.adminToken)).statusCode, 201);
    assert.equal((await say(target.id, 'Checking it now.', agent.token, true)).statusCode, 201);
    const watcher = await LiveTestClient.connect(url, agent.token);

    const response = await merge(source.id, target.id);
    assert.equal(response.statusCode, 200, response.body);
    const merged = response.json<Detail>();
    assert.equal(merged.id, target.id);
    assert.deepEqual(
      merged.messages.map((message) => [message.bodyText, message.mergedFromTicketId]),
      [
        ['I did not get invoice 12.', source.id],
        ['Also, where is the invoice?', null],
        ['Here is more about invoice 12: it was due on Monday.', source.id],
        ['Checking it now.', null],
      ],
      'one conversation in the order it happened, each moved message saying where it came from',
    );
    assert.deepEqual(merged.tags, ['billing', 'invoice']);
    assert.deepEqual(merged.mergedFrom.map((ref) => ref.number), [source.number]);

    const closed = await detail(source.id);
    assert.equal(closed.status, 'closed');
    assert.equal(closed.mergedIntoId, target.id);
    assert.equal(closed.mergedInto?.number, target.number);
    assert.deepEqual(closed.messages, []);

    const sourceHistory = await history(source.id);
    assert.deepEqual(sourceHistory.find((entry) => entry.field === 'merged_into')?.after, { ticketId: target.id, number: target.number });
    assert.deepEqual(sourceHistory.find((entry) => entry.field === 'status' && entry.after === 'closed')?.before, 'open', 'the public reply had opened it');
    const targetEntry = (await history(target.id)).find((entry) => entry.field === 'merged_from');
    assert.deepEqual(targetEntry?.after, { ticketId: source.id, number: source.number, messages: 2 });
    assert.equal(targetEntry?.actorAgentId, agent.id);

    const audit = await t.request('GET', `/api/v1/admin/audit?action=ticket.merged&subjectType=ticket&subjectId=${target.id}`, { token: t.adminToken });
    assert.equal(audit.statusCode, 200, audit.body);
    const entry = audit.json<{ items: Array<{ actor: { id: number } | null; after: Record<string, unknown> }> }>().items[0];
    assert.ok(entry, 'an audit entry on the target');
    assert.equal(entry.after.sourceNumber, source.number);
    const sourceAudit = await t.request('GET', `/api/v1/admin/audit?action=ticket.merged&subjectType=ticket&subjectId=${source.id}`, { token: t.adminToken });
    assert.equal(sourceAudit.json<{ items: unknown[] }>().items.length, 1, 'and one on the source');

    const onSource = await watcher.waitFor((frame) => frame.event?.type === 'ticket.merged' && frame.event.ticketId === source.id);
    const onTarget = await watcher.waitFor((frame) => frame.event?.type === 'ticket.merged' && frame.event.ticketId === target.id);
    assert.equal(onSource.event?.payload.targetNumber, target.number);
    assert.equal(onTarget.event?.payload.movedMessages, 2);
    watcher.socket.close();

    const found = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent('Monday')}`, { token: t.adminToken });
    assert.ok(found.json<{ items: Array<{ id: number }> }>().items.some((item) => item.id === target.id), "the source's words find the target");

    const replyOnSource = await say(source.id, 'Answering on the old one', agent.token);
    assert.equal(replyOnSource.statusCode, 409);
    assert.equal(replyOnSource.json().error.code, 'ticket_merged');
    assert.equal((await say(source.id, 'A note stays possible', agent.token, true)).statusCode, 201);
  });

  test('the inbox rows of both follow the merge: the target shows the newest words and waits for the unanswered question, the source shows none', async () => {
    type Row = { lastMessagePreview: string; lastMessageAuthor: string | null; customerWaitingSince: string | null };
    const target = await open('nika@merge.test', 'Older question', 'Where is my order?');
    assert.equal((await say(target.id, 'It left the warehouse today.')).statusCode, 201);
    const answered = (await detail(target.id)) as unknown as Row;
    assert.equal(answered.lastMessageAuthor, 'agent');
    assert.equal(answered.customerWaitingSince, null);
    const source = await open('nika@merge.test', 'Newer question', 'And can I change the address?');
    const asked = (await detail(source.id)) as unknown as Row;
    assert.ok(asked.customerWaitingSince);
    assert.equal((await merge(source.id, target.id)).statusCode, 200);
    const merged = (await detail(target.id)) as unknown as Row;
    assert.equal(merged.lastMessagePreview, 'And can I change the address?');
    assert.equal(merged.lastMessageAuthor, 'customer');
    assert.equal(merged.customerWaitingSince, asked.customerWaitingSince);
    const closed = (await detail(source.id)) as unknown as Row;
    assert.equal(closed.lastMessagePreview, '');
    assert.equal(closed.lastMessageAuthor, null);
    assert.equal(closed.customerWaitingSince, null);
  });

  test('a customer message added to a merged ticket lands in its target', async () => {
    const source = await open('petr@merge.test', 'Login fails', 'I cannot log in.');
    const target = await open('petr@merge.test', 'Login problem', 'Still cannot log in.');
    assert.equal((await merge(source.id, target.id)).statusCode, 200);
    const { addMessage } = await import('./verbs.ts');
    const added = await t.frontline.ctx.db.transaction().execute((tx) => addMessage(tx, source.id, { direction: 'inbound', bodyText: 'Any news?' }, { kind: 'customer' }, new Date()));
    assert.equal(added.ticket.id, target.id);
    assert.equal((await detail(target.id)).messages.at(-1)?.bodyText, 'Any news?');
  });

  test('refuses, with a clear 4xx: itself, another customer, a merged or closed target, an already merged source, a missing ticket', async () => {
    const one = await open('anna@merge.test', 'One', 'first');
    const two = await open('anna@merge.test', 'Two', 'second');
    const three = await open('anna@merge.test', 'Three', 'third');
    const other = await open('boris@merge.test', 'Other', 'not Anna');

    const self = await merge(one.id, one.id);
    assert.equal(self.statusCode, 422);
    assert.equal(self.json().error.code, 'merge_into_self');
    const foreign = await merge(one.id, other.id);
    assert.equal(foreign.statusCode, 422);
    assert.equal(foreign.json().error.code, 'different_customers');
    assert.match(foreign.json().error.message, /different customers/);

    assert.equal((await merge(two.id, three.id)).statusCode, 200);
    const intoMerged = await merge(one.id, two.id);
    assert.equal(intoMerged.statusCode, 409);
    assert.equal(intoMerged.json().error.code, 'target_merged');
    const again = await merge(two.id, one.id);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'ticket_merged');

    assert.equal((await t.request('PATCH', `/api/v1/tickets/${one.id}`, { token: t.adminToken, body: { status: 'closed', reason: 'Asked again on another ticket.' } })).statusCode, 200);
    const intoClosed = await merge(three.id, one.id);
    assert.equal(intoClosed.statusCode, 409);
    assert.equal(intoClosed.json().error.code, 'target_closed');

    const missing = await merge(three.id, 99_999_999);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'ticket_not_found');
  });

  test('only who may change both tickets merges them: not a light agent, not an agent who cannot see one of them', async () => {
    const mine = await open('clara@merge.test', 'Mine', 'in my team');
    const theirs = await open('clara@merge.test', 'Theirs', 'in another team', { teamId: secondLine });
    const alsoMine = await open('clara@merge.test', 'Also mine', 'in my team too');

    const byLight = await merge(mine.id, alsoMine.id, light.token);
    assert.equal(byLight.statusCode, 403);
    const intoHidden = await merge(mine.id, theirs.id);
    assert.equal(intoHidden.statusCode, 403);
    assert.match(intoHidden.json().error.message, new RegExp(`#${theirs.number}`));
    assert.equal((await merge(theirs.id, mine.id)).statusCode, 403);
    assert.equal((await t.request('POST', `/api/v1/tickets/${mine.id}/merge`, { body: { targetId: alsoMine.id } })).statusCode, 401);
    assert.equal((await detail(mine.id)).status, 'new', 'nothing changed');

    const supervisor = await t.agent({ email: 'super-merge@example.test', role: 'supervisor' });
    assert.equal((await merge(theirs.id, mine.id, supervisor.token)).statusCode, 200);
  });

  test('bad input answers 400 with a message, never 500', async () => {
    const one = await open('dora@merge.test', 'Bad input', 'x');
    for (const body of [{}, { targetId: 'abc' }, { targetId: -1 }, { targetId: 1.5 }, { targetId: one.id, extra: true }, { targetId: '1e309' }]) {
      const response = await t.request('POST', `/api/v1/tickets/${one.id}/merge`, { token: agent.token, body });
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
      assert.ok(response.json().error.message, 'a message for people');
    }
    const badId = await t.request('POST', '/api/v1/tickets/abc/merge', { token: agent.token, body: { targetId: one.id } });
    assert.equal(badId.statusCode, 400);
    const notJson = await t.request('POST', `/api/v1/tickets/${one.id}/merge`, { token: agent.token, payload: '{"targetId":', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.statusCode, 400);
  });
});
