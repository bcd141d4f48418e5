// Captures the SQL the server really runs for a request (through the real routes, in process)
// and records EXPLAIN (ANALYZE, BUFFERS) of each statement that reads tickets or messages.
import pino from 'pino';
import {
  CompiledQuery,
  PostgresQueryCompiler,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { readConfig } from '../../server/src/config.ts';
import { boot } from '../../server/src/boot.ts';
import type { Database } from '../../server/src/db/connect.ts';

export interface ExplainRequest {
  name: string;
  path: string;
  /** Who asks: the email and password to sign in with. */
  as: { email: string; password: string };
}

export interface PlannedQuery {
  sql: string;
  parameters: unknown[];
  plan: string;
  executionMs: number;
  /** Tables of the hot path read by a sequential scan ("Seq Scan on tickets …"). */
  seqScans: string[];
  /** The most rows one plan node read and threw away ("Rows Removed by Filter"): an index walk can be as bad as a scan. */
  rowsRemoved: number;
}

export interface ExplainResult {
  name: string;
  path: string;
  status: number;
  queries: PlannedQuery[];
}

/** Keeps the operation tree of every query run while `recording` is on. */
class QueryRecorder implements KyselyPlugin {
  recording = false;
  readonly queries: CompiledQuery[] = [];
  private readonly compiler = new PostgresQueryCompiler();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording) this.queries.push(this.compiler.compileQuery(args.node, args.queryId));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

// Customers and their identities are as many as a fifth of the tickets: a search must not scan them
// either. Organizations are few enough that a scan is the planner's right choice.
const HOT_TABLES = /\b(from|join)\s+"?(tickets|messages|customers|customer_identities|organizations|ticket_reads)"?/i;
const SEQ_SCAN = /Seq Scan on (tickets|messages|customers|customer_identities|ticket_reads)\b/g;

/** Boots Frontline in process on `database` (and closes it when done, like the server would). */
export async function explainRequests(database: Database, env: Record<string, string>, requests: ExplainRequest[]): Promise<ExplainResult[]> {
  const recorder = new QueryRecorder();
  const recorded: Database = { ...database, db: database.db.withPlugin(recorder) };
  const frontline = await boot(readConfig({ ...env, JOBS: 'off', LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000' }), {
    database: recorded,
    log: pino({ level: 'silent' }),
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  try {
    const tokens = new Map<string, string>();
    const results: ExplainResult[] = [];
    for (const request of requests) {
      let token = tokens.get(request.as.email);
      if (!token) {
        const response = await frontline.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: request.as });
        if (response.statusCode !== 200) throw new Error(`sign-in as ${request.as.email} failed: ${response.body}`);
        token = response.json<{ token: string }>().token;
        tokens.set(request.as.email, token);
      }
      recorder.queries.length = 0;
      recorder.recording = true;
      const response = await frontline.app.inject({ method: 'GET', url: request.path, headers: { authorization: `Bearer ${token}` } });
      recorder.recording = false;
      const queries: PlannedQuery[] = [];
      for (const query of recorder.queries.filter((q) => HOT_TABLES.test(q.sql) && /^\s*select/i.test(q.sql))) {
        const explained = await database.db.executeQuery<Record<string, string>>(
          CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, [...query.parameters]),
        );
        const plan = explained.rows.map((row) => Object.values(row)[0]).join('\n');
        const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
        const rowsRemoved = Math.max(0, ...[...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].map((m) => Number(m[1])));
        queries.push({ sql: query.sql, parameters: [...query.parameters], plan, executionMs, seqScans: [...plan.matchAll(SEQ_SCAN)].map((m) => m[1]!), rowsRemoved });
      }
      results.push({ name: request.name, path: request.path, status: response.statusCode, queries });
    }
    return results;
  } finally {
    await frontline.close();
  }
}
