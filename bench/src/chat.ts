// Website chat benchmark: how many widget visitors one node holds. A real server, a chat site, and
// visitors as the widget is to the server: each its own WebSocket (/api/v1/chat/live), a hello with
// its token, then one message every `cycleS` seconds. Visitors are added in steps; at each step
// every message's path is timed from the visitor's send to the `message.created` event on an
// agent's live connection (what the inbox renders from), and, when Chromium is on the machine, a
// few sends from new visitors to the text on an agent's inbox in the browser. A step holds when
// nothing is lost and the p99 delivery is under the limit; the run stops at the first that does not.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { login, percentile } from './http-client.ts';
import { ADMIN, repoRoot, startServer, type ServerProcess } from './server-process.ts';
import type { Target } from './targets.ts';

export interface ChatSettings {
  /** Concurrent visitors at each step, growing, per database. */
  steps: Record<'postgres' | 'pglite', number[]>;
  /** Each visitor sends one message every this many seconds. */
  cycleS: number;
  /** Measured cycles per step. */
  cycles: number;
  /** A step holds when the p99 delivery is under this. */
  p99LimitMs: number;
  /** Sends from new visitors timed to the agent's screen per step (0: no browser). */
  screenSamples: number;
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ChatStep {
  visitors: number;
  /** Milliseconds to open the step's new sockets and have each say hello (and start its conversation). */
  joinMs: number;
  sent: number;
  /** Sends with no `message.created` on the agent's connection by the end of the step (and its grace). */
  lost: number;
  /** Sends refused (an error frame) instead of acknowledged. */
  refused: number;
  /** Send → `ack` (the message stored raw). */
  ack: Distribution;
  /** Send → `message.created` on the agent's live connection. */
  delivery: Distribution;
  /** Send from a new visitor → its text on the agent's inbox in Chromium. */
  screen?: Distribution;
  /** Screen probes whose text did not show within 30 s (counted as lost on the screen). */
  screenMissed?: number;
  serverRssMb: number;
  /** The server process's CPU over the measured cycles, in per cent of one core. */
  serverCpuPct: number;
  holds: boolean;
}

export interface ChatResult {
  kind: string;
  steps: ChatStep[];
  /** The most visitors at a step that held. */
  held: number;
  screenNote?: string;
  error?: string;
}

const SITE_ORIGIN = 'https://shop.bench.example';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The widget's files as a site's visitors download them, gzipped (the loader, then the panel on first open). */
export function widgetSizes(): { file: string; bytes: number; gzipped: number }[] {
  const dist = path.join(repoRoot, 'widget', 'dist');
  return ['widget.js', 'panel.js'].map((file) => {
    const bytes = fs.readFileSync(path.join(dist, file));
    return { file, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
}

const distribution = (values: number[]): Distribution => {
  const round = (value: number) => Math.round(value * 10) / 10;
  return { count: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)), max: round(values.length ? Math.max(...values) : Number.NaN) };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Send {
  sentAt: number;
  ackAt?: number;
  refused?: boolean;
  messageId?: number;
}

/** One widget visitor: its socket, its conversation and its sends by client id. */
class Visitor {
  socket!: WebSocket;
  conversationId: number | null = null;
  readonly key: string;
  private seq = 0;
  constructor(
    readonly index: number,
    readonly token: string,
    private readonly run: Run,
  ) {
    this.key = `bench-${run.id}-${index}`;
  }

  connect(wsUrl: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(wsUrl, { headers: { origin: SITE_ORIGIN } });
      this.socket.once('error', reject);
      this.socket.once('close', (code) => reject(new Error(`a visitor socket closed with ${code} before it was ready`)));
      this.socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; clientId?: string; message?: { id: number; clientId: string | null; conversationId: number }; conversation?: { id: number; key: string } };
        if (frame.type === 'ready') resolve();
        else if (frame.type === 'ack' && frame.clientId) this.run.acked(frame.clientId);
        else if (frame.type === 'error' && frame.clientId) this.run.refused(frame.clientId);
        else if (frame.type === 'conversation' && frame.conversation?.key === this.key) this.conversationId = frame.conversation.id;
        else if (frame.type === 'message' && frame.message?.clientId) this.run.stored(frame.message.clientId, frame.message.id);
      });
      this.socket.once('open', () => this.socket.send(JSON.stringify({ type: 'hello', token: this.token, cursors: {} })));
    });
  }

  send(text: string): string {
    const clientId = `b${this.run.id}v${this.index}m${this.seq++}`;
    this.run.sent(clientId);
    this.socket.send(JSON.stringify({ type: 'send', clientId, conversationKey: this.key, ...(this.conversationId ? { conversationId: this.conversationId } : {}), text }));
    return clientId;
  }
}

/** Every send of a run, and the agent's view of them. */
class Run {
  readonly id = Date.now().toString(36);
  readonly sends = new Map<string, Send>();
  private readonly agentAt = new Map<number, number>();

  sent(clientId: string) {
    this.sends.set(clientId, { sentAt: performance.now() });
  }
  acked(clientId: string) {
    const send = this.sends.get(clientId);
    if (send && send.ackAt === undefined) send.ackAt = performance.now();
  }
  refused(clientId: string) {
    const send = this.sends.get(clientId);
    if (send) send.refused = true;
  }
  stored(clientId: string, messageId: number) {
    const send = this.sends.get(clientId);
    if (send) send.messageId = messageId;
  }
  heard(messageId: number, at: number) {
    if (!this.agentAt.has(messageId)) this.agentAt.set(messageId, at);
  }
  /** Send → agent, for the given sends; undefined when the agent has not heard of it. */
  deliveredAfter(send: Send): number | undefined {
    if (send.messageId === undefined) return undefined;
    const at = this.agentAt.get(send.messageId);
    return at === undefined ? undefined : Math.max(0, at - send.sentAt);
  }
}

async function json(url: string, init: RequestInit & { token?: string }): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) };
  const response = await fetch(url, { ...init, headers });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** The server's CPU time so far (user + system), in milliseconds, from /proc. */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Chromium with an agent's inbox open, watching for texts (skipped when Chromium is not here). */
async function openAgentScreen(url: string): Promise<{ watch(text: string): Promise<number>; close(): Promise<void> } | string> {
  if (!fs.existsSync(CHROMIUM)) return `Chromium is not at ${CHROMIUM} (CHROMIUM_PATH); no screen timings`;
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return 'playwright-core is not installed; no screen timings';
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${url}/`);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav#sidebar');
  await page.goto(`${url}/views/all`);
  await page.waitForSelector('li.row, .state.empty');
  await page.waitForSelector('#sidebar [data-live=live]', { state: 'attached' });
  return {
    /** Resolves with Date.now() at the moment the text first shows on the page. */
    async watch(text: string) {
      return page.evaluate(
        (needle) =>
          new Promise<number>((resolve, reject) => {
            // This runs in the page (the bench compiles without the DOM's types).
            const { document, MutationObserver } = globalThis as any;
            const timer = setTimeout(() => reject(new Error(`"${needle}" did not show within 30 s`)), 30_000);
            const observer = new MutationObserver(() => {
              if (!document.body.textContent?.includes(needle)) return;
              observer.disconnect();
              clearTimeout(timer);
              resolve(Date.now());
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          }),
        text,
      );
    },
    close: () => browser.close(),
  };
}

export async function benchChat(target: Target, settings: ChatSettings, log: (message: string) => void): Promise<ChatResult> {
  const result: ChatResult = { kind: target.kind, steps: [], held: 0 };
  const server: ServerProcess = await startServer({
    env: {
      ...target.env,
      // The visitors all come from 127.0.0.1 here; per-address limits are the server tests' to check.
      CHAT_VISITOR_RATE_LIMIT: '1000000',
      CHAT_IP_RATE_LIMIT: '100000000',
      CHAT_MESSAGE_RATE_LIMIT: '1000',
    },
  });
  const visitors: Visitor[] = [];
  const run = new Run();
  let screen: Awaited<ReturnType<typeof openAgentScreen>> | undefined;
  let agent: WebSocket | undefined;
  try {
    const token = await login(server.url, ADMIN.email, ADMIN.password);
    const created = await json(`${server.url}/api/v1/chat-sites`, { method: 'POST', token, body: JSON.stringify({ name: 'Bench shop', allowedOrigins: [SITE_ORIGIN] }) });
    if (created.status !== 201) throw new Error(`creating the chat site answered ${created.status}: ${JSON.stringify(created.body)}`);
    const siteKey = created.body.key as string;

    // The agent: a live connection that hears every message.created.
    agent = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise<void>((resolve, reject) => {
      agent!.once('error', reject);
      agent!.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; event?: { type: string; payload?: { messageId?: number } } };
        if (frame.type === 'ready') resolve();
        if (frame.type === 'event' && frame.event?.type === 'message.created' && frame.event.payload?.messageId) run.heard(frame.event.payload.messageId, performance.now());
      });
      agent!.once('open', () => agent!.send(JSON.stringify({ type: 'hello' })));
    });
    if (settings.screenSamples > 0) {
      screen = await openAgentScreen(server.url);
      if (typeof screen === 'string') {
        result.screenNote = screen;
        log(`${target.kind}: ${screen}`);
      }
    }

    const wsUrl = `${server.url.replace('http', 'ws')}/api/v1/chat/live`;
    const newVisitor = async (index: number) => {
      const made = await json(`${server.url}/api/v1/chat/sites/${siteKey}/visitors`, { method: 'POST', headers: { origin: SITE_ORIGIN }, body: JSON.stringify({ locale: 'en' }) });
      if (made.status !== 201) throw new Error(`a new visitor answered ${made.status}: ${JSON.stringify(made.body)}`);
      const visitor = new Visitor(index, made.body.token as string, run);
      await visitor.connect(wsUrl);
      return visitor;
    };

    for (const target_ of settings.steps[target.kind]) {
      // Join: new visitors open their sockets and start their conversations (a ticket each), 20 at a time.
      const joinStarted = performance.now();
      const joining: Visitor[] = [];
      for (let next = visitors.length; next < target_; ) {
        const batch = Array.from({ length: Math.min(20, target_ - next) }, (_, k) => next + k);
        next += batch.length;
        joining.push(...(await Promise.all(batch.map(newVisitor))));
      }
      const firsts = joining.map((visitor) => visitor.send(`Hello, I have a question about order ${visitor.index}`));
      await waitUntil(() => firsts.every((clientId) => run.deliveredAfter(run.sends.get(clientId)!) !== undefined || run.sends.get(clientId)!.refused), 120_000);
      visitors.push(...joining);
      const joinMs = Math.round(performance.now() - joinStarted);
      log(`${target.kind}: ${visitors.length} visitors connected (the new ones in ${joinMs} ms); measuring ${settings.cycles} × ${settings.cycleS} s`);

      // Measure: each visitor sends once per cycle, spread evenly over it.
      const measured: string[] = [];
      const cpuBefore = cpuMs(server.pid);
      const started = performance.now();
      const totalMs = settings.cycles * settings.cycleS * 1000;
      const slots = visitors.length * settings.cycles;
      const screenTimes: number[] = [];
      const screenMisses: string[] = [];
      const screenEvery = screen && typeof screen !== 'string' ? Math.max(1, Math.floor(totalMs / (settings.screenSamples + 1))) : 0;
      let nextScreen = screenEvery;
      const probes: Promise<void>[] = [];
      for (let slot = 0; slot < slots; ) {
        const due = Math.floor(((performance.now() - started) / totalMs) * slots);
        for (; slot < Math.min(due, slots); slot++) {
          const visitor = visitors[slot % visitors.length]!;
          measured.push(visitor.send(`Any news on order ${visitor.index}? (${slot})`));
        }
        if (screenEvery && performance.now() - started >= nextScreen && probes.length < settings.screenSamples) {
          nextScreen += screenEvery;
          probes.push(screenProbe(screen as Exclude<typeof screen, string | undefined>, newVisitor, visitors.length + 100_000 + probes.length + result.steps.length * 1000, run).then(
              (ms) => void screenTimes.push(ms),
              (error: unknown) => void screenMisses.push(error instanceof Error ? error.message : String(error)),
            ),
          );
        }
        await sleep(5);
      }
      const measuredMs = performance.now() - started;
      await Promise.allSettled(probes);
      if (screenMisses.length) log(`${target.kind}: ${screenMisses.length} of ${probes.length} screen probes missed, e.g. ${screenMisses[0]}`);
      // Grace: what is still on its way after the last send.
      await waitUntil(() => measured.every((clientId) => run.deliveredAfter(run.sends.get(clientId)!) !== undefined || run.sends.get(clientId)!.refused), 10_000).catch(() => {});
      const cpuPct = Math.round(((cpuMs(server.pid) - cpuBefore) / measuredMs) * 100);
      const sends = measured.map((clientId) => run.sends.get(clientId)!);
      const delivered = sends.map((send) => run.deliveredAfter(send)).filter((ms): ms is number => ms !== undefined);
      const step: ChatStep = {
        visitors: visitors.length,
        joinMs,
        sent: sends.length,
        refused: sends.filter((send) => send.refused).length,
        lost: sends.filter((send) => !send.refused && run.deliveredAfter(send) === undefined).length,
        ack: distribution(sends.flatMap((send) => (send.ackAt === undefined ? [] : [send.ackAt - send.sentAt]))),
        delivery: distribution(delivered),
        ...(screenTimes.length || screenMisses.length ? { screen: distribution(screenTimes), screenMissed: screenMisses.length } : {}),
        serverRssMb: server.rssMb(),
        serverCpuPct: cpuPct,
        holds: false,
      };
      step.holds = step.lost === 0 && step.refused === 0 && !step.screenMissed && step.delivery.p99 < settings.p99LimitMs;
      result.steps.push(step);
      log(
        `${target.kind}: ${step.visitors} visitors: ${step.sent} sends, lost ${step.lost}, refused ${step.refused}; ack p50 ${step.ack.p50} p99 ${step.ack.p99} ms; delivery p50 ${step.delivery.p50} p95 ${step.delivery.p95} p99 ${step.delivery.p99} max ${step.delivery.max} ms${step.screen ? `; screen p50 ${step.screen.p50} p95 ${step.screen.p95} ms (n=${step.screen.count})` : ''}; server ${step.serverRssMb} MiB, ${step.serverCpuPct}% CPU → ${step.holds ? 'holds' : 'does not hold'}`,
      );
      if (!step.holds) break;
      result.held = step.visitors;
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${target.kind}: chat benchmark failed: ${result.error}\n${server.output()}`);
  } finally {
    for (const visitor of visitors) visitor.socket?.terminate();
    agent?.terminate();
    if (screen && typeof screen !== 'string') await screen.close().catch(() => {});
    await server.stop();
  }
  return result;
}

/** A new visitor's first message, timed from the send to its text on the agent's inbox. */
async function screenProbe(screen: { watch(text: string): Promise<number> }, newVisitor: (index: number) => Promise<Visitor>, index: number, run: Run): Promise<number> {
  const visitor = await newVisitor(index);
  try {
    const text = `Screen probe ${run.id}-${index}: where is my parcel?`;
    const shown = screen.watch(text);
    await sleep(20);
    const sentAt = Date.now();
    visitor.send(text);
    return (await shown) - sentAt;
  } finally {
    visitor.socket.close();
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > until) throw new Error(`not done within ${timeoutMs} ms`);
    await sleep(20);
  }
}

const row = (d: Distribution | undefined) => (d && d.count ? `${d.p50} / ${d.p95} / ${d.p99} / ${d.max}` : '–');

export function renderChatMarkdown(date: string, machineLine: string, settings: ChatSettings, results: ChatResult[]): string {
  const sizes = widgetSizes();
  const total = sizes.reduce((sum, file) => sum + file.gzipped, 0);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  return [
    '# Website chat benchmark',
    '',
    `Measured ${date} by \`npm run bench -- --suite=chat\` (also part of a plain \`npm run bench\`). This file is written by the benchmark; rerun it rather than editing by hand. ${machineLine}`,
    '',
    '## Visitors one node holds',
    '',
    `For each database, a fresh server process and one chat site. Visitors join in steps (PostgreSQL ${settings.steps.postgres.join(', ')}; PGlite ${settings.steps.pglite.join(', ')}): each is made through \`POST /api/v1/chat/sites/:key/visitors\`, opens its own WebSocket to \`/api/v1/chat/live\`, says hello with its token and starts a conversation (a ticket). Then for ${settings.cycles} × ${settings.cycleS} s every visitor sends one message every ${settings.cycleS} s, spread evenly, so the node takes a thirtieth of its visitors in messages a second (see the table). **Ack** is the send to the server's \`ack\` (stored raw in the inbox). **Delivery** is the send to the \`message.created\` event on an agent's live connection (processed into the ticket; what the inbox renders from). A step holds when no message is lost or refused, every screen probe shows, and the p99 delivery is under ${settings.p99LimitMs} ms; the run stops at the first step that does not. The visitors, the agent, Chromium, the server and PostgreSQL share the machine's cores.`,
    '',
    '| Database | Visitors | Messages/s | Sent | Lost | Ack p50 / p95 / p99 / max (ms) | Delivery p50 / p95 / p99 / max (ms) | Server RSS (MiB) | Server CPU | Holds |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.flatMap((result) =>
      result.error && !result.steps.length
        ? [`| ${result.kind} | failed: ${result.error} | | | | | | | | |`]
        : result.steps.map((step) => `| ${result.kind} | ${step.visitors} | ${Math.round(step.visitors / settings.cycleS)} | ${step.sent} | ${step.lost}${step.refused ? ` (+${step.refused} refused)` : ''} | ${row(step.ack)} | ${row(step.delivery)} | ${step.serverRssMb} | ${step.serverCpuPct}% | ${step.holds ? 'yes' : 'no'} |`),
    ),
    '',
    ...results.map((result) => `- **${result.kind}**: holds **${result.held.toLocaleString('en-US')}** concurrent visitors (aim: 10,000)${result.error ? `; the run ended with: ${result.error}` : ''}.`),
    '',
    "## Visitor's send → the agent's screen (ms)",
    '',
    `While each step's load runs, ${settings.screenSamples} new visitors write a first message, spread over the step; each is timed from the send to its text showing on an agent's inbox (\`/views/all\`) in Debian's Chromium (a MutationObserver in the page).`,
    '',
    '| Database | Visitors | n | p50 | p95 | max | Not shown in 30 s |',
    '|---|---|---|---|---|---|---|',
    ...results.flatMap((result) => result.steps.filter((step) => step.screen).map((step) => `| ${result.kind} | ${step.visitors} | ${step.screen!.count} | ${step.screen!.p50} | ${step.screen!.p95} | ${step.screen!.max} | ${step.screenMissed ?? 0} |`)),
    ...results.flatMap((result) => (result.screenNote ? ['', `${result.kind}: ${result.screenNote}.`] : [])),
    '',
    '## The widget\'s size',
    '',
    '| File | Bytes | Gzipped |',
    '|---|---|---|',
    ...sizes.map((file) => `| \`${file.file}\` | ${file.bytes.toLocaleString('en-US')} | ${kb(file.gzipped)} KB |`),
    `| total | | **${kb(total)} KB** (budget 30 KB) |`,
    '',
    'A page that embeds the widget downloads only `widget.js` (the launcher); `panel.js` comes on the first click, or at once when the visitor has an open conversation.',
    '',
  ].join('\n');
}
