// Durable reactions: the event INSERT enqueues one job per subscribed reaction (and a rollback
// none); each runs once even when its node dies after the commit, or during the handler, or when
// its outcome was never recorded; two nodes on one PostgreSQL run 1,000 events × 3 reactions
// exactly 3,000 times; a reaction that keeps failing ends dead, visible and retryable, while the
// others go on; per-ticket reactions never overlap for one ticket and follow its events' order.
import assert from 'node:assert/strict';
import { runChildNode } from '../../test/child-node.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { freshDatabase, startTestApp, TEST_SECRET_KEY, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { createProbeTable, probe, probeEvent, probeFeature, probeRuns, recordRun, recorder } from '../../test/reaction-probes.ts';
import type { Reaction } from './reactions.ts';
import { appendEvents, type NewEvent } from './append.ts';

const COUNTED = probe('probe.counted');
const TROUBLED = probe('probe.troubled');
const ORDERED = probe('probe.ordered');
const UNHEARD = probe('probe.unheard');
const BATCHED = probe('probe.batched');
const FILTERED = probe('probe.filtered');
/** A batched probe event for this ticket id fails its batch and, alone, its own job. */
const POISONED_TICKET = 666;

describe('durable reactions in one node', () => {
  let t: TestApp;
  const clock = new TestClock();
  let throwing = true;
  /** Per reaction and ticket: handlers running now, and how often a second one started beside the first. */
  const runningNow = new Map<string, number>();
  const overlaps = { 'probe.ordered': 0, 'probe.loose': 0 };
  const watched = (name: 'probe.ordered' | 'probe.loose', perTicket: boolean): Reaction => ({
    name,
    on: [ORDERED],
    perTicket,
    async handle(ctx, event) {
      const key = `${name}|${event.ticketId}`;
      const now = (runningNow.get(key) ?? 0) + 1;
      runningNow.set(key, now);
      if (now > 1) overlaps[name]++;
      try {
        await sleep(2 + Math.floor(Math.random() * 6));
        await recordRun(ctx.tx, name, event, ctx.job.attempts);
      } finally {
        runningNow.set(key, runningNow.get(key)! - 1);
      }
    },
  });
  const reactions: Reaction[] = [
    recorder('probe.a', { on: [COUNTED, TROUBLED] }),
    recorder('probe.b', { on: [COUNTED, TROUBLED] }),
    {
      name: 'probe.thrower',
      on: [TROUBLED],
      maxAttempts: 3,
      async handle(ctx, event) {
        if (throwing) throw new Error('probe failure');
        await recordRun(ctx.tx, 'probe.thrower', event, ctx.job.attempts);
      },
    },
    watched('probe.ordered', true),
    watched('probe.loose', false),
    recorder('probe.wanted', { on: [FILTERED], when: { kind: 'wanted', loud: true } }),
    {
      name: 'probe.many',
      on: [BATCHED],
      maxAttempts: 2,
      async handle(ctx, event) {
        if (event.ticketId === POISONED_TICKET) throw new Error('poisoned probe');
        await recordRun(ctx.tx, 'probe.many', event, ctx.job.attempts);
      },
      async handleMany(ctx, events) {
        batches.push(events.length);
        assert.deepEqual(events.map((event) => event.id), [...events.map((event) => event.id)].sort((a, b) => a - b), 'events in id order');
        for (const event of events) {
          if (event.ticketId === POISONED_TICKET) throw new Error('poisoned probe');
          await recordRun(ctx.tx, 'probe.many', event, ctx.jobs[0]!.attempts);
        }
      },
    },
  ];
  const batches: number[] = [];
  const runner = () => t.frontline.workers.runner;
  const db = () => t.frontline.ctx.db;
  const reactionJobs = () => db().selectFrom('jobs').selectAll().where('kind', 'like', 'reaction:%').orderBy('id').execute();

  before(async () => {
    t = await startTestApp({ clock, env: { JOBS: 'off', JOBS_CONCURRENCY: '6' }, extraFeatures: [probeFeature(reactions)] });
    await createProbeTable(db());
  });
  after(() => t.close());

  test('the event INSERT enqueues one job per subscribed reaction; a rollback leaves none, an unheard type none', async () => {
    await assert.rejects(
      db().transaction().execute(async (tx) => {
        await appendEvents(tx, [probeEvent(COUNTED)]);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal((await reactionJobs()).length, 0, 'rolled back with its event');
    const events = await db().transaction().execute((tx) => appendEvents(tx, [probeEvent(COUNTED, 5), probeEvent(UNHEARD), probeEvent(COUNTED)]));
    const jobs = await reactionJobs();
    assert.deepEqual(
      jobs.map((job) => [job.kind, job.payload.eventId, job.status, job.max_attempts]),
      [
        ['reaction:probe.a', events[0]!.id, 'pending', 5],
        ['reaction:probe.b', events[0]!.id, 'pending', 5],
        ['reaction:probe.a', events[2]!.id, 'pending', 5],
        ['reaction:probe.b', events[2]!.id, 'pending', 5],
      ],
    );
    await runner().drain();
    const runs = await probeRuns(db());
    assert.deepEqual(runs.map((run) => `${run.reaction}@${run.event_id}`).sort(), [`probe.a@${events[0]!.id}`, `probe.a@${events[2]!.id}`, `probe.b@${events[0]!.id}`, `probe.b@${events[2]!.id}`].sort());
    assert.equal(runs.find((run) => run.event_id === events[0]!.id)!.ticket_id, 5, 'the handler got the stored event');
    assert.ok((await reactionJobs()).every((job) => job.status === 'done'));
  });

  test('a job run again after its handler committed (the outcome was never recorded) does nothing twice', async () => {
    const before = (await probeRuns(db())).length;
    // What a node that died between the handler's commit and recording the outcome leaves behind.
    await db().updateTable('jobs').set({ status: 'pending', finished_at: null }).where('kind', 'like', 'reaction:%').execute();
    await runner().drain();
    assert.equal((await probeRuns(db())).length, before);
    assert.ok((await reactionJobs()).every((job) => job.status === 'done'));
  });

  test('a reaction that keeps throwing ends dead and visible while the others go on; retrying a dead one runs it again', async () => {
    const [event] = await db().transaction().execute((tx) => appendEvents(tx, [probeEvent(TROUBLED)]));
    for (let attempt = 0; attempt < 3; attempt++) {
      await runner().drain();
      clock.advance(2 * 60 * 60_000);
    }
    const thrower = (await reactionJobs()).find((job) => job.kind === 'reaction:probe.thrower')!;
    assert.equal(thrower.status, 'dead');
    assert.equal(thrower.attempts, 3);
    const runs = (await probeRuns(db())).filter((run) => run.event_id === event!.id);
    assert.deepEqual(runs.map((run) => run.reaction).sort(), ['probe.a', 'probe.b'], 'the other reactions ran once each');

    const dead = await t.request('GET', '/api/v1/admin/jobs?status=dead', { token: t.adminToken });
    assert.equal(dead.statusCode, 200);
    const listed = dead.json<{ items: Array<{ id: number; kind: string; lastError: string; payload: { eventId: number } }> }>().items;
    assert.deepEqual(listed.map((job) => [job.id, job.kind, job.lastError, job.payload.eventId]), [[thrower.id, 'reaction:probe.thrower', 'probe failure', event!.id]]);
    const agent = await t.agent({ email: 'reactions-agent@example.test', role: 'agent' });
    assert.equal((await t.request('GET', '/api/v1/admin/jobs?status=dead', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('POST', `/api/v1/admin/jobs/${thrower.id}/retry`, { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/v1/admin/jobs?status=buried', { token: t.adminToken })).statusCode, 400);
    const done = (await reactionJobs()).find((job) => job.status === 'done')!;
    assert.equal((await t.request('POST', `/api/v1/admin/jobs/${done.id}/retry`, { token: t.adminToken })).statusCode, 409);
    assert.equal((await t.request('POST', '/api/v1/admin/jobs/99999999/retry', { token: t.adminToken })).statusCode, 404);

    throwing = false;
    const retried = await t.request('POST', `/api/v1/admin/jobs/${thrower.id}/retry`, { token: t.adminToken });
    assert.equal(retried.statusCode, 200);
    await runner().drain();
    const after = (await probeRuns(db())).filter((run) => run.event_id === event!.id && run.reaction === 'probe.thrower');
    assert.deepEqual(after.map((run) => run.attempt), [1], 'ran once more, with a fresh set of attempts');
  });

  test('a reaction with `when` gets a job only for the events whose payload has those fields', async () => {
    const event = (payload: Record<string, unknown>) => ({ type: FILTERED, payload }) as unknown as NewEvent;
    const appended = await db().transaction().execute((tx) =>
      appendEvents(tx, [event({ kind: 'wanted', loud: true, more: 1 }), event({ kind: 'wanted', loud: false }), event({ kind: 'other', loud: true }), event({}), event({ kind: 'wanted', loud: true })]),
    );
    const jobs = (await reactionJobs()).filter((job) => job.kind === 'reaction:probe.wanted');
    assert.deepEqual(jobs.map((job) => (job.payload as { eventId: number }).eventId), [appended[0]!.id, appended[4]!.id]);
    await runner().drain();
    const runs = (await probeRuns(db())).filter((run) => run.reaction === 'probe.wanted');
    // Two jobs of a reaction without per-ticket order may run at once: which finished first is not the point.
    assert.deepEqual(runs.map((run) => run.event_id).sort((a, b) => a - b), [appended[0]!.id, appended[4]!.id]);
    const stored = await db().selectFrom('reaction_subscriptions').select(['event_type', 'payload_filter']).where('reaction', '=', 'probe.wanted').execute();
    assert.deepEqual(stored, [{ event_type: FILTERED, payload_filter: { kind: 'wanted', loud: true } }]);
  });

  test('a reaction with handleMany takes a storm of events in batches, each once; a poisoned one fails its batch, then only itself', async () => {
    const appended = await db().transaction().execute((tx) => appendEvents(tx, Array.from({ length: 40 }, () => probeEvent(BATCHED))));
    await runner().drain();
    const runs = (await probeRuns(db())).filter((run) => run.reaction === 'probe.many');
    assert.deepEqual(runs.map((run) => run.event_id).sort((a, b) => a - b), appended.map((event) => event.id), 'every event once');
    assert.ok(batches.some((size) => size > 1), `handled in batches: ${batches.join(', ')}`);

    batches.length = 0;
    const mixed = await db().transaction().execute((tx) => appendEvents(tx, [probeEvent(BATCHED), probeEvent(BATCHED, POISONED_TICKET), probeEvent(BATCHED), probeEvent(BATCHED)]));
    for (let attempt = 0; attempt < 2; attempt++) {
      await runner().drain();
      clock.advance(2 * 60 * 60_000);
    }
    const after = (await probeRuns(db())).filter((run) => run.reaction === 'probe.many' && mixed.some((event) => event.id === run.event_id));
    assert.deepEqual(after.map((run) => run.event_id).sort((a, b) => a - b), [mixed[0]!.id, mixed[2]!.id, mixed[3]!.id], 'the others ran once each, alone after their batch failed');
    const jobs = (await reactionJobs()).filter((job) => job.kind === 'reaction:probe.many' && job.status !== 'done');
    assert.deepEqual(jobs.map((job) => [job.status, (job.payload as { eventId: number }).eventId]), [['dead', mixed[1]!.id]]);
  });

  test('a per-ticket reaction never runs two jobs of one ticket at once and follows its events in order', async () => {
    const tickets = [101, 102, 103];
    // Each ticket's events are appended in order; the tickets' appends race each other.
    await Promise.all(
      tickets.map(async (ticketId) => {
        for (let round = 0; round < 8; round++) {
          await db().transaction().execute((tx) => appendEvents(tx, [probeEvent(ORDERED, ticketId), probeEvent(ORDERED, ticketId)]));
        }
      }),
    );
    await runner().drain({ timeoutMs: 120_000 });
    const runs = (await probeRuns(db())).filter((run) => run.reaction === 'probe.ordered');
    assert.equal(runs.length, tickets.length * 16);
    assert.equal(overlaps['probe.ordered'], 0, 'no two jobs of one ticket ran at once');
    for (const ticketId of tickets) {
      const ids = runs.filter((run) => run.ticket_id === ticketId).map((run) => run.event_id);
      assert.deepEqual(ids, [...ids].sort((x, y) => x - y), `ticket ${ticketId}'s events were handled in order`);
    }
    t.frontline.ctx.log.info({ looseOverlaps: overlaps['probe.loose'] }, 'the unordered reaction on the same events overlapped this often');
    assert.equal((await probeRuns(db())).filter((run) => run.reaction === 'probe.loose').length, tickets.length * 16);
  });
});

interface ChildState {
  runs: number;
  open: number;
  pid: number;
  detail: Array<{ reaction: string; event_id: number; attempt: number }>;
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test/reaction-child.ts');

// Generous: a node boots in seconds, but a shared machine under load has taken minutes.
const runNode = (env: Record<string, string>, done: (state: ChildState) => boolean) => runChildNode<ChildState>(script, env, done, 300_000);

describe('durable reactions across process deaths', () => {
  let env: Record<string, string>;
  let drop: () => Promise<void>;

  before(async () => {
    const fresh = await freshDatabase();
    await fresh.database.close();
    drop = () => fresh.drop();
    env = {
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-reactions-')),
      ...(fresh.url && { DATABASE_URL: fresh.url }),
      FRONTLINE_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'silent',
      SMTP_PORT: '0',
      PORT: '0',
      JOBS_LEASE_SECONDS: '1',
    };
  });
  after(async () => {
    await drop();
    fs.rmSync(env.DATA_DIR!, { recursive: true, force: true });
  });

  /** Waits until the node has no open reaction job and `runs` runs, then a second longer, so a run twice would show. */
  const settledAt = (runs: number) => {
    let since = 0;
    return (state: ChildState) => {
      if (state.runs !== runs || state.open !== 0) return (since = 0), false;
      since ||= Date.now();
      return Date.now() - since > 1000;
    };
  };

  test('killed (SIGKILL) right after the commit, before any reaction ran: after the restart each reaction runs once', async () => {
    const seeded = await runNode({ ...env, JOBS: 'off', REACTION_SEED: '1', REACTION_KILL: 'after-commit' }, () => false);
    assert.ok(seeded.killed, `the node died by SIGKILL after the commit: ${seeded.output.slice(-1000)}`);
    assert.match(seeded.output, /committed/);
    const restarted = await runNode(env, settledAt(3));
    assert.equal(restarted.state?.runs, 3);
    assert.deepEqual(restarted.state!.detail.map((run) => run.reaction).sort(), ['probe.first', 'probe.second', 'probe.third']);
  });

  test('killed inside a handler before its commit: after the restart that reaction runs once more, and once in all', async () => {
    const seeded = await runNode({ ...env, REACTION_SEED: '1', REACTION_KILL: 'during' }, () => false);
    assert.ok(seeded.killed, `the node died by SIGKILL in the handler: ${seeded.output.slice(-1000)}`);
    const restarted = await runNode({ ...env, REACTION_KILL: 'during' }, settledAt(6));
    const second = restarted.state!.detail.slice(3);
    assert.deepEqual(second.map((run) => run.reaction).sort(), ['probe.first', 'probe.second', 'probe.third']);
    assert.equal(second.find((run) => run.reaction === 'probe.first')!.attempt, 2, 'the first attempt died uncommitted; the second ran');
  });

  test('two nodes on one PostgreSQL run 1,000 events with three reactions each exactly 3,000 times', { skip: !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)' }, async () => {
    const { connect } = await import('../db/connect.ts');
    const database = await connect({ url: env.DATABASE_URL!, poolSize: 4 });
    try {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reaction_probe_runs`.execute(database.db);
      const base = rows[0]!.n;
      let appended = false;
      const ready: Promise<void>[] = [];
      const nodes = [0, 1].map(() => {
        let seen!: () => void;
        ready.push(new Promise<void>((resolve) => (seen = resolve)));
        return runNode(
          { ...env, JOBS_CONCURRENCY: '4' },
          (state) => {
            seen();
            return state.runs >= base + 3000 && state.open === 0 && appended;
          },
        );
      });
      await Promise.all(ready);
      // Ten transactions of a hundred events, appended while both nodes run.
      for (let batch = 0; batch < 10; batch++) {
        await database.db.transaction().execute((tx) => appendEvents(tx, Array.from({ length: 100 }, (_, index) => probeEvent(probe('probe.happened'), 1000 + ((batch * 100 + index) % 37)))));
      }
      appended = true;
      const ended = await Promise.all(nodes);
      await sleep(500);
      const counts = await sql<{ reaction: string; runs: number; distinct_events: number; pids: number }>`
        SELECT reaction, count(*)::int AS runs, count(DISTINCT event_id)::int AS distinct_events, count(DISTINCT pid)::int AS pids
        FROM reaction_probe_runs r WHERE event_id > (SELECT min(id) - 1 FROM events WHERE ticket_id >= 1000) GROUP BY reaction ORDER BY reaction`.execute(database.db);
      assert.deepEqual(counts.rows.map((row) => [row.reaction, row.runs, row.distinct_events]), [['probe.first', 1000, 1000], ['probe.second', 1000, 1000], ['probe.third', 1000, 1000]]);
      const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reaction_probe_runs`.execute(database.db);
      assert.equal(total.rows[0]!.n - base, 3000);
      const pids = await sql<{ pid: number; n: number }>`SELECT pid, count(*)::int AS n FROM reaction_probe_runs GROUP BY pid`.execute(database.db);
      assert.ok(ended.every((node) => !node.killed));
      process.stdout.write(`# runs per node: ${JSON.stringify(pids.rows)}\n`);
    } finally {
      await database.close();
    }
  });
});
