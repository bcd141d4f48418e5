// Background work of this node: the durable job runner with every feature's job kinds and
// reactions, then each feature's node-local parts (channels, SMTP, IMAP, in-memory subscriptions).
// The runner is always built, so handlers are registered the same way everywhere; it claims jobs
// only when JOBS is on (with JOBS=off a node serves HTTP only, and tests drive it with drain()).
import type { Context } from './context.ts';
import type { Feature, NodePart, NodeServices } from './feature.ts';
import { JobRunner } from './jobs/runner.ts';
import { installReactions } from './events/reactions.ts';

export interface Workers {
  runner: JobRunner;
  /** The SMTP receiver and its port, when SMTP_PORT is not 0. */
  smtp: NodeServices['smtp'] | undefined;
  /** The IMAP poller, when IMAP is on: its polls run as `email.imap.poll` jobs on the runner. */
  imap: NodeServices['imap'] | undefined;
  stop(): Promise<void>;
}

export async function startWorkers(ctx: Context, features: readonly Feature[]): Promise<Workers> {
  const runner = new JobRunner({ database: ctx.database, log: ctx.log.child({ part: 'jobs' }), clock: ctx.clock, concurrency: ctx.config.jobsConcurrency, leaseMs: ctx.config.jobsLeaseMs });
  for (const feature of features) {
    for (const job of feature.jobs ?? []) {
      runner.registerBatch(job.kind, job.batchSize ?? 1, (jobs) => job.run(ctx, jobs), job.concurrency ? { concurrency: job.concurrency(ctx.config) } : {});
    }
  }
  await installReactions(ctx, runner, features.flatMap((feature) => feature.reactions ?? []));
  const parts: NodePart[] = [];
  for (const feature of features) {
    const part = await feature.start?.(ctx, runner);
    if (part) parts.push(part);
  }
  if (ctx.config.jobsEnabled) void runner.start();
  const services: Partial<NodeServices> = Object.assign({}, ...parts.map((part) => part.services ?? {}));
  return {
    runner,
    smtp: services.smtp,
    imap: services.imap,
    async stop() {
      for (const part of [...parts].reverse()) await part.stop?.();
      await runner.stop();
      for (const part of [...parts].reverse()) await part.close?.();
    },
  };
}
