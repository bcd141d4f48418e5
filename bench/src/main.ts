// `npm run bench`: load, large-data, search and cold-start benchmarks of Frontline on PostgreSQL
// and on the embedded PGlite. Prints tables and writes docs/benchmarks.md (see report.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../server/src/db/connect.ts';
import { explainRequests, type ExplainRequest } from './explain.ts';
import { BENCH_AGENT_DOMAIN, BENCH_PHONE_PREFIX, generateDataSet } from './generate.ts';
import { login, timeRequests } from './http-client.ts';
import { runWritePath } from './load.ts';
import { describeMachine, printSummary, renderMarkdown, seqScanFindings, targetFindings, TARGETS } from './report.ts';
import type { RunSettings, TargetResult, ViewTiming } from './results.ts';
import { ADMIN, repoRoot, startServer } from './server-process.ts';
import { adminQuery, pgliteTarget, postgresTarget, type Target, type TargetKind } from './targets.ts';
import { searchTerms } from './words.ts';
import { benchMail, renderMailMarkdown, type MailResult, type MailSettings } from './mail.ts';
import { benchChat, renderChatMarkdown, widgetSizes, type ChatResult, type ChatSettings } from './chat.ts';
import { benchStorm, renderStormMarkdown, stormProblems, type StormResult, type StormSettings } from './mail-storm.ts';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, write: { type: 'boolean', default: false }, suite: { type: 'string', default: 'all' } },
  strict: true,
});
const env = process.env;
const int = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};
const quick = args.quick ?? false;
const settings: RunSettings = {
  quick,
  loadDurationS: int('BENCH_DURATION', quick ? 3 : 10),
  loadConnections: int('BENCH_CONNECTIONS', quick ? 5 : 20),
  requestsPerView: int('BENCH_REQUESTS', quick ? 20 : 200),
  sizes: {
    postgres: { tickets: int('BENCH_TICKETS', quick ? 3_000 : 1_000_000), messages: int('BENCH_MESSAGES', quick ? 9_000 : 3_000_000) },
    pglite: { tickets: int('BENCH_PGLITE_TICKETS', quick ? 2_000 : 100_000), messages: int('BENCH_PGLITE_MESSAGES', quick ? 6_000 : 300_000) },
  },
};
const pgUrl = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const kinds: TargetKind[] = args.only ? [args.only as TargetKind] : ['postgres', 'pglite'];
if (!kinds.every((kind) => kind === 'postgres' || kind === 'pglite')) throw new Error('--only takes postgres or pglite');
/** A slow request must not hold the run for long: each list or search gets this much time. */
const viewBudgetMs = quick ? 10_000 : 60_000;

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function benchTarget(kind: TargetKind): Promise<TargetResult> {
  const size = settings.sizes[kind];
  const result: TargetResult = { kind, version: '', size, cold: [], views: [], plans: [] };
  const target: Target = kind === 'postgres' ? await postgresTarget(pgUrl) : pgliteTarget();
  let lookups: ExplainRequest[] = [];
  log(`${kind}: new database (${JSON.stringify(target.env)})`);
  try {
    // Cold start on an empty database, then concurrent writes on it.
    const fresh = await startServer({ env: target.env });
    result.cold.push({ label: 'fresh (creates the database, runs migrations, first admin)', readyMs: fresh.readyMs, rssMb: fresh.rssMb() });
    try {
      const token = await login(fresh.url, ADMIN.email, ADMIN.password);
      const rssBeforeMb = fresh.rssMb();
      log(`${kind}: ready in ${fresh.readyMs} ms; the write path for ${settings.loadDurationS} s each with ${settings.loadConnections} connections`);
      result.loads = await runWritePath(fresh.url, token, { durationS: settings.loadDurationS, connections: settings.loadConnections }, (message) => log(`${kind}: ${message}`));
      result.rss = { beforeMb: rssBeforeMb, afterMb: fresh.rssMb() };
    } finally {
      await fresh.stop();
    }
    for (const via of ['node', 'npm'] as const) {
      const again = await startServer({ env: target.env, via });
      result.cold.push({ label: via === 'node' ? 'existing database' : 'existing database, through `npm start`', readyMs: again.readyMs, rssMb: again.rssMb() });
      await again.stop();
    }

    // The large data set, then the facts the requests need.
    log(`${kind}: generating ${size.tickets} tickets and ${size.messages} messages`);
    const started = performance.now();
    const database = await target.open();
    try {
      result.version = String((await sql<{ v: string }>`SELECT version() AS v`.execute(database.db)).rows[0]?.v);
      const steps = await generateDataSet(database, size, {
        maintenanceWorkMem: kind === 'postgres' ? '1GB' : '64MB',
        parallel: int('BENCH_PARALLEL', 2),
        onStep: (step) => log(`${kind}:   ${step.label}: ${step.ms} ms`),
      });
      result.generation = { totalMs: Math.round(performance.now() - started), steps };
      const busy = await sql<{ email: string; n: number }>`
        SELECT a.email, count(*)::int AS n FROM tickets t JOIN agents a ON a.id = t.assignee_id
        WHERE a.email LIKE ${`%@${BENCH_AGENT_DOMAIN}`} AND t.status IN ('new', 'open', 'pending', 'on_hold')
        GROUP BY a.email ORDER BY n DESC LIMIT 1`.execute(database.db);
      const row = busy.rows[0];
      if (!row) throw new Error('the generated data set has no assigned tickets');
      result.busyAgent = { email: row.email, activeTickets: row.n };
      const perMessage = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'messages' AND column_name = 'search_vector'`.execute(database.db);
      for (const term of searchTerms) {
        const q = sql`(websearch_to_tsquery('pg_catalog.russian', ${term.q}) || websearch_to_tsquery('pg_catalog.english', ${term.q}) || websearch_to_tsquery('pg_catalog.simple', ${term.q}))`;
        // How many tickets the words find, whichever way the schema keeps search vectors.
        const count = perMessage.rows[0]?.n
          ? await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT ticket_id FROM messages WHERE search_vector @@ ${q} UNION SELECT id FROM tickets WHERE search_vector @@ ${q}) hits`.execute(database.db)
          : await sql<{ n: number }>`SELECT count(*)::int AS n FROM tickets WHERE search_vector @@ ${q}`.execute(database.db);
        result.views.push({ name: `search "${term.q}" (${term.note})`, path: `/api/v1/tickets?q=${encodeURIComponent(term.q)}`, latency: emptyLatency(), matches: count.rows[0]?.n ?? 0 });
      }
      lookups = await searchLookups(database, size.tickets);
    } catch (error) {
      await database.close();
      throw error;
    }
    const agent = { email: result.busyAgent.email, password: ADMIN.password };
    const requests: (ExplainRequest & { targetMs?: number })[] = [
      { name: 'unassigned, as an agent', path: '/api/v1/tickets?view=unassigned', as: agent, targetMs: TARGETS.listP99Ms },
      { name: 'unassigned, as the admin', path: '/api/v1/tickets?view=unassigned', as: ADMIN, targetMs: TARGETS.listP99Ms },
      { name: 'mine, the busiest agent', path: '/api/v1/tickets?view=mine', as: agent, targetMs: TARGETS.listP99Ms },
      { name: 'unanswered, longest wait first, as an agent', path: '/api/v1/tickets?view=unanswered&sort=waiting', as: agent, targetMs: TARGETS.listP99Ms },
      { name: 'view counts for the inbox', path: '/api/v1/tickets/counts', as: agent },
      { name: 'failed deliveries, as an agent', path: '/api/v1/deliveries/failed', as: agent, targetMs: TARGETS.listP99Ms },
      { name: 'failed deliveries count, as an agent', path: '/api/v1/deliveries/failed/count', as: agent },
      ...result.views.map((view) => ({ name: view.name, path: view.path, as: agent, targetMs: TARGETS.searchP99Ms })),
      ...lookups.map((lookup) => ({ ...lookup, as: lookup.path.includes('/by-number/') ? ADMIN : agent, targetMs: lookup.path.includes('/by-number/') ? TARGETS.listP99Ms : TARGETS.searchP99Ms })),
    ];
    const matches = new Map(result.views.map((view) => [view.name, view.matches]));
    result.views = requests.map((request): ViewTiming => {
      const found = matches.get(request.name);
      return {
        name: request.name,
        path: request.path,
        latency: emptyLatency(),
        ...(found !== undefined && { matches: found }),
        ...(request.targetMs !== undefined && { targetMs: request.targetMs }),
      };
    });

    log(`${kind}: recording the SQL of each request and its plan`);
    result.plans = await explainRequests(database, target.env, requests); // closes the database

    const large = await startServer({ env: target.env });
    result.cold.push({ label: `existing database with ${size.tickets.toLocaleString('en-US')} tickets`, readyMs: large.readyMs, rssMb: large.rssMb() });
    try {
      const tokens = new Map<string, string>();
      for (const [index, request] of requests.entries()) {
        const token = tokens.get(request.as.email) ?? (await login(large.url, request.as.email, request.as.password));
        tokens.set(request.as.email, token);
        log(`${kind}: timing ${request.name}`);
        result.views[index]!.latency = await timeRequests(`${large.url}${request.path}`, token, settings.requestsPerView, viewBudgetMs);
      }
      result.rssAfterQueriesMb = large.rssMb();
    } finally {
      await large.stop();
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${kind}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await target.destroy();
  }
  return result;
}

/**
 * What agents type into the search box, drawn from the generated data: a ticket number, a whole
 * and a partial email, a common name, a phone number written with spaces, an organization; and the
 * ticket opened by its number.
 */
async function searchLookups(database: Database, tickets: number): Promise<ExplainRequest[]> {
  const pick = async <T,>(query: RawBuilder<T>) => (await query.execute(database.db)).rows[0];
  const ticket = await pick(sql<{ number: number }>`SELECT number FROM tickets ORDER BY id OFFSET ${Math.floor(tickets / 2)} LIMIT 1`);
  const email = await pick(sql<{ value: string }>`SELECT value FROM customer_identities WHERE kind = 'email' AND value LIKE 'customer%' ORDER BY id OFFSET ${Math.floor(tickets / 20)} LIMIT 1`);
  const phone = await pick(sql<{ value: string; customer_id: number }>`SELECT value, customer_id FROM customer_identities WHERE kind = 'phone' ORDER BY id OFFSET ${Math.floor(tickets / 50)} LIMIT 1`);
  if (!ticket || !email || !phone) throw new Error('the generated data set has no ticket, email or phone to search for');
  // +995550001234 as an agent would copy it from a signature: +995 55 000 12 34
  const digits = phone.value.slice(BENCH_PHONE_PREFIX.length);
  const spaced = `+995 55 ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`;
  const box = (note: string, q: string) => ({ name: `search box: ${note} "${q}"`, path: `/api/v1/search?q=${encodeURIComponent(q)}` });
  const as = ADMIN; // replaced by the busiest agent where the requests are listed
  return [
    { ...box('a ticket number', `#${ticket.number}`), as },
    { ...box('a whole email', email.value), as },
    { ...box('part of an email', email.value.split('@')[0]!), as },
    { ...box('a common name', 'John Smith'), as },
    { ...box('a phone number', spaced), as },
    { ...box('an organization', 'Bench organization 42'), as },
    { name: `inbox search: a ticket number "${ticket.number}"`, path: `/api/v1/tickets?q=${ticket.number}`, as },
    { name: `inbox search: an email "${email.value}"`, path: `/api/v1/tickets?q=${encodeURIComponent(email.value)}`, as },
    { name: `a ticket by its number`, path: `/api/v1/tickets/by-number/${ticket.number}`, as },
    { name: 'possible duplicates of a customer (the same number, the same name)', path: `/api/v1/customers/${phone.customer_id}/matches`, as },
  ];
}

const emptyLatency = () => ({ count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, failed: 0 });

// `npm start` builds the web app first when it is missing or stale; do that now, not inside a timing.
const ensureBuilt = path.join(repoRoot, 'app', 'scripts', 'ensure-built.mjs');
if (fs.existsSync(ensureBuilt)) execFileSync(process.execPath, [ensureBuilt], { stdio: 'ignore' });

const postgresVersion = String((await adminQuery(pgUrl, 'SHOW server_version'))[0]?.server_version ?? 'unknown');
const machine = describeMachine(`PostgreSQL ${postgresVersion}`);
const suite = args.suite ?? 'all';
if (!['all', 'data', 'mail', 'storm', 'write', 'chat'].includes(suite)) throw new Error('--suite takes all, data, mail, storm, write or chat');
/** The machine in one line, for the files the mail and chat parts write. */
const machineLine = `Machine: ${machine.cores} cores (${machine.cpu}), Node.js ${machine.node}, ${machine.postgres}; load average at start ${machine.loadAtStart.map((n) => n.toFixed(2)).join(', ')}.`;
const results: TargetResult[] = [];
if (suite === 'write') {
  // Only the write path, on a fresh database per target: the quick loop while working on it (prints, writes no file).
  for (const kind of kinds) {
    const target: Target = kind === 'postgres' ? await postgresTarget(pgUrl) : pgliteTarget();
    const server = await startServer({ env: target.env });
    try {
      const token = await login(server.url, ADMIN.email, ADMIN.password);
      const loads = await runWritePath(server.url, token, { durationS: settings.loadDurationS, connections: settings.loadConnections }, (message) => log(`${kind}: ${message}`));
      const baseline = loads[0]!.rps;
      for (const load of loads) process.stdout.write(`write ${kind}: ${load.endpoint}: ${load.rps}/s (${Math.round((load.rps / baseline) * 100)}% of /me), p50 ${load.p50} ms, p99 ${load.p99} ms, non-2xx ${load.non2xx}\n`);
    } finally {
      await server.stop();
      await target.destroy();
    }
  }
  process.exit(0);
}
if (suite === 'all' || suite === 'data') for (const kind of kinds) results.push(await benchTarget(kind));

const onTargets = async <R>(run: (target: Target) => Promise<R>): Promise<R[]> => {
  const out: R[] = [];
  for (const kind of kinds) {
    const target: Target = kind === 'postgres' ? await postgresTarget(pgUrl) : pgliteTarget();
    try {
      out.push(await run(target));
    } finally {
      await target.destroy();
    }
  }
  return out;
};

if (suite === 'all' || suite === 'chat') {
  // The widget is served from widget/dist; build it if a fresh clone has none.
  execFileSync(process.execPath, [path.join(repoRoot, 'widget', 'scripts', 'ensure-built.mjs')], { stdio: 'ignore' });
  const stepsOf = (name: string, fallback: string) => {
    const steps = (env[name] ?? fallback).split(',').map(Number);
    if (!steps.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`${name} takes visitor counts, e.g. 1000,5000`);
    return steps;
  };
  const steps = { postgres: stepsOf('BENCH_CHAT_STEPS', quick ? '50,200' : '500,1000,1500,2000,3000,5000,7500,10000'), pglite: stepsOf('BENCH_CHAT_PGLITE_STEPS', quick ? '50,200' : '250,500,750,1000,2000') };
  const chatSettings: ChatSettings = {
    steps,
    cycleS: int('BENCH_CHAT_CYCLE_S', quick ? 5 : 30),
    cycles: int('BENCH_CHAT_CYCLES', quick ? 1 : 2),
    p99LimitMs: int('BENCH_CHAT_P99_MS', 200),
    screenSamples: Number(env.BENCH_CHAT_SCREEN ?? (quick ? 3 : 10)),
  };
  const chatResults: ChatResult[] = await onTargets((target) => benchChat(target, chatSettings, log));
  for (const file of widgetSizes()) process.stdout.write(`chat widget ${file.file}: ${file.bytes} bytes, ${(file.gzipped / 1024).toFixed(1)} KB gzipped\n`);
  for (const result of chatResults) {
    for (const step of result.steps) {
      process.stdout.write(`chat ${result.kind} visitors=${step.visitors}: delivery p50 ${step.delivery.p50} p99 ${step.delivery.p99} ms, lost ${step.lost}${step.screen ? `, screen p50 ${step.screen.p50} p95 ${step.screen.p95} ms` : ''} → ${step.holds ? 'holds' : 'does not hold'}\n`);
    }
    process.stdout.write(`chat ${result.kind}: holds ${result.held} concurrent visitors${result.error ? ` (${result.error})` : ''}\n`);
  }
  if (!quick || args.write) {
    const file = path.join(repoRoot, 'docs', 'benchmarks-chat.md');
    // The "What holds it back" section is the profile that explains the figures, written by hand: it stays.
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const profile = /\n## What holds it back\n[\s\S]*?(?=\n## |$)/.exec(previous)?.[0] ?? '';
    fs.writeFileSync(file, `${renderChatMarkdown(new Date().toISOString().slice(0, 10), machineLine, chatSettings, chatResults).trimEnd()}\n${profile}\n`);
    log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  if (chatResults.some((result) => result.error)) process.exitCode = 1;
  if (suite === 'chat') process.exit(process.exitCode ?? 0);
}

if (suite !== 'data') {
  const mailSettings: MailSettings = { messages: int('BENCH_MAIL_MESSAGES', quick ? 200 : 3000), clients: (env.BENCH_MAIL_CLIENTS ?? '1,4,16').split(',').map(Number), latencySamples: int('BENCH_MAIL_SAMPLES', quick ? 10 : 40) };
  const stormSettings: StormSettings = { messages: int('BENCH_STORM_MESSAGES', quick ? 200 : 2000), clients: int('BENCH_STORM_CLIENTS', 4), rounds: int('BENCH_STORM_ROUNDS', quick ? 1 : 3) };
  const mailResults: MailResult[] = suite === 'storm' ? [] : await onTargets((target) => benchMail(target, mailSettings, log));
  const stormResults: StormResult[] = await onTargets((target) => benchStorm(target, stormSettings, log));
  for (const result of mailResults) {
    if (result.error) log(`problem: mail on ${result.kind}: ${result.error}`);
    for (const step of result.steps) process.stdout.write(`mail ${result.kind} clients=${step.clients}: accepted ${step.acceptedPerS}/s, tickets ${step.ticketsPerS}/s\n`);
    if (result.latency) process.stdout.write(`mail ${result.kind} SMTP 250 -> live event: p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms\n`);
  }
  for (const result of stormResults) {
    for (const [index, round] of result.rounds.entries()) process.stdout.write(`storm ${result.kind} round ${index + 1}: ${Object.entries(round).map(([kase, perS]) => `${kase} ${perS}/s`).join(', ')}\n`);
    process.stdout.write(`storm ${result.kind} median ratio to plain: ${Object.entries(result.medianRatio).map(([kase, ratio]) => `${kase} ${Math.round(ratio * 100)}%`).join(', ')}\n`);
  }
  const stormFailures = stormProblems(stormResults);
  for (const problem of stormFailures) log(`problem: ${problem}`);
  if (!quick || args.write) {
    const file = path.join(repoRoot, 'docs', 'benchmarks-mail.md');
    const machineLines = [machineLine];
    const storm = renderStormMarkdown(stormSettings, stormResults);
    if (suite === 'storm') {
      // Only the storm ran: its section is replaced, the ingest numbers stay.
      const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Email ingest benchmark\n';
      const kept = previous.replace(/## Storm with a dead relay[\s\S]*?(?=\n## (?!Storm)|$)/, '').trimEnd();
      fs.writeFileSync(file, `${kept}\n\n${storm.replace('## Storm with a dead relay (acknowledgements on)\n', `## Storm with a dead relay (acknowledgements on)\n\nMeasured ${new Date().toISOString().slice(0, 10)} by \`npm run bench -- --suite=storm\`. ${machineLines[0]}\n`)}`);
    } else {
      fs.writeFileSync(file, `${renderMailMarkdown(new Date().toISOString().slice(0, 10), machineLines, mailSettings, mailResults)}\n${storm}`);
    }
    log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  if (mailResults.some((result) => result.error) || stormFailures.length) process.exitCode = 1;
  if (suite !== 'all') process.exit(process.exitCode ?? 0);
}

machine.loadAtEnd = os.loadavg();
printSummary(results);

const problems = results.flatMap((result) => [...(result.error ? [`${result.kind}: ${result.error}`] : []), ...(quick ? [] : seqScanFindings(result))]);
for (const finding of results.flatMap(targetFindings)) log(`target missed: ${finding}`);
if (!quick || args.write) {
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The "Write path" section is the profile that explains the figures, written by hand: it stays.
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const profile = /\n## Write path\n[\s\S]*?(?=\n## |$)/.exec(previous)?.[0] ?? '';
  fs.writeFileSync(file, `${renderMarkdown(machine, settings, results).trimEnd()}\n${profile}\n`);
  log(`wrote ${path.relative(process.cwd(), file)}`);
}
// On the small quick sizes a sequential scan is the planner's right choice; at full size it is a bug.
for (const problem of problems) log(`problem: ${problem}`);
process.exitCode = problems.length ? 1 : 0;
