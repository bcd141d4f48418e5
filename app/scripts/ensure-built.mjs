// Builds the app (vite build) only when app/dist is missing or older than any source file:
// app/src, app/public, app/index.html, app/package.json, app/vite.config.ts. Run before `npm start`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../scripts/ensure-built.mjs';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const vite = join(appDir, 'node_modules', '.bin', 'vite');

ensureBuilt({
  name: 'app',
  dir: appDir,
  sources: ['src', 'public', 'index.html', 'package.json', 'vite.config.ts'],
  outputs: ['dist/index.html'],
  build: [existsSync(vite) ? vite : join(appDir, '..', 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn']],
});
