// Fills a Frontline database with a large, realistic-looking data set straight in SQL
// (INSERT … SELECT generate_series): organizations, customers with identities, agents in teams,
// tickets in English, Russian and Georgian and their messages. Works on PostgreSQL and PGlite.
import type { Database, ScriptRunner } from '../../server/src/db/connect.ts';
import { words } from './words.ts';

export interface DataSetSize {
  tickets: number;
  messages: number;
  /** Default: tickets / 5. */
  customers?: number;
  /** Default: 50. */
  agents?: number;
}

export interface GenerationStep {
  label: string;
  ms: number;
}

export interface GenerateOptions {
  /** maintenance_work_mem for index builds; PGlite's WASM heap wants a small one. */
  maintenanceWorkMem: string;
  /** Rows per INSERT statement for the big tables, so progress shows and no statement is huge. */
  chunk?: number;
  /** Sessions inserting tickets and messages at once (PostgreSQL; PGlite has one session). */
  parallel?: number;
  onStep?: (step: GenerationStep) => void;
}

/** Mail domain of the generated agents; they share the admin's password so a benchmark can sign in as any. */
export const BENCH_AGENT_DOMAIN = 'agents.bench.example';

const languages = ['en', 'ru', 'ka'] as const;
const tags = ['payout', 'affiliate', 'refund', 'billing', 'outage', 'hosting', 'account-access', '2fa', 'ssl', 'dns', 'email', 'vip', 'kyc', 'invoice'];
/** Every fifth customer (c % 5 = 1) has the phone number +99555 and c in seven digits. */
export const BENCH_PHONE_PREFIX = '+99555';

const firstNames = { en: ['John', 'Emma', 'Oliver', 'Mia', 'James', 'Ava'], ru: ['Иван', 'Анна', 'Дмитрий', 'Ольга', 'Сергей', 'Мария'], ka: ['გიორგი', 'ნინო', 'დავით', 'მარიამ', 'ლევან', 'ანა'] };
const lastNames = { en: ['Smith', 'Brown', 'Taylor', 'Wilson', 'Clark'], ru: ['Иванов', 'Петрова', 'Смирнов', 'Кузнецова', 'Попов'], ka: ['ბერიძე', 'კაპანაძე', 'გელაშვილი', 'ლომიძე', 'მაისურაძე'] };

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const array = (items: readonly string[]) => `ARRAY[${items.map(literal).join(',')}]::text[]`;

export async function generateDataSet(database: Database, size: DataSetSize, options: GenerateOptions): Promise<GenerationStep[]> {
  const parallel = database.kind === 'postgres' ? Math.max(1, options.parallel ?? 1) : 1;
  return database.withSession((exec) => generate(exec, size, options, (work) => inSessions(database, parallel, work)));
}

type Work = (exec: ScriptRunner) => Promise<void>;

/**
 * Where the schema keeps search vectors: on each message and subject (generated columns, migration
 * 0001), or one per ticket over its subject and messages, kept by triggers (0002). Triggers are off
 * during the bulk load, so in the second case the generator builds the ticket's vector itself.
 */
async function searchLayout(exec: ScriptRunner): Promise<'message' | 'ticket'> {
  const rows = await exec(`SELECT is_generated FROM information_schema.columns WHERE table_name = 'tickets' AND column_name = 'search_vector'`);
  return rows[0]?.is_generated === 'NEVER' ? 'ticket' : 'message';
}

/** The ticket's vector as migration 0002 backfills it: the subject, then every message, positions stripped. */
const ticketSearchVector = (language: string, subject: string, ticketId: string) =>
  `frontline_ts_vector(${language}, ${subject}) || coalesce((SELECT strip(frontline_ts_vector(${language}, string_agg(left(m.body_text, 10000), ' ' ORDER BY m.id)))
     FROM messages m WHERE m.ticket_id = ${ticketId}), ''::tsvector)`;

/** Runs the pieces of work on `parallel` sessions, each prepared for bulk loading. */
async function inSessions(database: Database, parallel: number, pieces: Work[]): Promise<void> {
  const queue = [...pieces];
  const worker = (n: number) =>
    database.withSession(async (exec) => {
      await exec(`${BULK_SETTINGS} SELECT setseed(${(0.1 + n / 100).toFixed(2)});`);
      for (let piece = queue.shift(); piece; piece = queue.shift()) await piece(exec);
      await exec('RESET session_replication_role;');
    });
  await Promise.all(Array.from({ length: Math.min(parallel, pieces.length) }, (_, n) => worker(n)));
}

const BULK_SETTINGS = 'SET session_replication_role = replica; SET synchronous_commit = off;';

async function generate(exec: ScriptRunner, size: DataSetSize, options: GenerateOptions, fanOut: (pieces: Work[]) => Promise<void>): Promise<GenerationStep[]> {
  const T = size.tickets;
  const M = size.messages;
  const C = Math.max(10, size.customers ?? Math.round(T / 5));
  const A = size.agents ?? 50;
  const O = Math.max(3, Math.round(C / 400));
  const chunk = options.chunk ?? 250_000;
  const steps: GenerationStep[] = [];
  const searchable = await searchLayout(exec);
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    const done = { label, ms: Math.round(performance.now() - started) };
    steps.push(done);
    options.onStep?.(done);
  };
  const step = (label: string, text: string) => timed(label, () => exec(text));
  const chunks = (total: number) => Array.from({ length: Math.ceil(total / chunk) }, (_, n) => [n * chunk, Math.min(total, (n + 1) * chunk) - 1] as const);
  const range = (kind: string) => `(SELECT lo FROM bench_range WHERE kind = '${kind}')`;
  // The ticket a row index stands for decides its customer and language, so messages need no join.
  const customerOf = (i: string) => `((${i})::bigint * 7919 % ${C})`;
  const languageOf = (i: string) => `(ARRAY['en','ru','ka'])[1 + ${customerOf(i)} % 3]`;
  const ticketCreatedAt = (i: string) => `(now() - interval '730 days' * (1 - (${i})::float8 / ${T}))`;
  // `k * 0` keeps the aggregate at the subquery's level (otherwise it only names outer columns);
  // naming the outer row makes PostgreSQL evaluate the subquery once per row.
  const text = (count: string) =>
    `(SELECT string_agg(bw.words[1 + floor(bw.n * power(random(), 2))::int + k * 0], ' ') FROM generate_series(1, ${count}) AS k)`;

  await step(
    'prepare',
    `${BULK_SETTINGS}
     SET maintenance_work_mem = '${options.maintenanceWorkMem}';
     SELECT setseed(0.4242);
     DROP TABLE IF EXISTS bench_words, bench_range, bench_indexes;
     CREATE TABLE bench_words (lang text PRIMARY KEY, words text[] NOT NULL, n int NOT NULL);
     INSERT INTO bench_words VALUES ${languages.map((lang) => `('${lang}', ${array(words[lang])}, ${words[lang].length})`).join(', ')};
     CREATE TABLE bench_range (kind text PRIMARY KEY, lo bigint NOT NULL, hi bigint NOT NULL, n bigint NOT NULL);
     -- Bulk loads go faster without secondary indexes; they are rebuilt from their definitions afterwards.
     CREATE TABLE bench_indexes AS
       SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       WHERE i.indrelid IN ('tickets'::regclass, 'messages'::regclass)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
     DO $$ DECLARE r record; BEGIN
       FOR r IN SELECT name FROM bench_indexes LOOP EXECUTE 'DROP INDEX ' || r.name; END LOOP;
     END $$;`,
  );

  await step(
    `organizations (${O})`,
    `WITH ins AS (
       INSERT INTO organizations (name, domain)
       SELECT 'Bench organization ' || g, 'org' || g || '.bench.example' FROM generate_series(0, ${O - 1}) g
       RETURNING id)
     INSERT INTO bench_range SELECT 'organizations', min(id), max(id), count(*) FROM ins;`,
  );

  const name = (table: Record<string, string[]>, pick: string) =>
    `CASE c % 3 ${languages.map((lang, n) => `WHEN ${n} THEN (${array(table[lang]!)})[1 + (${pick}) % ${table[lang]!.length}]`).join(' ')} END`;
  await step(
    `customers (${C}) and identities`,
    `WITH ins AS (
       INSERT INTO customers (name, organization_id, language, created_at, updated_at)
       SELECT ${name(firstNames, 'c / 3')} || ' ' || ${name(lastNames, 'c / 7')},
              CASE WHEN c % 5 < 2 THEN ${range('organizations')} + c % ${O} END,
              (ARRAY['en','ru','ka'])[1 + c % 3],
              now() - interval '800 days', now() - interval '800 days'
       FROM generate_series(0, ${C - 1}) c
       RETURNING id)
     INSERT INTO bench_range SELECT 'customers', min(id), max(id), count(*) FROM ins;
     INSERT INTO customer_identities (customer_id, kind, value)
     SELECT ${range('customers')} + c, 'email',
            CASE WHEN c % 5 < 2 THEN 'user' || c || '@org' || (c % ${O}) || '.bench.example' ELSE 'customer' || c || '@mail.bench.example' END
     FROM generate_series(0, ${C - 1}) c;
     INSERT INTO customer_identities (customer_id, kind, value)
     SELECT ${range('customers')} + c, 'telegram', 'tg_bench_' || c FROM generate_series(0, ${C - 1}) c WHERE c % 5 = 0;
     INSERT INTO customer_identities (customer_id, kind, value)
     SELECT ${range('customers')} + c, 'phone', '${BENCH_PHONE_PREFIX}' || lpad(c::text, 7, '0') FROM generate_series(0, ${C - 1}) c WHERE c % 5 = 1;`,
  );

  await step(
    `agents (${A}) in teams`,
    `WITH ins AS (
       INSERT INTO agents (email, name, alias, role, password_hash, languages)
       SELECT 'agent' || a || '@${BENCH_AGENT_DOMAIN}', 'Bench Agent ' || a, 'Agent ' || a, 'agent',
              (SELECT password_hash FROM agents WHERE role = 'admin' AND password_hash IS NOT NULL ORDER BY id LIMIT 1),
              ARRAY[(ARRAY['en','ru','ka'])[1 + a % 3]]
       FROM generate_series(0, ${A - 1}) a
       RETURNING id)
     INSERT INTO bench_range SELECT 'agents', min(id), max(id), count(*) FROM ins;
     INSERT INTO team_members (team_id, agent_id)
     SELECT t.id, ${range('agents')} + a
     FROM generate_series(0, ${A - 1}) a
     JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM teams ORDER BY id LIMIT 3) t ON t.n = a % 3;
     DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM bench_range WHERE hi - lo + 1 <> n) THEN RAISE EXCEPTION 'identity values were not contiguous'; END IF;
     END $$;`,
  );

  // Ticket ids are given (base + index) so several sessions can insert at once and a message can
  // name its ticket by index (messages go in first); the identity sequence is moved past them afterwards.
  await step(
    'reserve ticket ids',
    `INSERT INTO bench_range SELECT 'tickets', coalesce(max(id), 0) + 1, coalesce(max(id), 0) + ${T}, ${T} FROM tickets;`,
  );
  // Each message belongs to a random ticket; its language and customer follow from the ticket's index.
  const messagePiece = ([start, end]: readonly [number, number]): Work => (run) =>
    timed(`messages ${start}–${end}`, () =>
      run(`INSERT INTO messages (ticket_id, internal, direction, author_agent_id, author_customer_id, body_text, language, channel,
                             delivery_status, sent_at, created_at, delivery_failed_at)
       SELECT ${range('tickets')} + s.i, s.kind = 'note', CASE WHEN s.kind = 'in' THEN 'inbound' ELSE 'outbound' END,
              CASE WHEN s.kind <> 'in' THEN ${range('agents')} + s.i % ${A} END,
              CASE WHEN s.kind = 'in' THEN ${range('customers')} + ${customerOf('s.i')} END,
              ${text('8 + s.g % 33')} || CASE WHEN s.r < 0.2 THEN ' inv' || floor(random() * 200000)::int ELSE '' END,
              s.lang, 'email',
              -- One reply in 500 failed (Failed deliveries view): sent_at stays empty, failed_at is set.
              CASE WHEN s.kind = 'out' THEN CASE WHEN s.g % 500 = 1 THEN 'failed' ELSE 'sent' END END,
              CASE WHEN s.kind = 'out' AND s.g % 500 <> 1 THEN s.created END,
              s.created,
              CASE WHEN s.kind = 'out' AND s.g % 500 = 1 THEN s.created END
       FROM (
         SELECT g, i, ${languageOf('i')} AS lang, random() AS r,
                CASE WHEN g % 13 = 0 THEN 'note' WHEN g % 2 = 0 THEN 'in' ELSE 'out' END AS kind,
                ${ticketCreatedAt('i')} + interval '72 hours' * random() AS created
         FROM (SELECT g, floor(random() * ${T})::bigint AS i FROM generate_series(${start}, ${end}) g OFFSET 0) raw
         OFFSET 0) s
       JOIN bench_words bw ON bw.lang = s.lang`),
    );
  await fanOut(chunks(M).map(messagePiece));

  if (searchable === 'ticket') {
    // The tickets' vectors are built from their messages, found through this index.
    await step(
      'index messages by ticket',
      `DO $$ DECLARE r record; BEGIN
         FOR r IN SELECT name, definition FROM bench_indexes WHERE definition LIKE '%(ticket_id%' LOOP
           EXECUTE r.definition; DELETE FROM bench_indexes WHERE name = r.name;
         END LOOP;
       END $$;`,
    );
  }
  // r decides assignment and status: 20% unassigned (new or open), the rest spread over the
  // agents with a skew (agent 0 has the most) and mostly solved or closed; about 18% of tickets
  // have a customer waiting for an answer (the Unanswered board).
  const ticketPiece = ([start, end]: readonly [number, number]): Work => (run) =>
    timed(`tickets ${start}–${end}`, () =>
      run(`INSERT INTO tickets (id, subject, status, priority, channel, team_id, assignee_id, tags, language, customer_id, organization_id,
                            created_at, updated_at, first_response_at, last_customer_message_at, last_agent_message_at, solved_at, closed_at,
                            customer_waiting_since
                            ${searchable === 'ticket' ? ', search_vector' : ''})
       OVERRIDING SYSTEM VALUE
       SELECT ${range('tickets')} + s.i, s.subject,
              s.status, s.priority, s.channel,
              (SELECT min(id) FROM teams) + s.i % 3,
              CASE WHEN s.r >= 0.2 THEN ${range('agents')} + floor(${A} * power(s.r4, 1.5))::int % ${A} END,
              CASE WHEN s.r3 < 0.3 THEN '{}'::text[] WHEN s.r3 < 0.7 THEN ARRAY[s.tag1] ELSE ARRAY[s.tag1, s.tag2] END,
              s.lang, ${range('customers')} + s.c,
              CASE WHEN s.c % 5 < 2 THEN ${range('organizations')} + s.c % ${O} END,
              s.created, s.updated,
              CASE WHEN s.status <> 'new' THEN s.created + (s.updated - s.created) / 4 END,
              s.created,
              CASE WHEN s.status <> 'new' THEN s.updated END,
              CASE WHEN s.status IN ('solved', 'closed') THEN s.updated END,
              CASE WHEN s.status = 'closed' THEN s.updated END,
              -- The customer waits on every new ticket and on a third of the open and on-hold ones (they wrote last).
              CASE WHEN s.status = 'new' THEN s.created WHEN s.status IN ('open', 'on_hold') AND s.r4 < 0.3 THEN s.updated END
              ${searchable === 'ticket' ? `, ${ticketSearchVector('s.lang', 's.subject', `${range('tickets')} + s.i`)}` : ''}
       FROM (
         SELECT t.*, ${text('4 + t.i % 5')} AS subject
         FROM (
         SELECT i, c, lang, r, r2, r3, r4, created, least(now(), created + interval '5 days' * r2) AS updated,
                CASE WHEN r < 0.12 THEN 'new' WHEN r < 0.32 THEN 'open' WHEN r < 0.40 THEN 'pending' WHEN r < 0.42 THEN 'on_hold'
                     WHEN r < 0.60 THEN 'solved' ELSE 'closed' END AS status,
                CASE WHEN r3 < 0.2 THEN 'low' WHEN r3 < 0.75 THEN 'normal' WHEN r3 < 0.95 THEN 'high' ELSE 'urgent' END AS priority,
                CASE WHEN r2 < 0.6 THEN 'email' WHEN r2 < 0.75 THEN 'chat' WHEN r2 < 0.9 THEN 'telegram' WHEN r2 < 0.95 THEN 'web' ELSE 'phone' END AS channel,
                (${array(tags)})[1 + floor(random() * ${tags.length})::int] AS tag1,
                (${array(tags)})[1 + floor(random() * ${tags.length})::int] AS tag2
         FROM (
           SELECT i, ${customerOf('i')} AS c, ${languageOf('i')} AS lang, random() AS r, random() AS r2, random() AS r3, random() AS r4,
                  ${ticketCreatedAt('i')} AS created
           FROM generate_series(${start}, ${end}) i OFFSET 0) raw
         OFFSET 0) t
         JOIN bench_words bw ON bw.lang = t.lang
         OFFSET 0) s`),
    );
  await fanOut(chunks(T).map(ticketPiece));
  await step('move the ticket id sequence', `SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT max(id) FROM tickets));`);


  const definitions = await exec('SELECT name, definition FROM bench_indexes');
  await fanOut(
    definitions.map((row) => (run) =>
      timed(`index ${String(row.name)}`, () => run(`SET maintenance_work_mem = '${options.maintenanceWorkMem}'; ${String(row.definition)}`)),
    ),
  );
  // Read markers (ticket_reads): each agent has opened about half of the tickets assigned to them,
  // so the list's unread look-up reads a primary key that is as big as a busy desk makes it.
  await step(
    'read markers',
    `INSERT INTO ticket_reads (agent_id, ticket_id, read_at)
     SELECT assignee_id, id, updated_at - interval '1 hour' * (id % 3) FROM tickets WHERE assignee_id IS NOT NULL AND id % 2 = 0`,
  );
  await step('clean up', 'RESET session_replication_role; DROP TABLE bench_words, bench_range, bench_indexes;');
  await step('vacuum analyze', 'VACUUM (ANALYZE) organizations, customers, customer_identities, agents, team_members, tickets, messages, ticket_reads');
  return steps;
}
