// No secret reaches the log: every route that takes one is made to fail for real in the database
// (a trigger raising an exception that quotes the whole row), and the captured log is searched for
// the secrets, their hashes and their sealed forms.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { ADMIN, startTestApp, type TestApp } from '../harness.ts';
import { createLogger, serializeError } from '../../src/logger.ts';
import { describeError } from '../../src/jobs/runner.ts';

let t: TestApp;
let lines: string[] = [];
let agentToken: string;
let adminHash: string;

/** Everything that looks like a secret this server makes: argon2 hashes, tokens, SHA-256 hex, sealed values. */
const SECRET_SHAPES = [/\$argon2/, /\b(?:fls|flt|flp|csrf)_[A-Za-z0-9_-]{10,}/, /\b[0-9a-f]{64}\b/, /\bv1\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./];

before(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  t = await startTestApp({ log: createLogger({ level: 'info', destination: sink }) });
  agentToken = (await t.agent({ email: 'agent@example.test', role: 'agent' })).token;
  const mailbox = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: 'help@acme.test', name: 'Acme' } });
  assert.equal(mailbox.statusCode, 201, mailbox.body);
  const { rows } = await sql<{ password_hash: string }>`SELECT password_hash FROM agents WHERE email = ${ADMIN.email}`.execute(t.frontline.ctx.db);
  adminHash = rows[0]!.password_hash;
  // From here on every write of a secret fails, and the database's message quotes the row it was given.
  await t.frontline.ctx.database.withSession((exec) =>
    exec(
      `CREATE FUNCTION quote_the_row() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'refused row %', NEW USING DETAIL = 'Key (row)=(' || NEW::text || ')', HINT = NEW::text; END $$;
       CREATE TRIGGER leak_sessions BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION quote_the_row();
       CREATE TRIGGER leak_tokens BEFORE INSERT ON api_tokens FOR EACH ROW EXECUTE FUNCTION quote_the_row();
       CREATE TRIGGER leak_agents BEFORE INSERT OR UPDATE ON agents FOR EACH ROW EXECUTE FUNCTION quote_the_row();
       CREATE TRIGGER leak_mailboxes BEFORE INSERT OR UPDATE ON mailboxes FOR EACH ROW EXECUTE FUNCTION quote_the_row();
       CREATE TRIGGER leak_phone BEFORE INSERT OR UPDATE ON phone_integrations FOR EACH ROW EXECUTE FUNCTION quote_the_row();`,
    ),
  );
  lines = [];
});
after(() => t.close());

function assertNoSecret(text: string, secrets: string[]) {
  for (const secret of [...secrets, adminHash]) assert.ok(!text.includes(secret), `the log holds the secret ${secret.slice(0, 12)}…`);
  for (const shape of SECRET_SHAPES) assert.doesNotMatch(text, shape);
}

const cases: { name: string; method: string; url: string; as: 'admin' | 'agent' | 'nobody'; body: Record<string, unknown>; secrets: string[] }[] = [
  { name: 'signing in', method: 'POST', url: '/api/v1/auth/login', as: 'nobody', body: { email: ADMIN.email, password: ADMIN.password }, secrets: [ADMIN.password] },
  { name: 'creating an agent with a password', method: 'POST', url: '/api/v1/agents', as: 'admin', body: { email: 'new@example.test', name: 'New', role: 'agent', password: 'new agent password 1' }, secrets: ['new agent password 1'] },
  { name: 'changing an agent\'s password', method: 'PATCH', url: '/api/v1/agents/2', as: 'admin', body: { password: 'changed password 22' }, secrets: ['changed password 22'] },
  { name: 'changing one\'s own password', method: 'POST', url: '/api/v1/me/password', as: 'agent', body: { currentPassword: 'agent password 123', newPassword: 'my own violet password 333' }, secrets: ['agent password 123', 'my own violet password 333'] },
  { name: 'creating an API token', method: 'POST', url: '/api/v1/me/tokens', as: 'agent', body: { name: 'script' }, secrets: [] },
  // The new webhook token exists only in the failed transaction: its shape and its hash must not reach the log.
  { name: 'creating a phone integration', method: 'POST', url: '/api/v1/phone/integrations', as: 'admin', body: { name: 'Office PBX' }, secrets: [] },
  {
    name: 'adding a mailbox with IMAP and SMTP passwords',
    method: 'POST',
    url: '/api/v1/mailboxes',
    as: 'admin',
    body: { address: 'sales@acme.test', name: 'Sales', inbound: 'imap', imap: { host: 'imap.acme.test', user: 'sales', password: 'imap pass 4444' }, smtp: { host: 'smtp.acme.test', password: 'smtp pass 5555' } },
    secrets: ['imap pass 4444', 'smtp pass 5555'],
  },
  {
    name: 'changing a mailbox\'s passwords',
    method: 'PATCH',
    url: '/api/v1/mailboxes/1',
    as: 'admin',
    body: { inbound: 'imap', imap: { host: 'imap.acme.test', user: 'help', password: 'imap pass 6666' }, smtp: { host: 'smtp.acme.test', password: 'smtp pass 7777' } },
    secrets: ['imap pass 6666', 'smtp pass 7777'],
  },
];

for (const c of cases) {
  test(`a database failure while ${c.name} is logged without the secret, its hash or its sealed form`, async () => {
    lines = [];
    const token = c.as === 'admin' ? t.adminToken : c.as === 'agent' ? agentToken : undefined;
    const response = await t.request(c.method, c.url, { token, body: c.body });
    assert.equal(response.statusCode, 500, response.body);
    assert.equal(response.json().error.code, 'internal_error');
    const failed = lines.filter((line) => line.includes('request failed'));
    assert.equal(failed.length, 1, 'the failure is logged once');
    assert.match(failed[0]!, /P0001/, 'the log tells which database error it was');
    assertNoSecret(lines.join('\n'), c.secrets);
    assertNoSecret(response.body, c.secrets);
  });
}

test('a database error described for an admin screen or the log keeps no value, parameter or detail', async () => {
  const secret = 'fls_' + 'A'.repeat(43);
  const error = await sql`SELECT ${secret}::bigint`.execute(t.frontline.ctx.db).then(
    () => assert.fail('the cast should fail'),
    (caught: unknown) => caught,
  );
  const described = describeError(error);
  assert.match(described, /22P02/);
  assert.ok(!described.includes(secret) && !described.includes('AAAA'), described);
  const serialized = JSON.stringify(serializeError(error));
  assert.ok(!serialized.includes('AAAA'), serialized);
  assert.doesNotMatch(serialized, /"(query|params|parameters|detail|where|hint)"/);
});

test('a secret written into an object the log is given is redacted wherever it sits', () => {
  const captured: string[] = [];
  const log = createLogger({ level: 'info', destination: { write: (line: string) => void captured.push(line) } });
  log.info({ body: { password: 'p1 secret' }, row: { password_hash: '$argon2id$v=19$x', imap_password_enc: 'v1.a.b.c' }, req: { headers: { authorization: 'Bearer fls_abc', cookie: 'frontline_session=fls_abc' } }, token_hash: 'ab' }, 'x');
  const text = captured.join('');
  for (const secret of ['p1 secret', '$argon2id', 'v1.a.b.c', 'fls_abc', '"ab"']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
});
