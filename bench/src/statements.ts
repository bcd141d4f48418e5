// `npx tsx src/statements.ts` in bench/: how many SQL statements (and transactions) each write-path request
// costs, and which ones: a Frontline booted in this process, each request sent through Fastify's
// inject, every statement counted by a Kysely plugin. Round trips, not speed: the count does not
// depend on how busy the machine is. BENCH_PG_URL (or --only=pglite) picks the database. With
// --time, every statement run meanwhile (the job runner's too: on PGlite they share the thread) is
// timed, and the statements that took the most time in all are listed.
import { AsyncLocalStorage } from 'node:async_hooks';
import { parseArgs } from 'node:util';
import { PostgresQueryCompiler, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { readConfig } from '../../server/src/config.ts';
import { boot } from '../../server/src/boot.ts';
import { createLogger } from '../../server/src/logger.ts';
import { ADMIN } from './server-process.ts';
import { pgliteTarget, postgresTarget, type Target } from './targets.ts';
import { writePathRequests } from './write-path.ts';

const { values: args } = parseArgs({ options: { only: { type: 'string', default: 'postgres' }, show: { type: 'boolean', default: false }, time: { type: 'boolean', default: false } }, strict: true });

class StatementCounter implements KyselyPlugin {
  statements: string[] = [];
  /** Set while a request is being answered: the job runner's statements meanwhile are not the request's. */
  readonly inRequest = new AsyncLocalStorage<true>();
  private readonly compiler = new PostgresQueryCompiler();
  /** Each query's text by its id: a subquery is transformed too, but only what runs reaches transformResult. */
  private readonly texts = new WeakMap<object, string>();
  /** With --time: every statement's text → [executions, milliseconds in all]. */
  readonly timed = new Map<string, [number, number]>();
  private readonly started = new WeakMap<object, number>();
  constructor(private readonly timing: boolean) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.inRequest.getStore() || this.timing) this.texts.set(args.queryId, this.compiler.compileQuery(args.node, args.queryId).sql.replace(/\s+/g, ' ').slice(0, 160));
    if (this.timing) this.started.set(args.queryId, performance.now());
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const text = this.texts.get(args.queryId);
    if (text !== undefined && this.inRequest.getStore()) this.statements.push(text);
    const started = this.started.get(args.queryId);
    if (text !== undefined && started !== undefined) {
      const entry = this.timed.get(text) ?? [0, 0];
      this.timed.set(text, [entry[0] + 1, entry[1] + performance.now() - started]);
    }
    return Promise.resolve(args.result);
  }
}

const target: Target = args.only === 'pglite' ? pgliteTarget() : await postgresTarget(process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
try {
  const config = readConfig({ ...target.env, FRONTLINE_ADMIN_EMAIL: ADMIN.email, FRONTLINE_ADMIN_PASSWORD: ADMIN.password, SMTP_PORT: '0', LOG_LEVEL: 'warn' });
  const database = await target.open();
  const counter = new StatementCounter(args.time);
  const frontline = await boot(config, { database: { ...database, db: database.db.withPlugin(counter) }, log: createLogger({ level: 'warn' }) });
  try {
    const app = frontline.app;
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
    const token = (login.json() as { token: string }).token;
    const requests = await writePathRequests(async (method, url, body) => {
      const response = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) }, ...(body && { payload: body }) });
      return { status: response.statusCode, body: response.body };
    });
    // Quiet workers: only what the requests themselves run is counted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const only = process.env.BENCH_WRITE_ONLY;
    for (const request of requests.filter((request) => !only || request.label.includes(only))) {
      const rounds = Number(process.env.BENCH_STATEMENT_ROUNDS ?? 200);
      let total = 0;
      let shown: string[] = [];
      const cpu = process.cpuUsage();
      for (let n = 0; n < rounds; n++) {
        counter.statements = [];
        const response = await counter.inRequest.run(true, () => request.send(n));
        if (response.status >= 300) throw new Error(`${request.label}: ${response.status} ${response.body}`);
        total += counter.statements.length;
        shown = counter.statements;
      }
      const used = process.cpuUsage(cpu);
      // CPU time of this process (HTTP, validation, Kysely, the driver; on PGlite the database too): less sensitive to a busy machine than wall time.
      process.stdout.write(`${target.kind}: ${request.label}: ${(total / rounds).toFixed(1)} statements, ${Math.round((used.user + used.system) / rounds)} µs CPU per request\n`);
      if (args.show) for (const statement of shown) process.stdout.write(`    ${statement}\n`);
      if (args.time) {
        // What the workers still do for these requests (deliveries) is theirs too.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const top = [...counter.timed].sort((a, b) => b[1][1] - a[1][1]).slice(0, 20);
        for (const [text, [count, ms]] of top) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms ${String(count).padStart(5)}× ${text}\n`);
        counter.timed.clear();
      }
    }
  } finally {
    await frontline.close();
  }
} finally {
  await target.destroy();
}
