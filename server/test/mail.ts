// Real SMTP for tests: a sink server that keeps what it is sent (the help desk's relay), and a
// client that delivers to the help desk's receiver.
import type { AddressInfo } from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SmtpReceiver } from '../src/channels/email/smtp-receiver.ts';
import { startTestApp, type TestApp } from './harness.ts';

export interface SunkMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  received: SunkMail[];
  /** Resolves when at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<SunkMail[]>;
  /** Answers the next `count` messages with a 4xx/5xx. */
  refuseNext(count: number, code?: number): void;
  /** Answers RCPT TO for this address with `code` (550, 450, …) until told null. */
  refuseRecipient(address: string, code: number | null): void;
  /** Refuses every login with 535 while on. */
  refuseLogins(on: boolean): void;
  /** Answers every new connection with this code (421: "not available now") and closes it, until told null: a relay that is down. */
  refuseConnections(code: number | null): void;
  /** Connections opened to the sink so far: how often it was tried. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: SunkMail[] = [];
  let refuse = 0;
  let refuseCode = 451;
  let refuseAuth = false;
  let refuseConnectionsWith: number | null = null;
  let connections = 0;
  const refusedRecipients = new Map<string, number>();
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      if (refuseConnectionsWith === null) return callback();
      callback(Object.assign(new Error('4.3.2 Service not available, try again later'), { responseCode: refuseConnectionsWith }));
    },
    onAuth: (_auth, _session, callback) =>
      refuseAuth ? callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 })) : callback(null, { user: 'relay' }),
    onRcptTo(address, _session, callback) {
      const code = refusedRecipients.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      const text = code >= 500 ? `5.1.1 <${address.address}>: Recipient address rejected: User unknown` : `4.2.0 <${address.address}>: Recipient address rejected: try again later`;
      callback(Object.assign(new Error(text), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          const error = Object.assign(new Error('sink refuses this message'), { responseCode: refuseCode });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          received.push({ mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', rcptTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
          waiters.splice(0).forEach((wake) => wake());
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuseNext(count, code = 451) {
      refuse = count;
      refuseCode = code;
    },
    refuseRecipient(address, code) {
      if (code === null) refusedRecipients.delete(address.toLowerCase());
      else refusedRecipients.set(address.toLowerCase(), code);
    },
    refuseLogins(on) {
      refuseAuth = on;
    },
    refuseConnections(code) {
      refuseConnectionsWith = code;
    },
    get connections() {
      return connections;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`the SMTP sink got ${received.length} messages, expected ${count}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends raw bytes (or a composed message) to an SMTP server on localhost and returns its answer. */
export async function sendMail(port: number, message: { from: string; to: string[]; raw: Buffer | string } | SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    if ('raw' in message && message.raw !== undefined && 'from' in message && typeof message.from === 'string' && Array.isArray(message.to)) {
      return await transport.sendMail({ envelope: { from: message.from, to: message.to }, raw: message.raw });
    }
    return await transport.sendMail(message as SendMailOptions);
  } finally {
    transport.close();
  }
}

export interface MailDesk {
  t: TestApp;
  /** The port of the help desk's SMTP receiver. */
  port: number;
  close(): Promise<void>;
}

/** A test Frontline with its SMTP receiver listening and one mailbox: where a mail test starts. */
export async function startMailDesk(mailbox: { address: string; name: string; [setting: string]: unknown }, options: Parameters<typeof startTestApp>[0] = { env: { JOBS: 'off' } }): Promise<MailDesk> {
  const t = await startTestApp(options);
  const receiver = new SmtpReceiver(t.frontline.ctx);
  const port = await receiver.start(0, '127.0.0.1');
  const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: mailbox });
  if (created.statusCode !== 201) throw new Error(`mailbox create failed: ${created.statusCode} ${created.body}`);
  return {
    t,
    port,
    async close() {
      await receiver.stop();
      await t.close();
    },
  };
}
