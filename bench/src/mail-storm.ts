// The dead-relay storm: the same mail storm into a mailbox that acknowledges every new ticket
// through a relay that cannot take them — a port where nothing listens, a relay answering 421 to
// every connection, a relay refusing the login — beside the plain case (acknowledgements off).
// The cases run back to back, each round starting one case later, for several rounds; the ratio of each to the plain case
// of its round is reported, and the median across rounds is what counts (aim: at least 90%).
import crypto from 'node:crypto';
import net from 'node:net';
import { login } from './http-client.ts';
import { ingest, processedCount } from './mail.ts';
import { ADMIN, freePort, startServer } from './server-process.ts';
import type { Target } from './targets.ts';

export interface StormSettings {
  messages: number;
  clients: number;
  rounds: number;
}

export type StormCase = 'plain' | 'no listener' | '421 relay' | 'login refused';
export const STORM_CASES: StormCase[] = ['plain', 'no listener', '421 relay', 'login refused'];

export interface StormResult {
  kind: string;
  /** Tickets per second of each case, one entry per round. */
  rounds: Array<Record<StormCase, number>>;
  /** Median over rounds of (case ÷ plain in the same round). */
  medianRatio: Partial<Record<StormCase, number>>;
  error?: string;
}

export const STORM_AIM = 0.9;

/** A relay that is down: greets every connection with 421 and hangs up. */
function startRefusingRelay(line: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(`${line}\r\n`);
  });
  return listen(server);
}

/** A relay that answers, but refuses every login with 535. */
function startLoginRefusingRelay(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('220 relay.bench.example ESMTP\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const command = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (command.startsWith('EHLO')) socket.write('250-relay.bench.example\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (command.startsWith('HELO')) socket.write('250 relay.bench.example\r\n');
        else if (command.startsWith('AUTH')) socket.write('535 5.7.8 Authentication credentials invalid\r\n');
        else if (command.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('503 5.5.1 Authentication required\r\n');
      }
    });
  });
  return listen(server);
}

function listen(server: net.Server): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function benchStorm(target: Target, settings: StormSettings, log: (message: string) => void): Promise<StormResult> {
  const result: StormResult = { kind: target.kind, rounds: [], medianRatio: {} };
  const smtpPort = await freePort();
  const nowhere = await freePort();
  const down = await startRefusingRelay('421 4.3.2 Service not available, try again later');
  const refusing = await startLoginRefusingRelay();
  // The login-refused relay has a password, which a PostgreSQL server stores only under a key.
  const server = await startServer({ env: { ...target.env, SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1', EMAIL_SENDER_LIMIT: '0', FRONTLINE_SECRET_KEY: target.env.FRONTLINE_SECRET_KEY ?? crypto.randomBytes(32).toString('hex') } });
  try {
    const token = await login(server.url, ADMIN.email, ADMIN.password);
    const relays: Record<StormCase, Record<string, unknown> | null> = {
      plain: null,
      'no listener': { host: '127.0.0.1', port: nowhere, security: 'none' },
      '421 relay': { host: '127.0.0.1', port: down.port, security: 'none' },
      'login refused': { host: '127.0.0.1', port: refusing.port, security: 'none', user: 'bench', password: 'wrong password' },
    };
    const addresses = {} as Record<StormCase, string>;
    for (const [index, kase] of STORM_CASES.entries()) {
      const address = `storm${index}@bench.example`;
      const smtp = relays[kase];
      const created = await fetch(`${server.url}/api/v1/mailboxes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ address, name: `Storm ${kase}`, acknowledge: smtp !== null, ...(smtp && { smtp }) }),
      });
      if (created.status !== 201) throw new Error(`mailbox ${address}: ${created.status} ${await created.text()}`);
      addresses[kase] = address;
    }
    const processed = () => processedCount(server.url, token);
    for (let round = 1; round <= settings.rounds; round++) {
      const speeds = {} as Record<StormCase, number>;
      // The database grows with every case, so the cases take turns going first: a round's order
      // starts one case later than the round before's.
      const order = STORM_CASES.map((_, index) => STORM_CASES[(index + round - 1) % STORM_CASES.length]!);
      for (const kase of order) {
        const step = await ingest({ smtpPort, processed, to: addresses[kase], run: `storm-${round}-${kase.replace(/\W/g, '')}-${Date.now()}`, total: settings.messages, clients: settings.clients });
        speeds[kase] = step.ticketsPerS;
        log(`${target.kind}: storm round ${round}, ${kase}: tickets ${step.ticketsPerS}/s`);
      }
      result.rounds.push(speeds);
    }
    for (const kase of STORM_CASES.slice(1)) {
      result.medianRatio[kase] = Math.round(median(result.rounds.map((round) => round[kase] / round.plain)) * 100) / 100;
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${target.kind}: storm benchmark failed: ${result.error}\n${server.output()}`);
  } finally {
    await server.stop();
    await down.close();
    await refusing.close();
  }
  return result;
}

export function stormProblems(results: StormResult[]): string[] {
  return results.flatMap((result) =>
    result.error
      ? [`storm on ${result.kind}: ${result.error}`]
      : Object.entries(result.medianRatio)
          .filter(([, ratio]) => ratio < STORM_AIM)
          .map(([kase, ratio]) => `storm on ${result.kind}: ${kase} kept ${Math.round(ratio * 100)}% of the plain throughput (aim ${STORM_AIM * 100}%)`),
  );
}

export function renderStormMarkdown(settings: StormSettings, results: StormResult[]): string {
  const rows = results.flatMap((result) =>
    result.error
      ? [`| ${result.kind} | failed: ${result.error} | | | | |`]
      : result.rounds.map((round, index) => `| ${result.kind} | ${index + 1} | ${STORM_CASES.map((kase) => round[kase]).join(' | ')} |`),
  );
  const ratios = results.map((result) => `| ${result.kind} | ${STORM_CASES.slice(1).map((kase) => (result.medianRatio[kase] === undefined ? '–' : `${Math.round(result.medianRatio[kase]! * 100)}%`)).join(' | ')} |`);
  return [
    '## Storm with a dead relay (acknowledgements on)',
    '',
    `One server per database, four mailboxes: one with acknowledgements off (plain), three acknowledging every new ticket through a relay that cannot take them — a port where nothing listens, a relay that greets every connection with \`421\`, a relay that refuses the login with \`535\`. Per round, ${settings.messages} emails over ${settings.clients} SMTP clients into each mailbox, the cases back to back, each round starting one case later than the one before (the database grows with every case); ${settings.rounds} round(s). Tickets per second as above. The aim: every dead-relay case keeps at least ${STORM_AIM * 100}% of the plain throughput (the median over rounds of its ratio to the plain case of the same round).`,
    '',
    `| Database | Round | ${STORM_CASES.join(' | ')} |`,
    `|---|---:|${STORM_CASES.map(() => '---:').join('|')}|`,
    ...rows,
    '',
    `| Database | ${STORM_CASES.slice(1).map((kase) => `${kase} ÷ plain`).join(' | ')} |`,
    `|---|${STORM_CASES.slice(1).map(() => '---:').join('|')}|`,
    ...ratios,
    '',
  ].join('\n');
}
