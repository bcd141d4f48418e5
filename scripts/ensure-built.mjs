// Builds a workspace only when its output is missing or older than any of its sources, so
// `npm start` costs nothing when nothing changed (app/scripts and widget/scripts call it).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** `sources` and `outputs` relative to `dir`; `build` is [command, args], run in `dir`. */
export function ensureBuilt({ name, dir, sources, outputs, build }) {
  const sourceTime = Math.max(...sources.map((path) => newest(join(dir, path))));
  const builtTime = Math.min(...outputs.map((path) => (existsSync(join(dir, path)) ? statSync(join(dir, path)).mtimeMs : 0)));
  if (builtTime >= sourceTime) return console.log(`${name}: dist is up to date`);
  console.log(builtTime === 0 ? `${name}: building (no dist yet)…` : `${name}: sources changed, rebuilding…`);
  const [command, args] = build;
  const result = spawnSync(command, args, { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
