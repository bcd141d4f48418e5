// The e2e harness: a real Frontline server on a free port with a fresh data folder, the built app
// in front of it (served by the server itself once it serves app/dist, else by a tiny proxy here),
// and API helpers for setting up data as a script would.
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = join(appDir, '..');
const distDir = join(appDir, 'dist');

export const ADMIN = { email: 'admin@example.com', password: 'e2e admin passphrase' };

/** Free ports, as many as asked, all held open until each is known, so no two of them are the same. */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export const freePort = async () => (await freePorts(1))[0];

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error?.fatal) throw error;
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `withoutAdmin`: no FRONTLINE_ADMIN_EMAIL, so the instance starts with no agent (the set-up screen). */
export async function startServer({ logFile, withoutAdmin = false } = {}) {
  // The built-in SMTP receiver on a port of its own, so that scenarios can deliver real mail.
  const [port, smtpPort] = await freePorts(2);
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-e2e-'));
  const out = logFile ? openSync(logFile, 'w') : 'ignore';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(repoDir, 'server'),
    env: {
      ...process.env,
      PORT: String(port),
      SMTP_PORT: String(smtpPort),
      SMTP_HOST: '127.0.0.1',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      FRONTLINE_ADMIN_EMAIL: withoutAdmin ? '' : ADMIN.email,
      FRONTLINE_ADMIN_PASSWORD: withoutAdmin ? '' : ADMIN.password,
      LOG_LEVEL: 'warn',
      // Still argon2id, at 1 MiB and one pass: the scenarios sign in dozens of times.
      PASSWORD_HASH_MEMORY_KIB: '1024',
      PASSWORD_HASH_PASSES: '1',
      // Every browser of the suite signs in from 127.0.0.1, dozens of times a minute; the limit
      // itself is the server suite's to test (test/hostile/proxies.test.ts, sign-in-lock.test.ts).
      LOGIN_RATE_LIMIT: '600',
    },
    stdio: ['ignore', out, out],
  });
  let exited = null;
  child.on('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `code ${code}`));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (exited !== null) throw Object.assign(new Error(`server exited with ${exited}`), { fatal: true });
    return (await fetch(`${base}/readyz`)).ok;
  }, 120_000, 'the server to be ready').catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    base,
    smtpPort,
    child,
    /** Null while the server runs; how it ended once it has. */
    exitStatus: () => exited,
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        await new Promise((r) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            r();
          }, 5000);
          child.once('exit', () => {
            clearTimeout(timer);
            r();
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when the server itself answers / with the built app. */
export async function serverServesApp(base) {
  try {
    const response = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    return response.ok && (await response.text()).includes('id="root"');
  } catch {
    return false;
  }
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.json': 'application/json' };

/**
 * A proxy in front of the server: passes /api (HTTP and WebSocket) on and serves app/dist itself
 * unless `passAll` (the server serves the app). `cut()` drops every live socket and refuses new
 * ones until `restore()`: a network drop, as the browser sees it.
 */
export async function startFrontProxy(target, { passAll = false } = {}) {
  const { hostname, port: targetPort } = new URL(target);
  const upgraded = new Set();
  let isCut = false;
  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    if (passAll || path.startsWith('/api/') || path === '/healthz' || path === '/readyz') {
      const upstream = http.request({ host: hostname, port: targetPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    let file = join(distDir, normalize(decodeURIComponent(path)));
    if (!file.startsWith(distDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(distDir, 'index.html');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (isCut) {
      socket.destroy();
      return;
    }
    const upstream = net.connect(Number(targetPort), hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    const pair = { socket, upstream };
    upgraded.add(pair);
    socket.on('close', () => upgraded.delete(pair));
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${port}`,
    cut() {
      isCut = true;
      for (const { socket, upstream } of upgraded) {
        socket.destroy();
        upstream.destroy();
      }
    },
    restore() {
      isCut = false;
    },
    stop: () => {
      for (const { socket, upstream } of upgraded) {
        socket.destroy();
        upstream.destroy();
      }
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

/** A small API client with a Bearer token, as an integration script would use. */
export class Api {
  constructor(base, token) {
    this.base = base;
    this.token = token;
  }
  static async login(base, email, password) {
    const response = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
    return new Api(base, (await response.json()).token);
  }
  async call(method, path, body) {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
  get(path) {
    return this.call('GET', path);
  }
  post(path, body) {
    return this.call('POST', path, body ?? {});
  }
  patch(path, body) {
    return this.call('PATCH', path, body);
  }
}
