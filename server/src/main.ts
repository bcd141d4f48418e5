// Composition root: configuration → database → migrations → HTTP (and the workers boot starts).
import { readConfig } from './config.ts';
import { boot } from './boot.ts';

const started = performance.now();
const config = readConfig();
let stopping = false;
const frontline = await boot(config, {
  // Every later query would fail as well: stop, and let the supervisor start a fresh process.
  onDatabaseFatal(error, log) {
    if (stopping) return;
    log.fatal({ err: error }, 'the embedded database failed and cannot recover; exiting so the process is restarted');
    process.exit(70);
  },
});
await frontline.app.listen({ port: config.port, host: config.host });
frontline.ctx.log.info(
  { port: config.port, database: frontline.ctx.database.kind, startMs: Math.round(performance.now() - started), rssMb: Math.round(process.memoryUsage().rss / 1048576) },
  'Frontline is ready',
);
if (!config.adminEmail && frontline.ctx.config) {
  const { countAgents } = await import('./agents/verbs.ts');
  if ((await countAgents(frontline.ctx.db)) === 0) {
    frontline.ctx.log.warn('no agent exists yet: start with FRONTLINE_ADMIN_EMAIL and FRONTLINE_ADMIN_PASSWORD, or run `npm run frontline -- create-admin`');
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    frontline.ctx.log.info({ signal }, 'shutting down');
    frontline.close().then(
      () => process.exit(0),
      (error: unknown) => {
        frontline.ctx.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
