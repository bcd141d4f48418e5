// Email ingest benchmark: a real server with its SMTP receiver, real SMTP clients delivering
// distinct messages from distinct senders, and the two numbers that matter in a mail storm:
// how fast mail is durably accepted (the last SMTP 250) and how fast it becomes tickets (the
// inbox drained). Then, one message at a time, the time from the SMTP 250 to the ticket.created
// event arriving on an agent's live connection (what the inbox renders from).
import nodemailer from 'nodemailer';
import WebSocket from 'ws';
import { getJson, login, percentile } from './http-client.ts';
import { ADMIN, freePort, startServer } from './server-process.ts';
import type { Target } from './targets.ts';

export interface IngestStep {
  clients: number;
  messages: number;
  /** Emails per second until the last SMTP 250. */
  acceptedPerS: number;
  /** Emails per second until the last one was a stored ticket. */
  ticketsPerS: number;
  acceptMs: number;
  drainMs: number;
}

export interface MailResult {
  kind: string;
  steps: IngestStep[];
  /** SMTP 250 → ticket.created on a live connection, milliseconds. */
  latency?: { count: number; p50: number; p95: number; max: number };
  error?: string;
}

export interface MailSettings {
  messages: number;
  clients: number[];
  latencySamples: number;
}

const body = (i: number) =>
  `Hello,\n\nmy payout #${i} has not arrived yet although the dashboard says it was sent three days ago.\nCould you check what happened and when I can expect it?\n\nThank you,\nCustomer ${i}\n`;

function rawMessage(run: string, i: number, to = 'support@bench.example'): string {
  return [
    `From: Customer ${i} <customer-${run}-${i}@bench-senders.example>`,
    `To: Bench Support <${to}>`,
    `Subject: Payout ${i} has not arrived`,
    `Message-ID: <${run}.${i}@bench-senders.example>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body(i),
  ].join('\r\n');
}

/** Emails processed so far (ticket or otherwise); a failed one stops the run. */
export async function processedCount(url: string, token: string): Promise<number> {
  const counts = (await getJson(`${url}/api/v1/admin/inbox/counts?channel=email`, token)).body as { processed: number; failed: number; pending: number };
  if (counts.failed) throw new Error(`${counts.failed} emails failed to process`);
  return counts.processed;
}

/** `total` distinct emails to `to` over `clients` SMTP connections, timed until the last SMTP 250 and until the last is processed. */
export async function ingest(input: { smtpPort: number; processed: () => Promise<number>; to: string; run: string; total: number; clients: number }): Promise<IngestStep> {
  const { smtpPort, to, run, total, clients } = input;
  const before = await input.processed();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
      try {
        for (let i = client; i < total; i += clients) {
          await transport.sendMail({ envelope: { from: `customer-${run}-${i}@bench-senders.example`, to: [to] }, raw: rawMessage(run, i, to) });
        }
      } finally {
        transport.close();
      }
    }),
  );
  const acceptMs = performance.now() - started;
  while ((await input.processed()) < before + total) await new Promise((resolve) => setTimeout(resolve, 25));
  const drainMs = performance.now() - started;
  return { clients, messages: total, acceptMs: Math.round(acceptMs), drainMs: Math.round(drainMs), acceptedPerS: Math.round(total / (acceptMs / 1000)), ticketsPerS: Math.round(total / (drainMs / 1000)) };
}

export async function benchMail(target: Target, settings: MailSettings, log: (message: string) => void): Promise<MailResult> {
  const result: MailResult = { kind: target.kind, steps: [] };
  const smtpPort = await freePort();
  const server = await startServer({ env: { ...target.env, SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1', EMAIL_SENDER_LIMIT: '0' } });
  try {
    const token = await login(server.url, ADMIN.email, ADMIN.password);
    const created = await fetch(`${server.url}/api/v1/mailboxes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ address: 'support@bench.example', name: 'Bench Support', acknowledge: false }),
    });
    if (created.status !== 201) throw new Error(`mailbox: ${created.status} ${await created.text()}`);
    const processed = () => processedCount(server.url, token);

    for (const clients of settings.clients) {
      const run = `c${clients}-${Date.now()}`;
      log(`${target.kind}: ${settings.messages} emails over ${clients} SMTP connection(s)`);
      const step = await ingest({ smtpPort, processed, to: 'support@bench.example', run, total: settings.messages, clients });
      result.steps.push(step);
      log(`${target.kind}: ${clients} client(s): accepted ${step.acceptedPerS}/s, tickets ${step.ticketsPerS}/s`);
    }

    result.latency = await measureLatency(server.url, token, smtpPort, settings.latencySamples);
    log(`${target.kind}: SMTP 250 → live event p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms`);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${target.kind}: mail benchmark failed: ${result.error}\n${server.output()}`);
  } finally {
    await server.stop();
  }
  return result;
}

async function measureLatency(url: string, token: string, smtpPort: number, samples: number) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${token}` } });
  const waiting = new Map<string, (at: number) => void>();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; event?: { type: string; payload?: { subject?: string } } };
      if (message.type === 'ready') resolve();
      if (message.type === 'event' && message.event?.type === 'ticket.created') waiting.get(message.event.payload?.subject ?? '')?.(performance.now());
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'hello' })));
  });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
  const run = `latency-${Date.now()}`;
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const subject = `Payout ${i} has not arrived`;
      const arrived = new Promise<number>((resolve) => waiting.set(subject, resolve));
      await transport.sendMail({ envelope: { from: `customer-${run}-${i}@bench-senders.example`, to: ['support@bench.example'] }, raw: rawMessage(run, i) });
      const acknowledged = performance.now();
      const at = await Promise.race([arrived, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no ticket.created event within 10 s')), 10_000))]);
      waiting.delete(subject);
      times.push(Math.max(0, at - acknowledged));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    transport.close();
    socket.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { count: times.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? Number.NaN) };
}

export function renderMailMarkdown(date: string, machineLines: string[], settings: MailSettings, results: MailResult[]): string {
  const rows = results.flatMap((result) =>
    result.error ? [`| ${result.kind} | failed: ${result.error} | | | |`] : result.steps.map((step) => `| ${result.kind} | ${step.clients} | ${step.messages} | ${step.acceptedPerS} (${step.acceptMs} ms) | ${step.ticketsPerS} (${step.drainMs} ms) |`),
  );
  const latency = results.map((result) =>
    result.latency ? `| ${result.kind} | ${result.latency.count} | ${result.latency.p50} | ${result.latency.p95} | ${result.latency.max} |` : `| ${result.kind} | – | – | – | – |`,
  );
  return [
    '# Email ingest benchmark',
    '',
    `Measured ${date} by \`npm run bench -- --suite=mail\` (also part of a plain \`npm run bench\`). This file is written by the benchmark; rerun it rather than editing by hand.`,
    '',
    ...machineLines,
    '',
    '## What is measured',
    '',
    `For each database, a fresh server process runs with its SMTP receiver on a local port and one mailbox (acknowledgements off, no per-sender limit). For ${settings.clients.length > 1 ? `${settings.clients.slice(0, -1).join(', ')} and ${settings.clients.at(-1)}` : settings.clients[0]} concurrent SMTP clients (nodemailer, one connection each, reused), ${settings.messages} distinct emails from distinct senders (plain text, about 0.5 KB) are delivered. **Accepted** is emails per second until the last SMTP 250: each 250 is sent only after the raw message and its processing job are committed. **Tickets** is emails per second until the last of them is a stored ticket (customer, ticket, message, history, events, Message-ID index), read from \`GET /api/v1/admin/inbox/counts\`. The load generator, the server and PostgreSQL share the machine's cores.`,
    '',
    `Latency: ${settings.latencySamples} emails one at a time on an otherwise idle server; the time from the SMTP 250 to the \`ticket.created\` event arriving on an agent's WebSocket (\`/api/v1/live\`), which is what the inbox renders from.`,
    '',
    '## Throughput',
    '',
    '| Database | SMTP clients | Emails | Accepted per s | Tickets per s |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    '## SMTP 250 → ticket on an agent\'s live connection (ms)',
    '',
    '| Database | Samples | p50 | p95 | max |',
    '|---|---:|---:|---:|---:|',
    ...latency,
    '',
  ].join('\n');
}
