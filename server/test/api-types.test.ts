// The web app's API types are generated from this server's schemas and checked in; this test is
// what keeps them from drifting (CI runs it with the rest of `npm test`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { COMMAND, GENERATED_FILE, GENERATED_PATH, renderApiTypes } from '../scripts/api-types.ts';
import { startTestApp, type TestApp } from './harness.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let t: TestApp;
let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
before(async () => {
  t = await startTestApp({ withoutAdmin: true });
  document = (await t.request('GET', '/api/v1/openapi.json')).json();
});
after(() => t.close());

/** The first line where two texts part, for a message a person can act on. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: expected ${JSON.stringify(a[at] ?? '(end of file)')}, found ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

test('the checked-in app/src/api/generated.ts is what the server schemas generate', async () => {
  const fresh = await renderApiTypes(document);
  const checkedIn = await fs.readFile(GENERATED_FILE, 'utf8').catch(() => '');
  assert.ok(
    checkedIn === fresh,
    `${GENERATED_PATH} is out of date with the server's schemas (${firstDifference(fresh, checkedIn)}). Run \`${COMMAND}\` at the repository root and commit the result.`,
  );
});

test('the shapes the web app reads are named components of the OpenAPI document', () => {
  for (const name of ['Agent', 'Me', 'TicketListItem', 'TicketDetail', 'Message', 'Customer', 'CustomerDetail', 'Mailbox', 'InboundItem', 'FailedDelivery', 'AuditEntry', 'SearchResult']) {
    assert.ok(document.components.schemas[name], `components.schemas.${name}`);
  }
  const ticket = document.paths['/api/v1/tickets/{id}']!.get!.responses!['200']!.content!['application/json']!.schema;
  assert.deepEqual(ticket, { $ref: '#/components/schemas/TicketDetail' });
});

test('every documented operation says what it answers on success', () => {
  const missing: string[] = [];
  for (const [url, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      // 204 answers nothing; every other success has a body whose schema types (and serializes) it.
      const described = success.length > 0 && success.every(([status, response]) => status === '204' || Object.values(response.content ?? {}).some((media) => media.schema !== undefined));
      if (!described) missing.push(`${method.toUpperCase()} ${url}`);
    }
  }
  assert.deepEqual(missing, []);
});
