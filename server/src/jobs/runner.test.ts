import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';
import { connect, type Database } from '../db/connect.ts';
import { enqueue } from './queue.ts';
import { JobRunner, backoffDelay, type JobRunnerOptions } from './runner.ts';

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('the durable job runner', () => {
  let t: TestApp;
  const clock = new TestClock();
  const runners: JobRunner[] = [];
  let kindSeq = 0;

  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' }, clock });
  });
  after(async () => {
    for (const runner of runners) await runner.stop();
    await t.close();
  });

  const db = () => t.frontline.ctx.db;
  /** Each test uses its own job kind, so runners of one test never see another test's jobs. */
  const newKind = () => `test.kind${++kindSeq}`;
  const runner = (options: Partial<JobRunnerOptions> = {}) => {
    const made = new JobRunner({ database: t.frontline.ctx.database, log, clock, random: () => 0.5, ...options });
    runners.push(made);
    return made;
  };
  const job = (id: number) => db().selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const add = (kind: string, payload: Record<string, unknown> = {}, maxAttempts?: number) =>
    enqueue(db(), kind, payload, maxAttempts ? { maxAttempts } : {});

  test('backoff doubles per attempt, jitters between half and all of it, and is capped', () => {
    assert.equal(backoffDelay(1, 1000, 60_000, () => 0), 500);
    assert.equal(backoffDelay(1, 1000, 60_000, () => 0.999_999), 1000);
    assert.equal(backoffDelay(3, 1000, 60_000, () => 0.5), 3000);
    assert.equal(backoffDelay(30, 1000, 60_000, () => 0), 30_000);
  });

  test('a failing job is retried with backoff and then succeeds', async () => {
    const kind = newKind();
    const seen: Array<{ attempts: number; maxAttempts: number; payload: Record<string, unknown>; at: number }> = [];
    const r = runner({ backoffBaseMs: 10_000 });
    r.register(kind, async (payload, info) => {
      seen.push({ attempts: info.attempts, maxAttempts: info.maxAttempts, payload, at: clock.now().getTime() });
      if (info.attempts < 3) throw new Error(`flaky ${info.attempts}`);
    });
    const id = await add(kind, { n: 7 });

    await r.drain();
    let row = await job(id);
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'flaky 1');
    // Measured from the failed attempt; the failure is recorded a few milliseconds after it.
    const firstDelay = row.run_at.getTime() - seen[0]!.at;
    assert.ok(firstDelay >= 7500 && firstDelay < 7700, `the first retry waits 7.5 s (random 0.5 between 5 and 10 s), got ${firstDelay}`);

    await r.drain();
    assert.equal((await job(id)).attempts, 1, 'not retried before its time');

    clock.advance(10_000);
    await r.drain();
    row = await job(id);
    assert.equal(row.attempts, 2);
    const secondDelay = row.run_at.getTime() - seen[1]!.at;
    assert.ok(secondDelay >= 15_000 && secondDelay < 15_200, `the second wait doubles, got ${secondDelay}`);

    clock.advance(20_000);
    await r.drain();
    row = await job(id);
    assert.equal(row.status, 'done');
    assert.equal(row.attempts, 3);
    assert.ok(row.finished_at);
    assert.equal(row.locked_by, null);
    assert.deepEqual(seen.map((s) => s.attempts), [1, 2, 3]);
    assert.deepEqual(seen[0]!.payload, { n: 7 });
    assert.equal(seen[0]!.maxAttempts, 8);
  });

  test('a batch handler gets waiting first attempts together; a failed one retries alone, the rest are done', async () => {
    const kind = newKind();
    const calls: Array<Array<{ n: unknown; attempts: number }>> = [];
    const r = runner({ concurrency: 1, backoffBaseMs: 1000 });
    r.registerBatch(kind, 4, async (jobs) => {
      calls.push(jobs.map((j) => ({ n: j.payload.n, attempts: j.info.attempts })));
      return new Map(jobs.filter((j) => j.payload.n === 5 && j.info.attempts === 1).map((j) => [j.info.id, new Error('five is bad')]));
    });
    const ids: number[] = [];
    for (let n = 0; n < 10; n++) ids.push(await add(kind, { n }));

    await r.drain();
    assert.deepEqual(calls.map((batch) => batch.map((j) => j.n)), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const rows = await Promise.all(ids.map(job));
    assert.deepEqual(rows.map((row) => row.status), ['done', 'done', 'done', 'done', 'done', 'pending', 'done', 'done', 'done', 'done']);
    assert.equal(rows[5]!.last_error, 'five is bad');
    assert.ok(rows.every((row) => row.attempts === 1 && row.locked_by === null));

    // The retry is not a first attempt: it runs alone, even with fresh jobs waiting beside it.
    const fresh = await add(kind, { n: 10 });
    clock.advance(5_000);
    await r.drain();
    const later = calls.slice(3).sort((x, y) => Number(x[0]!.n) - Number(y[0]!.n));
    assert.deepEqual(later, [[{ n: 5, attempts: 2 }], [{ n: 10, attempts: 1 }]]);
    assert.equal((await job(ids[5]!)).status, 'done');
    assert.equal((await job(fresh)).status, 'done');
  });

  test('a kind with its own concurrency never runs more calls at once, and leaves the other slots to other kinds', async () => {
    const slow = newKind();
    const quick = newKind();
    const r = runner({ concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    r.registerBatch(
      slow,
      1,
      async () => {
        most = Math.max(most, ++inFlight);
        await gate;
        inFlight--;
        return new Map();
      },
      { concurrency: 1 },
    );
    const quickDone: number[] = [];
    r.register(quick, async (_payload, info) => {
      quickDone.push(info.id);
    });
    const slowIds = [await add(slow), await add(slow), await add(slow)];
    const quickIds = [await add(quick), await add(quick)];
    const drained = r.drain();
    const deadline = Date.now() + 5000;
    while (quickDone.length < 2) {
      assert.ok(Date.now() < deadline, 'the other kind did not run while the limited one was busy');
      await sleep(10);
    }
    assert.deepEqual(quickDone.sort((a, b) => a - b), quickIds);
    assert.equal(inFlight, 1);
    release();
    await drained;
    assert.equal(most, 1);
    assert.ok((await Promise.all(slowIds.map(job))).every((row) => row.status === 'done'));
  });

  test('a batch handler that throws fails every job of the batch with its error', async () => {
    const kind = newKind();
    const r = runner({ concurrency: 1 });
    r.registerBatch(kind, 10, async () => {
      throw new Error('the database went away');
    });
    const ids = [await add(kind), await add(kind), await add(kind)];
    await r.drain();
    const rows = await Promise.all(ids.map(job));
    assert.ok(rows.every((row) => row.status === 'pending' && row.attempts === 1 && row.last_error === 'the database went away'));
  });

  test('a job that fails every attempt dies with its error visible, and an admin (not an agent) can retry it', async () => {
    const kind = newKind();
    let healthy = false;
    const r = runner({ backoffBaseMs: 10 });
    r.register(kind, async () => {
      if (!healthy) throw new TypeError('the mail server said no');
    });
    const id = await add(kind, { to: 'x' }, 2);
    await r.drain();
    clock.advance(1000);
    await r.drain();
    const dead = await job(id);
    assert.equal(dead.status, 'dead');
    assert.equal(dead.attempts, 2);
    assert.equal(dead.last_error, 'TypeError: the mail server said no');

    const list = await t.request('GET', '/api/v1/admin/jobs?status=dead', { token: t.adminToken });
    assert.equal(list.statusCode, 200);
    const listed = list.json<{ items: Array<{ id: number; lastError: string; status: string; kind: string }> }>().items.find((item) => item.id === id);
    assert.ok(listed, 'the dead job is listed');
    assert.equal(listed.lastError, 'TypeError: the mail server said no');
    assert.equal(listed.kind, kind);

    assert.equal((await t.request('GET', '/api/v1/admin/jobs?status=dead&colour=red', { token: t.adminToken })).statusCode, 400, 'unknown query fields are refused');
    assert.equal((await t.request('GET', '/api/v1/admin/jobs?status=zombie', { token: t.adminToken })).statusCode, 400);

    const agent = await t.agent({ email: 'jobs-agent@example.test', role: 'agent' });
    assert.equal((await t.request('GET', '/api/v1/admin/jobs', { token: agent.token })).statusCode, 403);
    assert.equal((await t.request('POST', `/api/v1/admin/jobs/${id}/retry`, { token: agent.token })).statusCode, 403);
    assert.equal((await job(id)).status, 'dead', 'the refused retry changed nothing');

    const retried = await t.request('POST', `/api/v1/admin/jobs/${id}/retry`, { token: t.adminToken });
    assert.equal(retried.statusCode, 200);
    assert.equal(retried.json().status, 'pending');
    assert.equal(retried.json().attempts, 0);
    healthy = true;
    await r.drain();
    assert.equal((await job(id)).status, 'done');

    const again = await t.request('POST', `/api/v1/admin/jobs/${id}/retry`, { token: t.adminToken });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'job_not_dead');
    assert.equal((await t.request('POST', '/api/v1/admin/jobs/999999/retry', { token: t.adminToken })).statusCode, 404);
  });

  test('the job list pages by cursor, newest first', async () => {
    const kind = newKind();
    const ids = [await add(kind), await add(kind), await add(kind)];
    const first = await t.request('GET', '/api/v1/admin/jobs?status=pending&limit=2', { token: t.adminToken });
    assert.equal(first.statusCode, 200);
    const page1 = first.json<{ items: Array<{ id: number }>; nextCursor: string | null }>();
    assert.deepEqual(page1.items.map((item) => item.id), [ids[2], ids[1]]);
    assert.ok(page1.nextCursor);
    const second = await t.request('GET', `/api/v1/admin/jobs?status=pending&limit=2&cursor=${page1.nextCursor}`, { token: t.adminToken });
    assert.equal(second.json().items[0].id, ids[0]);
    assert.equal((await t.request('GET', '/api/v1/admin/jobs?cursor=nonsense', { token: t.adminToken })).statusCode, 400);
    const r = runner();
    r.register(kind, async () => undefined);
    await r.drain();
  });

  test('a job left running by a crashed node is reclaimed and run again; out of attempts it dies', async () => {
    const kind = newKind();
    const ran: number[] = [];
    const r = runner();
    r.register(kind, async (_payload, info) => {
      ran.push(info.id);
    });
    const past = new Date(clock.now().getTime() - 60_000);
    const future = new Date(clock.now().getTime() + 60_000);
    const crashed = await db()
      .insertInto('jobs')
      .values({ kind, payload: '{}', status: 'running', attempts: 1, locked_by: 'ghost-node', locked_until: past })
      .returning('id')
      .executeTakeFirstOrThrow();
    const exhausted = await db()
      .insertInto('jobs')
      .values({ kind, payload: '{}', status: 'running', attempts: 3, max_attempts: 3, locked_by: 'ghost-node', locked_until: past })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alive = await db()
      .insertInto('jobs')
      .values({ kind, payload: '{}', status: 'running', attempts: 1, locked_by: 'busy-node', locked_until: future })
      .returning('id')
      .executeTakeFirstOrThrow();

    await r.drain();
    assert.deepEqual(ran, [crashed.id]);
    const reclaimed = await job(crashed.id);
    assert.equal(reclaimed.status, 'done');
    assert.equal(reclaimed.attempts, 2);
    const buried = await job(exhausted.id);
    assert.equal(buried.status, 'dead');
    assert.match(buried.last_error ?? '', /lease of node ghost-node expired/);
    assert.equal((await job(alive.id)).status, 'running', 'a job whose lease holds is left alone');
    await db().deleteFrom('jobs').where('id', '=', alive.id).execute();
  });

  test('a handler running longer than its lease keeps it, so no other runner takes the job', async () => {
    const kind = newKind();
    const runs: string[] = [];
    const slow = runner({ leaseMs: 400, nodeId: 'slow' });
    const other = runner({ leaseMs: 400, nodeId: 'other' });
    for (const r of [slow, other]) {
      r.register(kind, async () => {
        runs.push(r.nodeId);
        await sleep(1000);
      });
    }
    const id = await add(kind);
    const first = slow.drain();
    await sleep(100);
    for (let i = 0; i < 8; i++) {
      await other.drain();
      await sleep(100);
    }
    await first;
    assert.deepEqual(runs, ['slow']);
    assert.equal((await job(id)).status, 'done');
  });

  test('an idle runner wakes on the NOTIFY of a new job instead of waiting for its next poll', async () => {
    const kind = newKind();
    const r = runner({ pollMs: 60_000 });
    let ranAt = 0;
    r.register(kind, async () => {
      ranAt = Date.now();
    });
    await r.start();
    await sleep(50);
    const enqueuedAt = Date.now();
    await add(kind);
    while (!ranAt && Date.now() - enqueuedAt < 5000) await sleep(5);
    await r.stop();
    assert.ok(ranAt, 'the job ran');
    assert.ok(ranAt - enqueuedAt < 1000, `it ran ${ranAt - enqueuedAt} ms after being enqueued`);
  });

  test('stop lets running handlers finish and claims nothing more', async () => {
    const kind = newKind();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: number[] = [];
    const r = runner({ concurrency: 1, pollMs: 20 });
    r.register(kind, async (_payload, info) => {
      started.push(info.id);
      await gate;
    });
    const firstId = await add(kind);
    const secondId = await add(kind);
    await r.start();
    while (started.length === 0) await sleep(5);
    let stopped = false;
    const stopping = r.stop().then(() => (stopped = true));
    await sleep(50);
    assert.equal(stopped, false, 'stop waits for the running handler');
    release();
    await stopping;
    assert.equal((await job(firstId)).status, 'done');
    assert.equal((await job(secondId)).status, 'pending', 'nothing was claimed after stop');
    assert.deepEqual(started, [firstId]);
    await db().deleteFrom('jobs').where('id', '=', secondId).execute();
  });

  test('two runners on separate connections run 300 jobs: each exactly once, none lost, both busy', async () => {
    const kind = newKind();
    // PGlite is one in-process database, so both runners share it; on PostgreSQL the second runner
    // gets its own pool and LISTEN connection, as another node would.
    const second: Database = t.url ? await connect({ url: t.url, poolSize: 5 }) : t.frontline.ctx.database;
    try {
      const ranBy = new Map<number, string[]>();
      const a = runner({ nodeId: 'node-a', concurrency: 4 });
      const b = new JobRunner({ database: second, log, clock, nodeId: 'node-b', concurrency: 4 });
      runners.push(b);
      for (const r of [a, b]) {
        r.register(kind, async (_payload, info) => {
          ranBy.set(info.id, [...(ranBy.get(info.id) ?? []), r.nodeId]);
          await sleep(Math.floor(Math.random() * 4));
        });
      }
      await Promise.all([a.start(), b.start()]);
      const ids: number[] = [];
      // In batches, committed while the runners are busy, so NOTIFY wakes them mid-run.
      for (let batch = 0; batch < 6; batch++) {
        await db().transaction().execute(async (tx) => {
          for (let i = 0; i < 50; i++) ids.push(await enqueue(tx, kind, { batch, i }));
        });
      }
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { n } = await db().selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', kind).where('status', '=', 'done').executeTakeFirstOrThrow();
        if (Number(n) === ids.length) break;
        assert.ok(Date.now() < deadline, `only ${n} of ${ids.length} jobs finished in time`);
        await sleep(20);
      }
      await Promise.all([a.stop(), b.stop()]);

      assert.equal(ids.length, 300);
      const twice = [...ranBy].filter(([, nodes]) => nodes.length !== 1);
      assert.deepEqual(twice, [], 'no job ran more than once');
      assert.deepEqual([...ranBy.keys()].sort((x, y) => x - y), [...ids].sort((x, y) => x - y), 'every job ran');
      const rows = await db().selectFrom('jobs').select(['status', 'attempts']).where('kind', '=', kind).execute();
      assert.ok(rows.every((row) => row.status === 'done' && row.attempts === 1));
      const counts = { a: 0, b: 0 };
      for (const [, [node]] of ranBy) counts[node === 'node-a' ? 'a' : 'b']++;
      assert.ok(counts.a > 0 && counts.b > 0, `both runners did work (a ${counts.a}, b ${counts.b})`);
    } finally {
      if (second !== t.frontline.ctx.database) await second.close();
    }
  });

  test('finished jobs older than a day are pruned', async () => {
    const kind = newKind();
    const old = await db()
      .insertInto('jobs')
      .values({ kind, payload: '{}', status: 'done', attempts: 1, finished_at: new Date(clock.now().getTime() - 25 * 3600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recent = await db()
      .insertInto('jobs')
      .values({ kind, payload: '{}', status: 'done', attempts: 1, finished_at: new Date(clock.now().getTime() - 3600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = runner();
    await r.start();
    await r.stop();
    const left = await db().selectFrom('jobs').select('id').where('kind', '=', kind).execute();
    assert.deepEqual(left.map((row) => row.id), [recent.id]);
    assert.notEqual(old.id, recent.id);
  });

  test('on the embedded database the runner vacuums the jobs table after jobs changed, so claims stop walking dead entries', async () => {
    const vacuums = async () =>
      Number((await sql<{ n: number }>`SELECT vacuum_count AS n FROM pg_stat_user_tables WHERE relname = 'jobs'`.execute(db())).rows[0]?.n ?? 0);
    const kind = newKind();
    const r = runner({ pollMs: 20, vacuumEveryMs: 1000 });
    let ran = 0;
    r.register(kind, async () => {
      ran++;
    });
    const before = await vacuums();
    await r.start();
    for (let n = 0; n < 5; n++) await add(kind);
    while (ran < 5) await sleep(10);
    // Settled: the next poll due finds jobs changed since the last vacuum.
    while ((await db().selectFrom('jobs').select('id').where('kind', '=', kind).where('status', '<>', 'done').execute()).length) await sleep(10);
    clock.advance(1000);
    // A few polls: one vacuums (on PGlite), the next have nothing changed since.
    await sleep(150);
    const after = await vacuums();
    await r.stop();
    if (t.frontline.ctx.database.kind === 'pglite') {
      assert.ok(after > before, `the jobs table was vacuumed (vacuum_count ${before} → ${after})`);
    } else {
      // PostgreSQL's autovacuum does this; the runner leaves it alone.
      assert.equal(after, before);
    }
  });
});
