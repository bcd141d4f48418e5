// When the embedded database fails beyond repair, `npm start`'s process says so in one fatal log
// line and exits non-zero, so a supervisor starts a fresh one, instead of answering 500 for ever
// while SMTP refuses mail. Runs src/main.ts itself in a child process on a real PGlite data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEntryPoint } from '../entry-point.ts';
import { FATAL_PROBE } from '../fatal-preload.ts';

test('an unrecoverable embedded-database failure is logged at fatal level and ends the process with status 70', { skip: !!process.env.TEST_DATABASE_URL && 'the embedded database only' }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-fatal-'));
  const server = await startEntryPoint({ DATA_DIR: path.join(dataDir, 'db'), IMAP: 'off', NODE_ENV: 'production' }, ['./test/fatal-preload.ts']);
  try {
    // A sign-in looks the address up: that statement meets a database that is gone.
    await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: FATAL_PROBE, password: 'any password at all' }) }).catch(() => undefined);
    const timeout = new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 30_000).unref());
    assert.equal(await Promise.race([server.exited, timeout]), 70, server.output());
    const fatal = server.output().split('\n').filter((line) => line.includes('"level":60'));
    assert.equal(fatal.length, 1, server.output());
    assert.match(fatal[0]!, /cannot recover/);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
