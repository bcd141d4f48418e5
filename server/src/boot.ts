// Assembles a running Frontline from a configuration: database, migrations, first admin,
// event bus, job runner and HTTP app, the last two from the feature manifest (features.ts).
// main.ts, the CLI and the tests all start here.
import path from 'node:path';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { systemClock, type Clock, type Context } from './context.ts';
import { connect, type Database } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { setPasswordHashCost } from './auth/secrets.ts';
import { EventBus } from './events/bus.ts';
import { DatabaseBlobStore, DirectoryBlobStore } from './attachments/blob-store.ts';
import { ChannelRegistry } from './channels/registry.ts';
import { loadSecretBox } from './auth/secret-box.ts';
import { buildApp } from './http/app.ts';
import { countAgents, createAgent } from './agents/verbs.ts';
import { nameFromEmail } from './agents/name-from-email.ts';
import { AppError } from './errors.ts';
import { startWorkers, type Workers } from './workers.ts';
import { createLogger } from './logger.ts';
import { features } from './features.ts';
import type { Feature } from './feature.ts';

export interface Frontline {
  ctx: Context;
  app: FastifyInstance;
  workers: Workers;
  close(): Promise<void>;
}

export interface BootOptions {
  clock?: Clock;
  log?: Logger;
  /** An already open database (tests); otherwise one is opened from the configuration. */
  database?: Database;
  /**
   * What to do when the embedded database failed for good (main.ts: log it and exit, so a
   * supervisor restarts the process instead of it answering 500 to everything).
   */
  onDatabaseFatal?: (error: unknown, log: Logger) => void;
  /** Features beside the manifest's (tests: probe reactions). */
  extraFeatures?: readonly Feature[];
}

export async function openDatabase(config: Config, onFatal?: (error: unknown) => void): Promise<Database> {
  return connect({ url: config.databaseUrl, preparedStatements: config.preparedStatements, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'), ...(onFatal && { onFatal }) });
}

export async function boot(config: Config, options: BootOptions = {}): Promise<Frontline> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  setPasswordHashCost(config.passwordHash);
  const onFatal = options.onDatabaseFatal;
  const database = options.database ?? (await openDatabase(config, onFatal && ((error) => onFatal(error, log))));
  const applied = await migrate(database);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const events = new EventBus(database, log);
  await events.start();
  const ctx: Context = {
    config,
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    log,
    events,
    blobs: config.blobDir ? new DirectoryBlobStore(config.blobDir) : new DatabaseBlobStore(database.db),
    channels: new ChannelRegistry(),
    secrets: loadSecretBox({ secretKey: config.secretKey, dataDir: config.dataDir, embedded: database.kind === 'pglite' }),
  };
  await ensureFirstAdmin(ctx);
  const all = [...features, ...(options.extraFeatures ?? [])];
  const workers = await startWorkers(ctx, all);
  const app = await buildApp(ctx, all);
  return {
    ctx,
    app,
    workers,
    async close() {
      await app.close();
      await workers.stop();
      await events.stop();
      await database.close();
    },
  };
}

/** Creates the first admin from FRONTLINE_ADMIN_EMAIL/PASSWORD when no agent exists yet. */
async function ensureFirstAdmin(ctx: Context): Promise<void> {
  const { adminEmail, adminPassword } = ctx.config;
  if (!adminEmail || !adminPassword) return;
  if ((await countAgents(ctx.db)) > 0) return;
  // Customers see the alias: a real name from FRONTLINE_ADMIN_NAME, else one read from the address.
  const derived = nameFromEmail(adminEmail);
  const name = ctx.config.adminName ?? derived.name;
  const alias = ctx.config.adminName ?? derived.alias;
  let agent;
  try {
    agent = await createAgent(ctx.db, { email: adminEmail, name, alias, role: 'admin', password: adminPassword, teamIds: [] });
  } catch (error) {
    // A weak or malformed first password stops the start with the reason, not a stack trace of a 422.
    if (error instanceof AppError) throw new Error(`FRONTLINE_ADMIN_PASSWORD (or FRONTLINE_ADMIN_EMAIL) is not accepted: ${error.message}`);
    throw error;
  }
  ctx.log.info({ agentId: agent.id, email: agent.email, alias: agent.alias }, 'first admin created');
  if (!ctx.config.adminName && !derived.personal) ctx.log.warn({ alias: agent.alias }, 'the first admin\'s address names no person: set the name and alias customers see under Settings (or FRONTLINE_ADMIN_NAME)');
}
