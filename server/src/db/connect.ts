// Opens the database: PGlite in DATA_DIR by default, PostgreSQL when a URL is given.
// Both speak the same SQL; LISTEN/NOTIFY is wrapped so the rest of the server does not care which.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { DB } from './tables.ts';

export type Listener = (payload: string) => void;

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** Subscribes to a NOTIFY channel; the returned function unsubscribes. */
  listen(channel: string, listener: Listener): Promise<() => Promise<void>>;
  /** Runs work on one session that can execute multi-statement SQL text (migrations, bulk generation). */
  withSession<T>(work: (exec: ScriptRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Executes SQL text that may hold several statements; returns the rows of the last one. */
export type ScriptRunner = (text: string) => Promise<Record<string, unknown>[]>;

export interface ConnectOptions {
  /** PostgreSQL connection string; when absent the embedded database is used. */
  url?: string | undefined;
  /** Directory of the embedded database; absent means in memory. */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Whether PostgreSQL connections prepare the statements that can be (preparable); default on. */
  preparedStatements?: boolean | undefined;
  /**
   * Told (once) when the embedded database failed in a way it cannot recover from: every later
   * query would fail too, so the process should stop and be restarted. Absent: only rethrown.
   */
  onFatal?: (error: unknown) => void;
  /** An already open embedded database to use instead of opening one (tests). */
  pglite?: PGlite;
}

/**
 * Bind parameters the embedded database takes in one statement. Its count is a signed 16-bit
 * number: from 32,768 on, the statement and every query after it silently answer nothing, for
 * good. Such a statement is refused before it gets there (db/bulk.ts keeps ours far below).
 */
export const PGLITE_MAX_PARAMETERS = 32_767;

/** Errors after which the embedded database answers nothing any more: its WebAssembly runtime aborted (a RuntimeError), or it closed under us. */
export function isFatalPgliteError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'RuntimeError' || error.name === 'ExitStatus') return true;
  return /^PGlite is clos(ed|ing)\b|^Aborted\(/.test(error.message);
}

const INT8 = 20;
const NUMERIC = 1700;

export async function connect(options: ConnectOptions): Promise<Database> {
  return options.url ? connectPostgres(options.url, options.poolSize ?? 10, options.preparedStatements ?? true) : connectPglite(options);
}

/**
 * Opens the embedded database as Frontline uses it (its extension and number parsers), in
 * `dataDir` or in memory; `from` starts it from a dump of another one (`dumpDataDir`) instead of
 * an empty cluster.
 */
export async function openPglite(dataDir: string | undefined, from?: Blob): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  return PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(from ? { loadDataDir: from } : {}),
    extensions: { pg_trgm },
    parsers: { [INT8]: (value: string) => Number(value), [NUMERIC]: (value: string) => Number(value) },
  });
}

async function connectPglite(options: ConnectOptions): Promise<Database> {
  const client = options.pglite ?? (await openPglite(options.dataDir));
  let reported = false;
  const watch = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      if (!reported && isFatalPgliteError(error)) {
        reported = true;
        options.onFatal?.(error);
      }
      throw error;
    });
  // The dialect uses only query() and close(): a statement too large for the embedded database is
  // refused here with an ordinary error, and a failure it cannot recover from is reported.
  const guarded = {
    query: (text: string, parameters: unknown[]) => {
      if (parameters.length > PGLITE_MAX_PARAMETERS) {
        return Promise.reject(new Error(`a statement with ${parameters.length} bind parameters was refused: the embedded database takes at most ${PGLITE_MAX_PARAMETERS}`));
      }
      return watch(client.query(text, parameters));
    },
    close: () => (client.closed ? Promise.resolve() : client.close()),
  } as unknown as PGlite;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(guarded) });
  return {
    db,
    kind: 'pglite',
    // PGlite runs LISTEN on its only session whatever Kysely is doing there; taking the dialect's
    // connection first keeps it out of another caller's open transaction, whose rollback would undo it.
    async listen(channel, listener) {
      const unlisten = await db.connection().execute(() => client.listen(channel, listener));
      return async () => {
        if (!client.closed) await db.connection().execute(() => unlisten());
      };
    },
    async withSession(work) {
      return work(async (text) => {
        const results = await watch(client.exec(text));
        return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
      });
    },
    async close() {
      reported = true; // what fails while closing is expected, not fatal
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}

async function connectPostgres(url: string, poolSize: number, prepared: boolean): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection the server closes (a restart, a failover, a dropped database) is an
  // expected event: the pool replaces it. Unhandled, it would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: prepared ? preparing(pool) : pool }) });
  const notifier = new PgNotifier(url);
  return {
    db,
    kind: 'postgres',
    listen: (channel, listener) => notifier.listen(channel, listener),
    async withSession(work) {
      const session = await pool.connect();
      try {
        return await work(async (text) => {
          const result = (await session.query(text)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result.at(-1) : result;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        session.release();
      }
    },
    async close() {
      await notifier.close();
      await db.destroy();
    },
  };
}

/** One dedicated connection that LISTENs for this process; reconnects and re-listens after a drop. */
class PgNotifier {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;

  constructor(private readonly url: string) {}

  async listen(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const client = await this.connection();
    // Read the set only after the await: two listeners of one channel arriving together must share it.
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    set.add(listener);
    return async () => {
      set.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      for (const listener of this.listeners.get(message.channel) ?? []) listener(message.payload ?? '');
    });
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    await client.connect();
    for (const channel of this.listeners.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.client = client;
    return client;
  }

  private reconnectLater(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    const retry = (): void => {
      if (this.closed) return;
      this.connection().then(
        () => {
          for (const listener of this.listeners.get(RECONNECTED) ?? []) listener('');
        },
        () => setTimeout(retry, 1000).unref(),
      );
    };
    setTimeout(retry, 100).unref();
  }
}

/** A pseudo-channel told when the LISTEN connection came back, so subscribers can catch up on what they missed. */
export const RECONNECTED = '__reconnected__';

/** Named (server-side prepared) statements a connection keeps at most; beyond them, statements go unnamed. */
const PREPARED_PER_CONNECTION = 256;
/** `select *`, `returning *`, `"t".*`: a statement whose result columns are the table's. */
const ALL_COLUMNS = /\b(?:select|returning)\s+\*|\.\*/i;
/** A read whose best plan depends on the values: it searches, sorts or pages. */
const VALUE_DEPENDENT = /\b(?:order\s+by|limit|i?like|similar)\b|@@|%/i;

/**
 * Whether a statement is prepared once per connection (named): writes, and reads that only look
 * rows up. PostgreSQL may then plan them once for all values (a generic plan), which is right for a
 * lookup by key and wrong for a search or a page of a list (their plan depends on how common the
 * value is), so those stay unnamed and are planned at every execution. Statements with a `*` stay
 * unnamed too: their result columns follow the table, and a prepared one fails once a migration
 * (another node's, in a rolling upgrade) adds a column.
 */
export function preparable(text: string): boolean {
  if (ALL_COLUMNS.test(text)) return false;
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
  if (verb === 'insert' || verb === 'update' || verb === 'delete') return true;
  if (verb === 'with' && /\b(?:insert|update|delete)\b/i.test(text)) return true;
  return (verb === 'select' || verb === 'with') && !VALUE_DEPENDENT.test(text);
}

/** Each statement text's name (null: not preparable), so the hash and the test run once per text; a bounded memory. */
const names = new Map<string, string | null>();
const REMEMBERED_TEXTS = 2_000;

function statementName(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    name = preparable(text) ? `f${createHash('sha1').update(text).digest('base64url').slice(0, 20)}` : null;
    if (names.size >= REMEMBERED_TEXTS) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * The pool as Kysely sees it, each connection naming the statements it runs that are preparable,
 * so PostgreSQL parses and analyses them once per connection instead of at every execution (a
 * third more lookups a second, docs/benchmarks.md). Off with DATABASE_PREPARED_STATEMENTS=false
 * (a pooler in transaction mode that cannot keep them).
 */
function preparing(pool: pg.Pool) {
  const wrapped = new WeakSet<pg.PoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      if (!wrapped.has(client)) {
        wrapped.add(client);
        /** The names this connection has prepared. */
        const prepared = new Set<string>();
        const query = client.query.bind(client) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
        (client as { query: unknown }).query = (text: string | pg.QueryConfig, values?: unknown[]) => {
          if (typeof text !== 'string') return query(text);
          const name = values && statementName(text);
          if (!name) return query({ text, values });
          if (!prepared.has(name)) {
            if (prepared.size >= PREPARED_PER_CONNECTION) return query({ text, values });
            prepared.add(name);
          }
          return query({ name, text, values });
        };
      }
      return client;
    },
    end: () => pool.end(),
  };
}
