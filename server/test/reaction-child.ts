// A Frontline node for the reaction tests (src/events/reactions.test.ts), booted from the
// environment with three probe reactions. REACTION_SEED=n appends n probe events, commits, and
// then (REACTION_KILL=after-commit) kills the process at once. REACTION_KILL=during kills it inside
// the first attempt of probe.first, after its write but before its commit. Prints "state <json>"
// with the probe runs every 200 ms.
import { boot } from '../src/boot.ts';
import { readConfig } from '../src/config.ts';
import { appendEvents } from '../src/events/append.ts';
import type { Reaction } from '../src/events/reactions.ts';
import { PROBE_EVENT, createProbeTable, probeEvent, probeFeature, probeRuns, recordRun, recorder } from './reaction-probes.ts';

const kill = process.env.REACTION_KILL;
const first: Reaction = {
  name: 'probe.first',
  on: [PROBE_EVENT],
  async handle(ctx, event) {
    await recordRun(ctx.tx, 'probe.first', event, ctx.job.attempts);
    if (kill === 'during' && ctx.job.attempts === 1) process.kill(process.pid, 'SIGKILL');
  },
};
const reactions = [first, recorder('probe.second'), recorder('probe.third', { perTicket: true })];
const frontline = await boot(readConfig(process.env), { extraFeatures: [probeFeature(reactions)] });
const { db } = frontline.ctx;
await createProbeTable(db);
const seed = Number(process.env.REACTION_SEED ?? 0);
if (seed > 0) {
  await db.transaction().execute((tx) => appendEvents(tx, Array.from({ length: seed }, (_, index) => probeEvent(PROBE_EVENT, 1 + (index % 7)))));
  process.stdout.write('committed\n');
  if (kill === 'after-commit') process.kill(process.pid, 'SIGKILL');
}
setInterval(() => {
  void (async () => {
    const runs = await probeRuns(db);
    const jobs = await db.selectFrom('jobs').select(['status']).where('kind', 'like', 'reaction:%').execute();
    process.stdout.write(`state ${JSON.stringify({ runs: runs.length, open: jobs.filter((job) => job.status !== 'done').length, pid: process.pid, detail: runs.length <= 20 ? runs : [] })}\n`);
  })();
}, 200);
