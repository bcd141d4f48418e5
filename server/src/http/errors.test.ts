import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

describe('bad input gets a clear error', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { MAX_BODY_BYTES: '20000' } });
  });
  after(() => t.close());

  const valid = { subject: 'Hello', customer: { email: 'bad-input@example.test' }, message: { body: 'text' } };

  const expectError = (response: { statusCode: number; json(): { error: { code: string; message: string } } }, status: number, code: string) => {
    assert.equal(response.statusCode, status, JSON.stringify(response.json()));
    assert.equal(response.json().error.code, code);
    assert.ok(response.json().error.message.length > 10, 'the message explains the problem');
  };

  test('an unknown field answers 400 naming the field', async () => {
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { ...valid, colour: 'red' } });
    expectError(response, 400, 'invalid_request');
    assert.match(response.json().error.message, /unknown field "colour"/);
  });

  test('a wrong type answers 400 saying where', async () => {
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { ...valid, priority: 5 } });
    expectError(response, 400, 'invalid_request');
    assert.match(response.json().error.message, /priority/);
    const email = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { ...valid, customer: { email: 'not an email' } } });
    expectError(email, 400, 'invalid_request');
    assert.match(email.json().error.message, /email/);
  });

  test('a missing field answers 400', async () => {
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { customer: valid.customer, message: valid.message } });
    expectError(response, 400, 'invalid_request');
    assert.match(response.json().error.message, /missing the field "subject"/);
  });

  test('an oversized body answers 413', async () => {
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { ...valid, message: { body: 'x'.repeat(30_000) } } });
    expectError(response, 413, 'payload_too_large');
  });

  test('malformed JSON answers 400 and non-UTF-8 bytes answer 400', async () => {
    const broken = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, payload: '{"subject": ', headers: { 'content-type': 'application/json' } });
    expectError(broken, 400, 'invalid_json');
    const latin1 = Buffer.concat([Buffer.from('{"subject":"caf'), Buffer.from([0xe9]), Buffer.from('","customer":{"email":"a@b.test"},"message":{"body":"x"}}')]);
    const response = await t.request('POST', '/api/v1/tickets', { token: t.adminToken, payload: latin1, headers: { 'content-type': 'application/json' } });
    expectError(response, 400, 'invalid_encoding');
  });

  test('a malformed cursor answers 400', async () => {
    for (const cursor of ['garbage', Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      expectError(await t.request('GET', `/api/v1/tickets?cursor=${cursor}`, { token: t.adminToken }), 400, 'invalid_cursor');
    }
  });

  test('an invalid status or view in a query answers 400', async () => {
    expectError(await t.request('GET', '/api/v1/tickets?view=everything', { token: t.adminToken }), 400, 'invalid_request');
    expectError(await t.request('GET', '/api/v1/tickets?status=open,lost', { token: t.adminToken }), 400, 'invalid_request');
    expectError(await t.request('GET', '/api/v1/tickets?limit=5000', { token: t.adminToken }), 400, 'invalid_request');
  });

  test('unknown ticket and unknown route answer 404', async () => {
    expectError(await t.request('GET', '/api/v1/tickets/999999', { token: t.adminToken }), 404, 'ticket_not_found');
    expectError(await t.request('GET', '/api/v1/nothing-here', { token: t.adminToken }), 404, 'route_not_found');
    expectError(await t.request('GET', '/api/v1/tickets/abc', { token: t.adminToken }), 400, 'invalid_request');
    // A reply's ticket is read (and locked) inside its transaction: missing is still a 404, a bad id a 400.
    expectError(await t.request('POST', '/api/v1/tickets/999999/messages', { token: t.adminToken, body: { body: 'hello' } }), 404, 'ticket_not_found');
    expectError(await t.request('POST', '/api/v1/tickets/999999/messages', { token: t.adminToken, body: { body: 'hello' }, headers: { 'idempotency-key': 'reply-to-nothing' } }), 404, 'ticket_not_found');
  });

  test('a reference to a missing team or agent answers 422', async () => {
    expectError(await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { ...valid, teamId: 9999 } }), 422, 'team_not_found');
    expectError(await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { ...valid, assigneeId: 9999 } }), 422, 'agent_not_found');
  });

  test('an empty change and an empty message answer with clear errors', async () => {
    const ticket = (await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: valid })).json<{ id: number }>();
    expectError(await t.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.adminToken, body: {} }), 400, 'invalid_request');
    expectError(await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { internal: true } }), 422, 'empty_message');
    expectError(await t.request('POST', `/api/v1/tickets/${ticket.id}/messages`, { token: t.adminToken, body: { body: 'x', extra: 1 } }), 400, 'invalid_request');
  });

  test('a duplicate agent email answers 409', async () => {
    const body = { email: 'twice@example.test', name: 'Twice', role: 'agent' };
    assert.equal((await t.request('POST', '/api/v1/agents', { token: t.adminToken, body })).statusCode, 201);
    expectError(await t.request('POST', '/api/v1/agents', { token: t.adminToken, body: { ...body, email: 'TWICE@example.test' } }), 409, 'agent_exists');
  });

  test('the OpenAPI document describes the routes from the same schemas', async () => {
    const response = await t.request('GET', '/api/v1/openapi.json');
    assert.equal(response.statusCode, 200);
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; additionalProperties?: boolean } }> } }>> }>();
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/api/v1/tickets', '/api/v1/tickets/{id}', '/api/v1/tickets/{id}/messages', '/api/v1/customers/{id}/merge', '/api/v1/auth/login', '/api/v1/me']) {
      assert.ok(doc.paths[path], `documents ${path}`);
    }
    const create = doc.paths['/api/v1/tickets']!.post!.requestBody!.content['application/json']!.schema;
    assert.deepEqual(create.required?.sort(), ['customer', 'message', 'subject']);
    assert.equal(create.additionalProperties, false);
  });

  test('health and readiness answer', async () => {
    assert.equal((await t.request('GET', '/healthz')).statusCode, 200);
    const ready = await t.request('GET', '/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().ok, true);
  });
});
