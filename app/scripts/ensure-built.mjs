// Builds the app (vite build) only when app/dist is missing or older than any source file:
// app/src, app/public, app/index.html, app/package.json, app/vite.config.ts. Run before `npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtMarker = join(appDir, 'dist', 'index.html');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const sources = ['src', 'public', 'index.html', 'package.json', 'vite.config.ts'].map((p) => join(appDir, p));
const sourceTime = Math.max(...sources.map(newest));
const builtTime = existsSync(builtMarker) ? statSync(builtMarker).mtimeMs : 0;

if (builtTime >= sourceTime) {
  console.log('app: dist is up to date');
} else {
  console.log(builtTime === 0 ? 'app: building (no dist yet)…' : 'app: sources changed, rebuilding…');
  const vite = join(appDir, 'node_modules', '.bin', 'vite');
  const bin = existsSync(vite) ? vite : join(appDir, '..', 'node_modules', '.bin', 'vite');
  const result = spawnSync(bin, ['build', '--logLevel', 'warn'], { cwd: appDir, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
