// Presents a run: plain tables for the terminal, and docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { Machine, RunSettings, TargetResult } from './results.ts';

/** The targets from the issue, checked on PostgreSQL at a million tickets. */
export const TARGETS = { listP99Ms: 50, searchP99Ms: 200 };

export function describeMachine(postgres: string): Machine {
  const cpu = /model name\s*:\s*(.+)/.exec(readOr('/proc/cpuinfo'))?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  let memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB total`;
  try {
    memory = execFileSync('free', ['-g'], { encoding: 'utf8' }).trim();
  } catch {
    // free is missing; the total from Node will do
  }
  return { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', cores: os.availableParallelism(), cpu, memory, node: process.version, postgres, loadAtStart: os.loadavg() };
}

const readOr = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const load = (values: number[] | undefined) => (values ? values.map((v) => v.toFixed(2)).join(', ') : '–');
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const n = (value: number) => value.toLocaleString('en-US');

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** A plan node that reads this many rows only to throw them away is a scan in disguise. */
export const MAX_ROWS_REMOVED = 50_000;

/** Plans that read tickets or messages sequentially, or walk an index through most of the table: the hot path must not. */
export function seqScanFindings(result: TargetResult): string[] {
  return result.plans.flatMap((plan) =>
    plan.queries.flatMap((q, index) => {
      const which = plan.queries.length > 1 ? ` (query ${index + 1})` : '';
      return [
        ...(q.seqScans.length > 0 ? [`${result.kind}: ${plan.name}${which} has a Seq Scan on ${[...new Set(q.seqScans)].join(', ')}`] : []),
        ...(q.rowsRemoved >= MAX_ROWS_REMOVED ? [`${result.kind}: ${plan.name}${which} reads and discards ${n(q.rowsRemoved)} rows in one plan node`] : []),
      ];
    }),
  );
}

function planVerdict(plan: { queries: { seqScans: string[]; rowsRemoved: number }[] } | undefined): string {
  if (!plan) return '–';
  if (plan.queries.some((q) => q.seqScans.length > 0)) return 'Seq Scan ❌';
  const removed = Math.max(0, ...plan.queries.map((q) => q.rowsRemoved));
  return removed >= MAX_ROWS_REMOVED ? `index, but discards ${n(removed)} rows ❌` : 'indexes ✅';
}

export function targetFindings(result: TargetResult): string[] {
  if (result.kind !== 'postgres') return [];
  return result.views
    .filter((view) => view.targetMs !== undefined && !(view.latency.p99 <= view.targetMs))
    .map((view) => `${view.name}: p99 ${ms(view.latency.p99)} ms is over the ${view.targetMs} ms target`);
}

export function resultTables(result: TargetResult): string[] {
  const lines: string[] = [];
  lines.push(`### ${result.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'} — ${n(result.size.tickets)} tickets, ${n(result.size.messages)} messages`, '');
  lines.push(`Database: ${result.version}`, '');
  if (result.error) lines.push(`**The run failed:** \`${result.error}\``, '');
  if (result.loads?.length) {
    const [baseline] = result.loads;
    const duration = Math.round(result.loads[0]!.durationS);
    lines.push(`**Write path** (autocannon, ${duration} s each, one after the other on a fresh database${result.rss ? `; RSS ${result.rss.beforeMb} → ${result.rss.afterMb} MiB` : ''}); the ratio is to \`GET /api/v1/me\`, one authenticated request doing nothing else:`, '');
    lines.push(
      ...table(
        ['request', 'requests/s', '÷ /me', 'p50 ms', 'p99 ms', 'done (2xx)', 'non-2xx', 'errors'],
        result.loads.map((load) => [load.endpoint, n(load.rps), baseline!.rps ? `${Math.round((load.rps / baseline!.rps) * 100)}%` : '–', ms(load.p50), ms(load.p99), n(load.requests), n(load.non2xx), n(load.errors)]),
      ),
      '',
    );
  }
  if (result.cold.length) {
    lines.push('**Cold start** (spawn → `/readyz` answers 200) and resident memory right after:', '');
    lines.push(...table(['start', 'ready in ms', 'RSS MiB'], result.cold.map((c) => [c.label, n(c.readyMs), String(c.rssMb)])), '');
  }
  if (result.views.length) {
    lines.push(`**Lists and search** (sequential requests over HTTP, one agent; the busiest agent${result.busyAgent ? ` has ${n(result.busyAgent.activeTickets)} active tickets` : ''}):`, '');
    lines.push(
      ...table(
        ['request', 'matching tickets', 'n', 'p50 ms', 'p99 ms', 'max ms', 'target p99', 'plan'],
        result.views.map((view) => {
          const plan = result.plans.find((p) => p.name === view.name);
          const target = result.kind === 'postgres' ? view.targetMs : undefined;
          return [
            `${view.name} \`${view.path.replace('/api/v1', '')}\``,
            view.matches === undefined ? '' : n(view.matches),
            String(view.latency.count) + (view.latency.failed ? ` (${view.latency.failed} failed)` : ''),
            ms(view.latency.p50),
            ms(view.latency.p99),
            ms(view.latency.max),
            target === undefined ? '–' : `${target} ms ${view.latency.p99 <= target ? '✅' : '❌'}`,
            planVerdict(plan),
          ];
        }),
      ),
      '',
    );
  }
  if (result.rssAfterQueriesMb !== undefined) lines.push(`Resident memory after the list and search requests: ${result.rssAfterQueriesMb} MiB.`, '');
  if (result.generation) {
    const steps = result.generation.steps.filter((s) => s.ms >= 1000).map((s) => `${s.label} ${(s.ms / 1000).toFixed(1)} s`);
    lines.push(`Generating the data set took ${(result.generation.totalMs / 1000).toFixed(0)} s (${steps.join('; ')}).`, '');
  }
  return lines;
}

export function planBlocks(result: TargetResult): string[] {
  const lines: string[] = [];
  for (const plan of result.plans) {
    plan.queries.forEach((query, index) => {
      const title = `${result.kind}: ${plan.name} — <code>${plan.path.replace('/api/v1', '')}</code>${plan.queries.length > 1 ? ` (query ${index + 1})` : ''}, ${ms(query.executionMs)} ms`;
      lines.push('<details>', `<summary>${title}</summary>`, '', '```sql', query.sql, '```', '', `Parameters: \`${JSON.stringify(query.parameters)}\``, '', '```text', query.plan, '```', '', '</details>', '');
    });
  }
  return lines;
}

export function renderMarkdown(machine: Machine, settings: RunSettings, results: TargetResult[]): string {
  const findings = results.flatMap((r) => [...seqScanFindings(r), ...targetFindings(r)]);
  return [
    '# Benchmarks',
    '',
    `Measured ${machine.date} by \`npm run bench\`${settings.quick ? ' in quick mode (small sizes; not representative)' : ''}. This file is written by the benchmark; rerun it rather than editing by hand.`,
    '',
    '## Machine',
    '',
    `- Cores (\`nproc\`): ${machine.cores}; CPU: ${machine.cpu}`,
    `- Node.js ${machine.node}; ${machine.postgres}`,
    '- Memory (`free -g`):',
    '',
    '```text',
    machine.memory,
    '```',
    '',
    `- Load average (1, 5, 15 min) when the run started: ${load(machine.loadAtStart)}; when it ended: ${load(machine.loadAtEnd)}`,
    '',
    'The load generator, the server and PostgreSQL share these cores, so the throughput figures are a floor, not a ceiling; other work on the machine at the time (see the load average) shows up in the p99 figures.',
    '',
    '## How to run',
    '',
    '```sh',
    'npm run bench                 # everything: PostgreSQL at 1M tickets / 3M messages, PGlite at 100k / 300k',
    'npm run bench -- --quick      # small sizes, a few seconds of load: a smoke test (prints, writes no file)',
    'npm run bench -- --only=postgres   # or --only=pglite',
    '```',
    '',
    'Environment: `BENCH_PG_URL` (a PostgreSQL server where the benchmark may create and drop a database; default `postgres://postgres@127.0.0.1:5432/postgres`), `BENCH_TICKETS` and `BENCH_MESSAGES` (PostgreSQL sizes), `BENCH_PGLITE_TICKETS` and `BENCH_PGLITE_MESSAGES`, `BENCH_DURATION` (seconds of load), `BENCH_CONNECTIONS`, `BENCH_REQUESTS` (requests per list or search), `BENCH_PARALLEL` (sessions generating data on PostgreSQL). `--write` writes this file in quick mode too.',
    '',
    'What happens, for each database: a fresh database (a new database on the PostgreSQL server, or a temporary `DATA_DIR`) → the server is started as a real process (`node --import tsx server/src/main.ts`, `LOG_LEVEL=warn`) and timed until `/readyz` answers → autocannon creates tickets through `POST /api/v1/tickets`, each from another customer email, as the admin with a bearer token → the server is restarted on the existing data (directly and through `npm start`) → the large data set is generated in SQL (`INSERT … SELECT generate_series`, vocabulary in English, Russian and Georgian drawn with a Zipf-like skew, 20% of tickets unassigned and active, the rest spread over 50 agents with a skew and mostly solved or closed, customers = tickets / 5) and `VACUUM ANALYZE`d → the list and search requests run once in process with the real routes while their SQL is recorded, and each statement is run again under `EXPLAIN (ANALYZE, BUFFERS)` → the server is started on the large data set and each request is timed sequentially over HTTP. The databases are dropped at the end.',
    '',
    `Settings of this run: load ${settings.loadDurationS} s with ${settings.loadConnections} connections; ${settings.requestsPerView} requests per list or search (fewer when a request is so slow that its time budget runs out).`,
    '',
    'PGlite is measured at a tenth of the size (100,000 tickets and 300,000 messages by default): its engine is single-threaded WebAssembly inside the server process, generating a million tickets in it takes too long for a routine run, and the embedded database is meant for small installations. The p99 targets (lists 50 ms, search 200 ms at a million tickets) are checked on PostgreSQL only. Latencies are measured by the client over HTTP on the same machine, so they include Fastify, JSON and the network stack; the `Execution Time` in each plan below is the database\'s share.',
    '',
    '## Results',
    '',
    ...results.flatMap(resultTables),
    '## Findings',
    '',
    ...(findings.length ? findings.map((f) => `- ${f}`) : ['- Every list and search query uses indexes, and PostgreSQL meets the targets.']),
    '',
    '## Query plans',
    '',
    'The SQL below is what the tickets store generated for each request, recorded while the request ran, with its parameters.',
    '',
    ...results.flatMap(planBlocks),
  ].join('\n');
}

export function printSummary(results: TargetResult[]): void {
  for (const result of results) {
    process.stdout.write(`\n${resultTables(result).join('\n')}\n`);
  }
}
