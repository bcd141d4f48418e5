// End-to-end: the real server and the built app in Debian's Chromium (playwright-core).
// Prints "N passed, N failed", screenshots under app/test-results/, and the realtime p95.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ADMIN, Api, serverServesApp, startFrontProxy, startServer } from './harness.mjs';
import { scenarios as core } from './scenarios.mjs';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(appDir, 'test-results');
mkdirSync(resultsDir, { recursive: true });

// A fresh clone has no dist yet; a stale one would test old code.
const built = spawnSync(process.execPath, [join(appDir, 'scripts', 'ensure-built.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// The core scenarios first (they set up what later ones use), then each feature's file in name order.
const featuresDir = join(appDir, 'e2e', 'features');
const scenarios = [...core];
for (const file of readdirSync(featuresDir).filter((name) => name.endsWith('.mjs')).sort()) {
  scenarios.push(...(await import(pathToFileURL(join(featuresDir, file)).href)).scenarios);
}
const signOut = scenarios.findIndex(([name]) => name.startsWith('sign out'));
if (signOut >= 0) scenarios.push(...scenarios.splice(signOut, 1));

const only = process.argv[2];
const started = Date.now();
const server = await startServer({ logFile: join(resultsDir, 'server.log') });
let base = server.base;
const servesApp = await serverServesApp(server.base);
if (!servesApp) console.log('e2e: the server does not serve app/dist yet; the proxy serves it');
// The proxy stands in for the network between browser and server (the reconnect test cuts it).
const front = await startFrontProxy(server.base, { passAll: servesApp });
if (!servesApp) base = front.base;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const ctx = { base, smtpPort: server.smtpPort, front, browser, resultsDir, appDir, admin: await Api.login(base, ADMIN.email, ADMIN.password), adminCredentials: ADMIN, state: {} };
// A scenario that hangs fails on its own instead of holding the whole run (CI has a time limit),
// and once the server is gone the rest are not run against nothing: its log says why it went.
const scenarioLimitMs = Number(process.env.E2E_SCENARIO_TIMEOUT_MS ?? 150_000);
const withinLimit = (promise) => {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${scenarioLimitMs} ms (E2E_SCENARIO_TIMEOUT_MS)`)), scenarioLimitMs);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
};
const serverLogTail = () => {
  try {
    return readFileSync(join(resultsDir, 'server.log'), 'utf8').split('\n').slice(-40).join('\n      ');
  } catch {
    return '(no server log)';
  }
};
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  for (const [name, run] of scenarios) {
    if (only && !name.startsWith('set-up') && !new RegExp(only).test(name)) continue;
    if (server.exitStatus()) {
      skipped++;
      continue;
    }
    const t0 = Date.now();
    try {
      await withinLimit(run(ctx));
      passed++;
      console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failed++;
      console.log(`  ✗ ${name} (${Date.now() - t0} ms)\n    ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
      const gone = server.exitStatus();
      if (gone) console.log(`    the server exited (${gone}); the rest are not run. The end of its log:\n      ${serverLogTail()}`);
    }
  }
  if (skipped > 0) failed += skipped;
} finally {
  for (const context of browser.contexts()) await context.close().catch(() => {});
  await browser.close();
  await front?.stop();
  await server.stop();
}
console.log(`e2e finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? ` (${skipped} not run: the server had exited)` : ''}`);
process.exit(failed > 0 ? 1 : 0);
