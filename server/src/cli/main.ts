// The `frontline` command line: administration tasks run against the same database as
// `npm start` (DATABASE_URL, or the embedded database in DATA_DIR), without starting HTTP.
// Run it from the repository root as `npm run frontline -- <command>`.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig, type Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { UsageError } from './create-admin.ts';
import { describeFailure } from './failure.ts';
import { promptHidden } from './prompt.ts';
import type { SeedResult } from './seed-demo.ts';

const HELP = `Frontline command line

Usage: npm run frontline -- <command> [options]

Commands:
  create-admin   Create an administrator.
                   --email E        (or FRONTLINE_ADMIN_EMAIL)
                   --password P     (or FRONTLINE_ADMIN_PASSWORD; asked for when missing in a terminal)
                   --name N         the admin's real name (default: read from the email)
                   --alias A        the name customers see (default: the name)
  seed-demo      Fill this instance with demo organizations, customers, agents and tickets
                 in English, Russian and Georgian. Running it again adds nothing twice.
                 While the server runs on the embedded database, it goes through the server
                 (POST /api/v1/admin/demo-data) as an admin:
                   --url U          the server (default http://127.0.0.1:PORT; given, always used)
                   --email E        an admin (or FRONTLINE_ADMIN_EMAIL)
                   --password P     (or FRONTLINE_ADMIN_PASSWORD; asked for in a terminal)
                   --token T        an admin's API token instead (or FRONTLINE_TOKEN)
  help           Show this text.

The database is the one \`npm start\` uses: DATABASE_URL when set, otherwise the embedded
database in DATA_DIR (default ./data of the directory npm was run in). Only one process may open
the embedded database: stop the server before create-admin (seed-demo goes through it instead).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    case 'create-admin': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, alias: { type: 'string' } }, strict: true });
      const config = readConfig();
      const email = values.email ?? config.adminEmail;
      const password = values.password ?? config.adminPassword ?? (email ? await promptHidden(`Password for ${email}: `) : undefined);
      return withDatabase(config, async (database) => {
        const { createAdminCommand } = await import('./create-admin.ts');
        const admin = await createAdminCommand(database.db, { email, password, name: values.name ?? config.adminName, alias: values.alias });
        process.stdout.write(`Created administrator ${admin.email} (id ${admin.id}), shown to customers as "${admin.alias}". Sign in with this email and password.\n`);
        return 0;
      });
    }
    case 'seed-demo': {
      const { values } = parseArgs({ args: rest, options: { url: { type: 'string' }, token: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } }, strict: true });
      const config = readConfig();
      // The embedded database is open in the running server: let the server seed it.
      const url = values.url ?? (!config.databaseUrl && embeddedInUse(embeddedDir(config)) ? `http://127.0.0.1:${config.port}` : undefined);
      if (url) {
        const { seedThroughServer } = await import('./seed-remote.ts');
        const token = values.token ?? process.env.FRONTLINE_TOKEN;
        const email = values.email ?? config.adminEmail;
        const password = token ? undefined : (values.password ?? config.adminPassword ?? (email ? await promptHidden(`Password for ${email}: `) : undefined));
        process.stdout.write(`The server at ${url} adds the demo data.\n`);
        const unreachableHint = values.url ? undefined : `If no server runs (it was killed), delete ${path.join(embeddedDir(config), 'postmaster.pid')} and try again.`;
        return printSeed(await seedThroughServer({ url, token, email, password, unreachableHint }));
      }
      return withDatabase(config, async (database) => {
        const { seedDemo } = await import('./seed-demo.ts');
        return printSeed(await seedDemo(database.db, new Date()));
      });
    }
    default:
      throw new UsageError(`Unknown command "${command}". Run \`npm run frontline -- help\` for the list.`);
  }
}

function printSeed(result: SeedResult): number {
  if (result.skipped) {
    process.stdout.write('The demo data is already there; nothing was added.\n');
  } else {
    process.stdout.write(`Added ${result.organizations} organizations, ${result.customers} customers, ${result.tickets} tickets and ${result.messages} messages.\n`);
  }
  process.stdout.write(`Demo agents (password "${result.agentPassword}"):\n`);
  for (const agent of result.agents) process.stdout.write(`  ${agent.email}  ${agent.name} (${agent.role})\n`);
  return 0;
}

const embeddedDir = (config: Config) => path.join(config.dataDir, 'pglite');
const embeddedInUse = (dataDir: string) => fs.existsSync(path.join(dataDir, 'postmaster.pid'));

// The database modules load only for commands that need them, so `help` answers at once.
async function withDatabase(config: Config, work: (database: Database) => Promise<number>): Promise<number> {
  if (!config.databaseUrl) refuseWhenEmbeddedInUse(embeddedDir(config));
  const [{ openDatabase }, { migrate }] = await Promise.all([import('../boot.ts'), import('../db/migrate.ts')]);
  const database = await openDatabase(config);
  try {
    await migrate(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

/** PGlite keeps a postmaster.pid while a process has the directory open; two writers would corrupt it. */
function refuseWhenEmbeddedInUse(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (embeddedInUse(dataDir)) {
    throw new UsageError(
      `The embedded database in ${dataDir} is open in another process (is \`npm start\` running?). ` +
        `Stop it first. If nothing is running (the server was killed), delete ${pidFile} and try again.`,
    );
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const failure = describeFailure(error);
  process.stderr.write(failure.text);
  process.exitCode = failure.exitCode;
}
