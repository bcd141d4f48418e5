// Schema-driven fuzzing: every route in the OpenAPI document gets shaped and hostile path
// parameters, queries and bodies (JSON and multipart) as admin, agent and nobody. No answer may be
// a 500, and afterwards the database must hold no half-written work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../harness.ts';
import { hostileCursor, hostileString, hostileValue, multipartBody, mutate, pathValue, shaped, toJsonText, type JsonSchema } from './fuzz-inputs.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

interface Operation {
  method: string;
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  queryParams: { name: string; schema: JsonSchema }[];
  body: JsonSchema | undefined;
}

interface FuzzRequest {
  op: Operation;
  who: 'admin' | 'agent' | 'anonymous';
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer | undefined;
}

let app: TestApp;
let agentToken: string;
const errorLines: string[] = [];

before(async () => {
  // Error lines are kept so a 500 can be told apart from the next one.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.includes('"level":50')) errorLines.push(line);
      done();
    },
  });
  app = await startTestApp({ log: pino({ level: 'error' }, sink), env: { LOGIN_RATE_LIMIT: '1000000' } });
  const seeding = performance.now();
  agentToken = (await app.agent({ email: 'agent@example.test', role: 'agent' })).token;
  await seed(app);
  console.log(`fuzz: seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
});
after(() => app.close());

/** A few rows of each kind, so ids 1–8 mostly exist and requests reach the verbs. */
async function seed(app: TestApp): Promise<void> {
  const token = app.adminToken;
  for (let i = 0; i < 4; i++) await app.request('POST', '/api/v1/agents', { token, body: { email: `victim${i}@example.test`, name: `Victim ${i}`, role: 'agent' } });
  for (let i = 0; i < 3; i++) await app.request('POST', '/api/v1/teams', { token, body: { name: `Team ${i}`, agentIds: [2] } });
  await app.request('POST', '/api/v1/organizations', { token, body: { name: 'Acme', domain: 'acme.test' } });
  await app.request('POST', '/api/v1/mailboxes', {
    token,
    body: { address: 'support@acme.test', name: 'Acme', inbound: 'imap', imap: { host: 'imap.acme.test', user: 'u', password: 'imap-secret' }, smtp: { host: 'smtp.acme.test', password: 'smtp-secret' } },
  });
  for (let i = 0; i < 8; i++) {
    const created = await app.request('POST', '/api/v1/tickets', { token, body: { subject: `Seed ${i}`, customer: { email: `c${i}@acme.test` }, message: { body: 'Hello' } } });
    assert.equal(created.statusCode, 201, created.body);
  }
  await app.request('POST', '/api/v1/me/tokens', { token, body: { name: 'seed' } });
}

function operations(document: { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      const parameters = spec.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: spec.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return ops;
}

const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as the bytes some clients send
  }
};

const queryValue = (name: string, schema: JsonSchema) =>
  fc.oneof(
    { arbitrary: shaped(schema), weight: 4 },
    { arbitrary: name === 'cursor' ? hostileCursor : hostileString, weight: 2 },
    { arbitrary: fc.constantFrom('1e309', '-1e309', '1.5', '-0', '1e3', '0x1f', '99999999999999999999', '', '%00', '%ZZ'), weight: 2 },
  );

const rawBodies = fc.constantFrom('{"a":', '\u0000', '{"subject":"a\\u0000b"}', '[' .repeat(5000) + ']'.repeat(5000), '"\\ud800"', 'null', '1e309', '{"__proto__":{"admin":true}}', '\xff\xfe');

function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const params = fc.tuple(...op.pathParams.map(() => pathValue));
  const query = fc.array(
    fc.constantFrom(...(op.queryParams.length ? op.queryParams : [{ name: 'unknown', schema: {} as JsonSchema }])).chain((param) => queryValue(param.name, param.schema).map((value) => [param.name, value] as const)),
    { maxLength: 4 },
  );
  const body: fc.Arbitrary<{ contentType?: string; payload?: string | Buffer }> = op.body
    ? fc.oneof(
        { arbitrary: shaped(op.body).map((value) => ({ contentType: 'application/json', payload: toJsonText(value) })), weight: 3 },
        {
          arbitrary: fc
            .tuple(shaped(op.body), fc.nat(), hostileValue, fc.option(fc.constantFrom('extra', '__proto__', 'constructor', 'role', 'password_hash'), { nil: null }))
            .map(([value, pick, replacement, field]) => ({ contentType: 'application/json', payload: toJsonText(mutate(value, pick, replacement, field)) })),
          weight: 5,
        },
        { arbitrary: hostileValue.map((value) => ({ contentType: 'application/json', payload: toJsonText(value) })), weight: 1 },
        { arbitrary: rawBodies.map((payload) => ({ contentType: 'application/json', payload })), weight: 1 },
        { arbitrary: multipartBody.map(({ contentType, payload }) => ({ contentType, payload })), weight: op.path.endsWith('/messages') ? 4 : 1 },
      )
    : fc.constant({});
  return fc
    .record({ who: fc.constantFrom('admin', 'agent', 'agent', 'anonymous') as fc.Arbitrary<FuzzRequest['who']>, params, query, body, idempotencyKey: fc.option(fc.oneof(fc.constantFrom('k1', 'k2', 'k3'), hostileString), { freq: 4, nil: null }) })
    .map(({ who, params, query, body, idempotencyKey }) => {
      let path = op.path;
      op.pathParams.forEach((param, index) => {
        let value = params[index]!;
        // The fuzz keeps its own two accounts: their passwords, roles and sessions stay as seeded.
        if (op.path.startsWith('/api/v1/agents/') && (value === '1' || value === '2')) value = '3';
        path = path.replace(`{${param.name}}`, value);
      });
      const search = query
        .flatMap(([name, value]) => (Array.isArray(value) ? value.map((item) => [name, item] as const) : [[name, value] as const]))
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `${name}=${typeof value === 'string' && /^%[0-9A-Z]{2}$/.test(value) ? value : encode(String(value))}`)
        .join('&');
      let payload = body.payload;
      if (op.path === '/api/v1/me' && typeof payload === 'string') payload = payload.replace(/"password":/g, '"passwordless":');
      const headers: Record<string, string> = {};
      if (body.contentType) headers['content-type'] = body.contentType;
      if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey.replace(/[\r\n\u0000-\u001f\u0080-\uffff]/g, '?');
      if (op.path === '/api/v1/auth/logout') headers.authorization = 'Bearer fls_not-a-session';
      return { op, who, url: `${path}${search ? `?${search}` : ''}`, headers, payload };
    });
}

test(`no input answers 500 on any route, and nothing is left half-written (seed ${SEED}, ${RUNS} requests)`, { timeout: 600_000 }, async () => {
  const document = (await app.request('GET', '/api/v1/openapi.json')).json();
  const ops = operations(document);
  assert.ok(ops.length >= 30, `the OpenAPI document lists ${ops.length} operations`);
  const generating = performance.now();
  // Signing in spends an argon2 hash on every well-formed attempt; it gets a smaller share of the requests.
  const weighted = ops.map((op) => ({ arbitrary: requestFor(op), weight: op.path === '/api/v1/auth/login' ? 1 : 10 }));
  const requests = fc.sample(fc.oneof(...weighted), { seed: SEED, numRuns: RUNS });
  console.log(`fuzz: seed ${SEED}, ${requests.length} requests over ${ops.length} operations, generated in ${((performance.now() - generating) / 1000).toFixed(1)} s`);

  const failures = new Map<string, { count: number; example: string; error: string | undefined }>();
  const covered = new Set<string>();
  const statuses = new Map<number, number>();
  const timings = new Map<string, number>();
  const started = performance.now();
  for (const request of requests) {
    const token = request.who === 'admin' ? app.adminToken : request.who === 'agent' ? agentToken : undefined;
    const logged = errorLines.length;
    const sent = performance.now();
    const response = await app.frontline.app.inject({
      method: request.op.method as 'GET',
      url: request.url,
      headers: { ...(token && !request.headers.authorization && { authorization: `Bearer ${token}` }), ...request.headers },
      ...(request.payload !== undefined && { payload: request.payload }),
    });
    const opKey = `${request.op.method} ${request.op.path}`;
    timings.set(opKey, (timings.get(opKey) ?? 0) + performance.now() - sent);
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    covered.add(`${request.op.method} ${request.op.path}`);
    const shapedError = response.statusCode < 400 || typeof errorCodeOf(response.body) === 'string';
    if (response.statusCode >= 500 || !shapedError) {
      const key = `${request.op.method} ${request.op.path} → ${response.statusCode}${shapedError ? '' : ' without the error shape'}`;
      const seen = failures.get(key) ?? { count: 0, example: `${request.who} ${request.url.slice(0, 200)} ${String(request.payload ?? '').slice(0, 200)}`, error: (errorLines[logged] ?? response.body).slice(0, 300) };
      seen.count++;
      failures.set(key, seen);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz: ${requests.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${covered.size}/${ops.length} operations reached`);
  console.log(`fuzz: slowest ${JSON.stringify([...timings].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([key, ms]) => `${key} ${Math.round(ms)} ms`))}`);
  for (const [key, failure] of failures) console.log(`fuzz 5xx: ${key} ×${failure.count}\n  e.g. ${failure.example}\n  log ${failure.error}`);
  assert.equal(covered.size, ops.length, 'every operation was requested');
  assert.deepEqual([...failures.keys()], [], 'every request answered below 500, errors in the API\'s shape');
  const checking = performance.now();
  assert.equal(await brokenRows(app), '', 'the database holds no half-written work');
  console.log(`fuzz: database checked in ${((performance.now() - checking) / 1000).toFixed(1)} s`);
});

/** Rows that only a half-done write leaves behind, described; empty when the database is whole. */
async function brokenRows(app: TestApp): Promise<string> {
  const checks: Record<string, string> = {
    // A merged ticket's messages live in its target; it must be closed and point at a live ticket.
    'tickets without a message': 'SELECT count(*)::int AS n FROM tickets t WHERE t.merged_into_id IS NULL AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id)',
    'merged tickets half-merged': "SELECT count(*)::int AS n FROM tickets t JOIN tickets target ON target.id = t.merged_into_id WHERE t.status <> 'closed' OR target.merged_into_id IS NOT NULL OR target.customer_id <> t.customer_id OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND NOT m.internal)",
    'tickets without their created event': "SELECT count(*)::int AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket.created')",
    'messages without their created event': "SELECT count(*)::int AS n FROM messages m WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = m.ticket_id AND e.type IN ('message.created', 'ticket.created'))",
    'attachments on another ticket than their message': 'SELECT count(*)::int AS n FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id <> a.ticket_id',
    'attachments whose bytes are missing': 'SELECT count(*)::int AS n FROM attachments a WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.key = a.blob_key)',
    'participants of no ticket': 'SELECT count(*)::int AS n FROM ticket_participants p WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = p.ticket_id)',
    'idempotency keys without their answer': 'SELECT count(*)::int AS n FROM idempotency_keys WHERE status_code IS NULL OR response IS NULL',
    'idempotent ticket answers naming no ticket': "SELECT count(*)::int AS n FROM idempotency_keys k WHERE k.route = 'POST /api/v1/tickets' AND k.status_code = 201 AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = (k.response->>'id')::bigint)",
  };
  const broken: string[] = [];
  for (const [what, query] of Object.entries(checks)) {
    const { rows } = await sql.raw<{ n: number }>(query).execute(app.frontline.ctx.db);
    if (rows[0]!.n > 0) broken.push(`${rows[0]!.n} ${what}`);
  }
  return broken.join('; ');
}

function errorCodeOf(body: string): unknown {
  try {
    return (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
  } catch {
    return undefined;
  }
}
