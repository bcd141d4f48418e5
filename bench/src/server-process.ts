// Starts a real Frontline server process (as `npm start` would, without npm in between) and
// measures how long it takes until /readyz answers 200 and how much memory it holds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const ADMIN = { email: 'admin@bench.example', password: 'bench admin password' };

export interface ServerProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
  /** Resident memory of the server process now, in MiB. */
  rssMb(): number;
  /** What the process wrote to stderr and stdout (the last lines), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  env: Record<string, string>;
  /** `npm` starts it through `npm start` at the repository root; `node` runs the entry directly. */
  via?: 'node' | 'npm';
  timeoutMs?: number;
}

/** Extra Node.js flags for the server process, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    FRONTLINE_ADMIN_EMAIL: ADMIN.email,
    FRONTLINE_ADMIN_PASSWORD: ADMIN.password,
    // Load generators sign in a few times; the public rate limit is not what is measured.
    LOGIN_RATE_LIMIT: '1000',
    // The SMTP receiver is off unless a benchmark gives it a port.
    SMTP_PORT: '0',
    ...options.env,
  };
  // npm's INIT_CWD would make a relative DATA_DIR resolve against where the benchmark was typed.
  delete env.INIT_CWD;
  const started = performance.now();
  // A process group of its own, so stop() ends npm, tsx and the server together.
  const child =
    options.via === 'npm'
      ? spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], { cwd: path.join(repoRoot, 'server'), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = started + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready:\n${lines.join('\n')}`);
    if (performance.now() > deadline) {
      await stopGroup(child, exited);
      throw new Error(`the server was not ready in time:\n${lines.join('\n')}`);
    }
    if (await isReady(url)) break;
    await sleep(20);
  }
  const readyMs = Math.round(performance.now() - started);
  return {
    url,
    pid: child.pid!,
    readyMs,
    rssMb: () => serverRssMb(child.pid!),
    output: () => lines.join('\n'),
    stop: () => stopGroup(child, exited),
  };
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.kill(-child.pid!, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** The resident memory of the node process that runs the server: the spawned one, or its largest descendant (npm → tsx → node). */
function serverRssMb(pid: number): number {
  const all = [pid, ...descendants(pid)];
  const rss = all.map(rssKb).filter((kb) => kb > 0);
  return Math.round(Math.max(0, ...rss) / 1024);
}

function rssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) children.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    return [];
  }
  children = [...new Set(children)];
  return children.flatMap((child) => [child, ...descendants(child)]);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
