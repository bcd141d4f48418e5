// Background work of this node: the durable job runner and the handlers features give it.
// The runner is always built, so handlers are registered the same way everywhere; it claims jobs
// only when JOBS is on (with JOBS=off a node serves HTTP only, and tests drive it with drain()).
import type { Context } from './context.ts';
import { JobRunner } from './jobs/runner.ts';
import { idIn } from './jobs/payload.ts';
import { INBOX_PROCESS_JOB } from './inbox/receive.ts';
import { INBOX_BATCH_SIZE, processInboxJobs } from './inbox/process.ts';
import { OUTBOUND_DELIVER_JOB } from './outbound/deliver.ts';
import { OUTBOUND_BATCH_SIZE, deliverBatch, releaseRelay } from './outbound/relay-gate.ts';
import { relayKeyOfMailbox } from './email/outbound.ts';
import { testChannel } from './channels/test-channel/adapter.ts';
import { EmailChannel } from './email/adapter.ts';
import { SmtpReceiver } from './email/smtp-receiver.ts';
import { IMAP_POLL_JOB, ImapPoller, ensureImapPolls, pollNow } from './email/imap-poller.ts';

export interface Workers {
  runner: JobRunner;
  /** The SMTP receiver and its port, when SMTP_PORT is not 0. */
  smtp: { receiver: SmtpReceiver; port: number } | undefined;
  /** The IMAP poller, when IMAP is on: its polls run as `email.imap.poll` jobs on the runner. */
  imap: ImapPoller | undefined;
  stop(): Promise<void>;
}

export async function startWorkers(ctx: Context): Promise<Workers> {
  if (ctx.config.testChannel) ctx.channels.register(testChannel);
  const email = new EmailChannel();
  ctx.channels.register(email);
  const runner = new JobRunner({ database: ctx.database, log: ctx.log.child({ part: 'jobs' }), clock: ctx.clock, concurrency: ctx.config.jobsConcurrency, leaseMs: ctx.config.jobsLeaseMs });
  runner.registerBatch(INBOX_PROCESS_JOB, INBOX_BATCH_SIZE, (jobs) => processInboxJobs(ctx, jobs), { concurrency: ctx.config.inboxConcurrency });
  // Deliveries have slots of their own (OUTBOUND_CONCURRENCY), so a relay that hangs never holds inbound mail's.
  runner.registerBatch(OUTBOUND_DELIVER_JOB, OUTBOUND_BATCH_SIZE, (jobs) => deliverBatch(ctx, jobs), { concurrency: ctx.config.outboundConcurrency });
  let imap: ImapPoller | undefined;
  const unsubscribers: Array<() => void> = [
    // New relay settings: replies waiting for the old relay are tried with them at once.
    ctx.events.subscribe('mailbox.updated', async (event) => {
      if (typeof event.payload.mailboxId === 'number') await releaseRelay(ctx, relayKeyOfMailbox(event.payload.mailboxId));
    }),
  ];
  if (ctx.config.imapEnabled) {
    const poller = new ImapPoller(ctx);
    imap = poller;
    runner.register(IMAP_POLL_JOB, (payload) => poller.poll(idIn(payload, 'mailboxId')));
    const schedule = () => ensureImapPolls(ctx).then(() => undefined);
    unsubscribers.push(
      ctx.events.subscribe('mailbox.created', schedule),
      ctx.events.subscribe('mailbox.updated', async (event) => {
        // A poll of this node still uses the old settings (or should stop): end it; it reschedules.
        // A poll waiting after an error runs at once: the change may have fixed it.
        const mailboxId = event.payload.mailboxId;
        if (typeof mailboxId === 'number') {
          poller.interrupt(mailboxId);
          await pollNow(ctx, mailboxId);
        }
        await schedule();
      }),
    );
    await ensureImapPolls(ctx);
  }
  if (ctx.config.jobsEnabled) void runner.start();
  let smtp: Workers['smtp'];
  if (ctx.config.smtpPort > 0) {
    const receiver = new SmtpReceiver(ctx);
    smtp = { receiver, port: await receiver.start() };
  }
  return {
    runner,
    smtp,
    imap,
    async stop() {
      unsubscribers.forEach((off) => off());
      imap?.stop();
      await smtp?.receiver.stop();
      await runner.stop();
      email.close();
    },
  };
}
