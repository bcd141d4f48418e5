import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

interface Found {
  tickets: Array<{ id: number; number: number; subject: string; customer: { id: number; email: string | null } }>;
  customers: Array<{ id: number; name: string; email: string | null; phone: string | null; organization: string | null }>;
}

describe('search by what agents type', () => {
  let t: TestApp;
  let firstLine: number;
  let secondLine: number;
  const tickets: Record<string, { id: number; number: number; customerId: number }> = {};
  let nino: { id: number; token: string };

  const create = async (key: string, body: Record<string, unknown>) => {
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body });
    assert.equal(response.statusCode, 201, response.body);
    const ticket = response.json<{ id: number; number: number; customer: { id: number } }>();
    tickets[key] = { id: ticket.id, number: ticket.number, customerId: ticket.customer.id };
  };
  const search = (q: string, token = t.adminToken, extra = '') => t.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, { token });
  const found = async (q: string, token = t.adminToken) => {
    const response = await search(q, token);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Found>();
  };
  const listed = async (q: string, token = t.adminToken, extra = '') => {
    const response = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}${extra}`, { token });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Array<{ id: number; number: number }>; nextCursor: string | null }>();
  };

  before(async () => {
    t = await startTestApp();
    const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number; name: string }> }>().items;
    firstLine = teams.find((team) => team.name === 'First line')!.id;
    secondLine = teams.find((team) => team.name === 'Second line')!.id;
    const org = await t.request('POST', '/api/v1/organizations', { token: t.adminToken, body: { name: 'Rustavi Logistics', domain: 'rustavi-logistics.test' } });
    assert.equal(org.statusCode, 201, org.body);
    const phoned = await t.request('POST', '/api/v1/customers', {
      token: t.adminToken,
      body: { name: 'Giorgi Beridze', identities: [{ kind: 'phone', value: '+995 555 12-34-56' }, { kind: 'email', value: 'giorgi@mail.test' }] },
    });
    assert.equal(phoned.statusCode, 201, phoned.body);
    await create('anna', { subject: 'Invoice is wrong', customer: { email: 'anna.kowalska@example.test', name: 'Anna Kowalska' }, message: { body: 'The invoice shows the wrong amount.' }, teamId: firstLine });
    await create('anna2', { subject: 'Second question', customer: { email: 'anna.kowalska@example.test' }, message: { body: 'And the delivery address too.' }, teamId: firstLine });
    await create('pyotr', { subject: 'Выплата не пришла', customer: { email: 'pyotr@example.test', name: 'Пётр Иванов' }, message: { body: 'Где выплата за октябрь? Anna сказала, что всё отправлено.' }, teamId: firstLine });
    await create('giorgi', { subject: 'Call me back', customer: { id: phoned.json<{ id: number }>().id }, message: { body: 'Please call.' }, channel: 'phone', teamId: firstLine });
    await create('rustavi', { subject: 'Pallets delayed', customer: { email: 'dispatch@rustavi-logistics.test', name: 'Dispatch' }, message: { body: 'Our pallets are late.' }, teamId: firstLine });
    await create('secret', { subject: 'Second line only', customer: { email: 'hidden.person@example.test', name: 'Hidden Person' }, message: { body: 'Escalated matter' }, teamId: secondLine });
    await create('special', { subject: 'Discount 100%_off\\now', customer: { email: 'percent@example.test', name: 'Per_Cent' }, message: { body: 'Odd characters' }, teamId: firstLine });
    nino = await t.agent({ email: 'nino@example.test', role: 'agent', teamIds: [firstLine] });
  });
  after(() => t.close());

  test('a ticket number, with or without #, puts that ticket first', async () => {
    for (const q of [String(tickets.pyotr!.number), `#${tickets.pyotr!.number}`]) {
      const result = await found(q);
      assert.equal(result.tickets[0]?.id, tickets.pyotr!.id, q);
      assert.equal((await listed(q)).items[0]?.id, tickets.pyotr!.id, `the list: ${q}`);
    }
  });

  test('GET /tickets/by-number/:number opens the ticket agents call #number', async () => {
    const response = await t.request('GET', `/api/v1/tickets/by-number/${tickets.anna!.number}`, { token: nino.token });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<{ id: number }>().id, tickets.anna!.id);
    const missing = await t.request('GET', '/api/v1/tickets/by-number/999999', { token: nino.token });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<{ error: { code: string } }>().error.code, 'ticket_not_found');
    assert.equal((await t.request('GET', `/api/v1/tickets/by-number/${tickets.secret!.number}`, { token: nino.token })).statusCode, 403, "another team's ticket");
    for (const bad of ['abc', '0', '-1', '1e309', '99999999999999999999']) {
      const response = await t.request('GET', `/api/v1/tickets/by-number/${bad}`, { token: nino.token });
      assert.equal(response.statusCode, 400, `${bad}: ${response.body}`);
    }
    assert.equal((await t.request('GET', `/api/v1/tickets/by-number/${tickets.anna!.number}`)).statusCode, 401);
  });

  test('an email, whole or in part, finds the customer and lists their tickets', async () => {
    for (const q of ['anna.kowalska@example.test', 'ANNA.KOWALSKA', 'kowalska@']) {
      const result = await found(q);
      assert.equal(result.customers[0]?.email, 'anna.kowalska@example.test', q);
      assert.deepEqual(new Set(result.tickets.map((ticket) => ticket.id)), new Set([tickets.anna!.id, tickets.anna2!.id]), q);
    }
    const items = (await listed('kowalska')).items.map((ticket) => ticket.id);
    assert.deepEqual(new Set(items), new Set([tickets.anna!.id, tickets.anna2!.id]), 'the inbox search finds both by the email');
  });

  test('a name finds the customer, in any script, and words still find messages', async () => {
    const anna = await found('Anna');
    assert.equal(anna.customers[0]?.name, 'Anna Kowalska');
    const ids = anna.tickets.map((ticket) => ticket.id);
    assert.ok(ids.includes(tickets.anna!.id) && ids.includes(tickets.anna2!.id), "the customer's tickets");
    assert.ok(ids.includes(tickets.pyotr!.id), 'a message that names Anna');
    const pyotr = await found('иванов');
    assert.equal(pyotr.customers[0]?.name, 'Пётр Иванов');
    assert.equal(pyotr.tickets[0]?.id, tickets.pyotr!.id);
    assert.deepEqual((await found('выплату')).tickets.map((ticket) => ticket.id), [tickets.pyotr!.id], 'full text by stem, as before');
  });

  test('a phone number is matched by its digits however it is written', async () => {
    for (const q of ['+995 555 12-34-56', '995555123456', '(555) 123-456', '555 12 34 56']) {
      const result = await found(q);
      assert.equal(result.customers[0]?.name, 'Giorgi Beridze', q);
      assert.equal(result.customers[0]?.phone, '+995555123456');
      assert.equal(result.tickets[0]?.id, tickets.giorgi!.id, q);
    }
  });

  test("an organization's name lists its tickets", async () => {
    const result = await found('rustavi log');
    assert.deepEqual(result.tickets.map((ticket) => ticket.id), [tickets.rustavi!.id]);
    assert.equal(result.customers[0]?.email, 'dispatch@rustavi-logistics.test', 'the email holds the domain');
    assert.equal(result.customers[0]?.organization, 'Rustavi Logistics');
  });

  test("an agent finds neither another team's tickets nor its customers; a light agent and an API token are scoped alike", async () => {
    const admin = await found('hidden');
    assert.deepEqual(admin.tickets.map((ticket) => ticket.id), [tickets.secret!.id]);
    assert.equal(admin.customers[0]?.name, 'Hidden Person');
    const light = await t.agent({ email: 'light@example.test', role: 'light_agent', teamIds: [firstLine] });
    const created = await t.request('POST', '/api/v1/me/tokens', { token: nino.token, body: { name: 'script' } });
    assert.equal(created.statusCode, 201, created.body);
    const apiToken = created.json<{ token: string }>().token;
    for (const token of [nino.token, light.token, apiToken]) {
      for (const q of ['hidden', 'Hidden Person', 'hidden.person@example.test', String(tickets.secret!.number), 'Escalated']) {
        const result = await found(q, token);
        assert.deepEqual(result.tickets, [], q);
        assert.deepEqual(result.customers, [], q);
        assert.deepEqual((await listed(q, token)).items, [], `the list: ${q}`);
      }
      assert.equal((await found(String(tickets.anna!.number), token)).tickets[0]?.id, tickets.anna!.id, 'their own teams still are found');
    }
  });

  test('the numbered ticket comes first once, and pages after it do not repeat it', async () => {
    // "1000" is both a number and text: the ticket #1000 first, then the others, none twice.
    const first = tickets.anna!.number;
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listed(String(first), t.adminToken, `&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((ticket) => ticket.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    assert.equal(seen[0], tickets.anna!.id);
    assert.equal(new Set(seen).size, seen.length, 'no ticket twice');
  });

  test('LIKE wildcards and backslashes are taken literally', async () => {
    assert.deepEqual((await found('%')).customers, [], '% alone matches no one');
    assert.deepEqual((await found('___')).customers, [], 'underscores are not wildcards');
    assert.equal((await found('per_cent')).customers[0]?.name, 'Per_Cent');
    assert.deepEqual((await found('\\\\\\')).customers, []);
    assert.equal((await found('100%_off')).tickets[0]?.id, tickets.special!.id);
    assert.deepEqual(await found('   '), { tickets: [], customers: [] }, 'blank text finds nothing');
  });

  test("a message's words find its ticket as soon as it is stored: the first one's, a reply's (stemmed in its language) and a note's", async () => {
    const ids = async (q: string) => (await listed(q)).items.map((ticket) => ticket.id);
    assert.deepEqual(await ids('amount'), [tickets.anna!.id], "the first message's words");
    assert.deepEqual(await ids('зеленоградский'), [], 'nobody wrote it yet');
    const reply = await t.request('POST', `/api/v1/tickets/${tickets.pyotr!.id}/messages`, { token: t.adminToken, body: { body: 'Перевод ушёл в зеленоградский филиал банка.' } });
    assert.equal(reply.statusCode, 201, reply.body);
    assert.deepEqual(await ids('зеленоградский'), [tickets.pyotr!.id], "a reply's words");
    assert.deepEqual(await ids('филиалы'), [tickets.pyotr!.id], 'stemmed as Russian: another form of the word');
    assert.deepEqual(await ids('выплата'), [tickets.pyotr!.id], "the subject's and first message's words stay");
    const note = await t.request('POST', `/api/v1/tickets/${tickets.rustavi!.id}/messages`, { token: t.adminToken, body: { body: 'Called the warehouse in Poti.', internal: true } });
    assert.equal(note.statusCode, 201, note.body);
    assert.deepEqual(await ids('warehouse'), [tickets.rustavi!.id], "an internal note's words (agents search)");
  });

  test('bad input answers 400 with a message, never 500', async () => {
    const cases = ['', `?q=${'x'.repeat(201)}`, '?q=a&limit=0', '?q=a&limit=21', '?q=a&limit=abc', '?q=a&other=1', '?q=%00'];
    for (const query of cases) {
      const response = await t.request('GET', `/api/v1/search${query}`, { token: t.adminToken });
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.ok(response.json<{ error: { message: string } }>().error.message.length > 0);
    }
    assert.equal((await t.request('GET', '/api/v1/search?q=anna')).statusCode, 401);
    const long = await found('ა'.repeat(200));
    assert.deepEqual(long, { tickets: [], customers: [] });
    assert.equal((await search('anna', t.adminToken, '&limit=1')).json<Found>().customers.length, 1);
  });
});
