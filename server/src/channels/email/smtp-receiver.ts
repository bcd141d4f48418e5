// The built-in SMTP receiver: accepts mail for the configured mailboxes' addresses, stores each
// message raw and durably, and only then answers 250. Unknown recipients get 550, oversized mail
// 552, and a storage failure 451 (the sending server tries again later), so nothing is lost.
import fs from 'node:fs';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Context } from '../../context.ts';
import { listMailboxes } from '../../mailboxes/verbs.ts';
import { ReceiveBatcher } from '../../inbox/receive.ts';
import { emailInput } from './receive.ts';

const MAX_RECIPIENTS = 50;
const REFRESH_MS = 30_000;
/** How often the certificate files are checked for a renewal (certbot and the like replace them in place). */
const TLS_WATCH_MS = 60_000;

export class SmtpReceiver {
  private server: SMTPServer | undefined;
  private mailboxes = new Map<string, number>();
  private loadedAt = 0;
  private unsubscribe: (() => void) | undefined;
  private unwatch: (() => void) | undefined;
  private readonly batcher: ReceiveBatcher;

  constructor(private readonly ctx: Context) {
    this.batcher = new ReceiveBatcher(ctx.db);
  }

  /** Starts listening; returns the bound port (useful with port 0 in tests). */
  async start(port = this.ctx.config.smtpPort, host = this.ctx.config.smtpHost, options: { tlsWatchMs?: number } = {}): Promise<number> {
    await this.refresh();
    const stale = () => {
      this.loadedAt = 0;
    };
    const unsubscribers = [this.ctx.events.subscribe('mailbox.created', stale), this.ctx.events.subscribe('mailbox.updated', stale)];
    this.unsubscribe = () => unsubscribers.forEach((off) => off());
    const log = this.ctx.log.child({ part: 'smtp' });
    const { smtpTlsKey, smtpTlsCert } = this.ctx.config;
    if (Boolean(smtpTlsKey) !== Boolean(smtpTlsCert)) throw new Error('set both SMTP_TLS_KEY and SMTP_TLS_CERT to offer STARTTLS, or neither');
    // Sending servers use STARTTLS when it is offered; without a certificate it is not offered.
    const tls = smtpTlsKey && smtpTlsCert ? { key: fs.readFileSync(smtpTlsKey), cert: fs.readFileSync(smtpTlsCert) } : undefined;
    const server = new SMTPServer({
      ...tls,
      name: this.ctx.config.mailHostname,
      banner: 'Frontline',
      size: this.ctx.config.smtpMaxBytes,
      rejectOversized: true,
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      logger: false,
      maxClients: 200,
      onRcptTo: (address, session, callback) => {
        void this.acceptRecipient(address.address, session).then(
          (error) => callback(error),
          (error: unknown) => callback(smtpError(451, `4.3.0 temporary failure: ${(error as Error).message}`)),
        );
      },
      onData: (stream, session, callback) => {
        void this.store(stream, session).then(
          (answer) => callback(null, answer),
          (error: SmtpError) => {
            if (!error.responseCode) log.error({ err: error, remote: session.remoteAddress }, 'an email could not be stored; the sender was told to try again');
            callback(error.responseCode ? error : smtpError(451, '4.3.0 the message could not be stored; try again later'));
          },
        );
      },
    });
    server.on('error', (error) => log.warn({ err: error }, 'SMTP connection error'));
    this.server = server;
    if (smtpTlsKey && smtpTlsCert) this.unwatch = watchCertificate(server, smtpTlsKey, smtpTlsCert, options.tlsWatchMs ?? TLS_WATCH_MS, log);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const bound = (server.server.address() as AddressInfo).port;
    log.info({ port: bound, host, starttls: Boolean(tls) }, 'SMTP receiver listening');
    return bound;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unwatch?.();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async refresh(): Promise<void> {
    const rows = await listMailboxes(this.ctx.db);
    this.mailboxes = new Map(rows.filter((row) => row.active).map((row) => [row.address.toLowerCase(), row.id]));
    this.loadedAt = Date.now();
  }

  private async acceptRecipient(address: string, session: SMTPServerSession): Promise<SmtpError | null> {
    if (Date.now() - this.loadedAt > REFRESH_MS) await this.refresh();
    if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return smtpError(452, '4.5.3 too many recipients');
    if (!this.mailboxes.has(address.trim().toLowerCase())) return smtpError(550, `5.1.1 <${address}>: no such mailbox here`);
    return null;
  }

  private async store(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError(552, `5.3.4 message exceeds the ${this.ctx.config.smtpMaxBytes} byte limit`);
    const raw = Buffer.concat(chunks);
    const rcptTo = session.envelope.rcptTo.map((entry) => entry.address.toLowerCase());
    const mailboxId = rcptTo.map((address) => this.mailboxes.get(address)).find((id) => id !== undefined);
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const received = await this.batcher.receive(emailInput(raw, { ...(mailboxId && { mailboxId }), mailFrom, rcptTo, remoteAddress: session.remoteAddress, tls: session.secure }));
    return `2.0.0 stored as ${received.item.id}${received.duplicate ? ' (received before)' : ''}`;
  }
}

/**
 * Reloads a renewed certificate without a restart: when either file changes, both are read again
 * and new sessions get them. A half-written renewal (key and certificate not matching yet) is
 * logged and the running certificate kept; the next change tries again.
 */
function watchCertificate(server: SMTPServer, keyFile: string, certFile: string, intervalMs: number, log: Context['log']): () => void {
  const reload = () => {
    try {
      const pair = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
      // Tried first on its own: the server empties its contexts before building new ones, so a failure there would leave none.
      tls.createSecureContext(pair);
      server.updateSecureContext(pair);
      log.info({ certFile }, 'SMTP TLS certificate reloaded');
    } catch (error) {
      log.warn({ err: error, certFile }, 'the changed SMTP TLS certificate could not be loaded; keeping the one in use');
    }
  };
  const onChange = (current: fs.Stats, previous: fs.Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.ino !== previous.ino) reload();
  };
  for (const file of [keyFile, certFile]) fs.watchFile(file, { interval: intervalMs, persistent: false }, onChange);
  return () => {
    for (const file of [keyFile, certFile]) fs.unwatchFile(file, onChange);
  };
}

type SmtpError = Error & { responseCode?: number };

function smtpError(code: number, message: string): SmtpError {
  const error: SmtpError = new Error(message);
  error.responseCode = code;
  return error;
}
