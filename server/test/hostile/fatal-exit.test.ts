// When the embedded database fails beyond repair, `npm start`'s process says so in one fatal log
// line and exits non-zero, so a supervisor starts a fresh one, instead of answering 500 for ever
// while SMTP refuses mail. Runs src/main.ts itself in a child process on a real PGlite data folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FATAL_PROBE } from '../fatal-preload.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });

test('an unrecoverable embedded-database failure is logged at fatal level and ends the process with status 70', { skip: !!process.env.TEST_DATABASE_URL && 'the embedded database only' }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-fatal-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/fatal-preload.ts', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, DATA_DIR: path.join(dataDir, 'db'), PORT: String(port), HOST: '127.0.0.1', SMTP_PORT: '0', IMAP: 'off', LOG_LEVEL: 'info', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (let tries = 0; !output.includes('Frontline is ready'); tries++) {
      assert.ok(tries < 600, `the server did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
    // A sign-in looks the address up: that statement meets a database that is gone.
    await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: FATAL_PROBE, password: 'any password at all' }) }).catch(() => undefined);
    const timeout = new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 30_000).unref());
    assert.equal(await Promise.race([exited, timeout]), 70, output);
    const fatal = output.split('\n').filter((line) => line.includes('"level":60'));
    assert.equal(fatal.length, 1, output);
    assert.match(fatal[0]!, /cannot recover/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
