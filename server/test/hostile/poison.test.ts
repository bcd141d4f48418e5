// An inbound item that kills or hangs its process is contained: its attempts are counted before
// processing starts, so after MAX_UNFINISHED_ATTEMPTS it is held for a person with its reason,
// and the node keeps serving; a hang is given up after its time budget.
import assert from 'node:assert/strict';
import { runChildNode } from '../child-node.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { freshDatabase, startTestApp, ADMIN, TEST_SECRET_KEY } from '../harness.ts';
import { receiveRaw } from '../../src/inbox/receive.ts';
import { testChannel } from '../../src/channels/test-channel/adapter.ts';
import { MAX_UNFINISHED_ATTEMPTS } from '../../src/inbox/process.ts';

interface ChildState {
  items: Array<{ dedupe_key: string; status: string; error: string | null; unfinished_attempts: number; ticket_id: number | null }>;
  ready: number;
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../poison-child.ts');

/** Runs one node until it dies or `done` holds for what it reports; returns how it ended and its last state. */
const runNode = (env: Record<string, string>, done: (state: ChildState) => boolean) => runChildNode<ChildState>(script, env, done, 90_000);

describe('a poison inbound item', () => {
  test(`one that kills its process is held after ${MAX_UNFINISHED_ATTEMPTS} unfinished attempts, and the node keeps serving`, async () => {
    const fresh = await freshDatabase();
    await fresh.database.close();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-poison-'));
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      ...(fresh.url && { DATABASE_URL: fresh.url }),
      FRONTLINE_ADMIN_EMAIL: ADMIN.email,
      FRONTLINE_ADMIN_PASSWORD: ADMIN.password,
      FRONTLINE_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'silent',
      SMTP_PORT: '0',
      PORT: '0',
      TEST_CHANNEL: 'on',
      JOBS_LEASE_SECONDS: '1',
    };
    try {
      const held = (state: ChildState) => state.items.some((item) => item.dedupe_key === 'poison' && item.status === 'held');
      let deaths = 0;
      let last: ChildState | undefined;
      for (let run = 0; run <= MAX_UNFINISHED_ATTEMPTS + 1; run++) {
        const { killed, state } = await runNode({ ...env, POISON_SEED: run === 0 ? '1' : '0' }, (seen) => held(seen) && seen.items.every((item) => item.status !== 'pending'));
        last = state;
        if (!killed) break;
        deaths++;
      }
      assert.equal(deaths, MAX_UNFINISHED_ATTEMPTS, 'the node died once per attempt, then held the item instead of dying again');
      const poison = last!.items.find((item) => item.dedupe_key === 'poison')!;
      assert.equal(poison.status, 'held');
      assert.match(poison.error ?? '', new RegExp(`^processing did not finish after ${MAX_UNFINISHED_ATTEMPTS} attempts: `));
      const ordinary = last!.items.find((item) => item.dedupe_key === 'ordinary')!;
      assert.equal(ordinary.status, 'processed', 'the item stored with it became a ticket');
      assert.ok(ordinary.ticket_id);
      assert.equal(last!.ready, 200);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh.drop();
    }
  });

  test('one that hangs is given up after its time budget and fails with that reason; the next item is processed', async () => {
    const t = await startTestApp({ env: { JOBS: 'off', INBOX_PROCESS_TIMEOUT_SECONDS: '1' } });
    after(() => t.close());
    testChannel.beforeProcessing((input) => (input.subject === 'hang' ? new Promise<void>(() => undefined) : undefined));
    try {
      const raw = (subject: string) => Buffer.from(JSON.stringify({ from: { email: 'hang@example.test' }, subject, body: 'text' }));
      const { item } = await receiveRaw(t.frontline.ctx.db, { channel: 'test', dedupeKey: 'hang', raw: raw('hang') });
      const started = Date.now();
      await t.frontline.workers.runner.drain({ timeoutMs: 20_000 }).catch(() => undefined);
      const failed = await t.frontline.ctx.db.selectFrom('inbound_items').select(['status', 'error']).where('id', '=', item.id).executeTakeFirstOrThrow();
      assert.equal(failed.status, 'failed');
      assert.match(failed.error ?? '', /processing took longer than 1 s and was given up/);
      assert.ok(Date.now() - started < 20_000);
      const { item: next } = await receiveRaw(t.frontline.ctx.db, { channel: 'test', dedupeKey: 'after-hang', raw: raw('after the hang') });
      await t.frontline.workers.runner.drain({ timeoutMs: 20_000 }).catch(() => undefined);
      const processed = await t.frontline.ctx.db.selectFrom('inbound_items').select('status').where('id', '=', next.id).executeTakeFirstOrThrow();
      assert.equal(processed.status, 'processed');
      assert.equal((await t.request('GET', '/readyz')).statusCode, 200);
    } finally {
      testChannel.beforeProcessing(undefined);
    }
  });
});
