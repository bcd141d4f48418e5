// The email channel in the manifest: the acknowledgement of new tickets (a reaction), the channel
// adapter, and the node-local SMTP receiver and IMAP poller (whose polls are `email.imap.poll` jobs,
// registered only with IMAP on).
import type { Feature, NodePart } from '../../feature.ts';
import { idIn } from '../../jobs/payload.ts';
import { acknowledgeFormTickets, acknowledgeNewTickets } from './on-events.ts';
import { EmailChannel } from './adapter.ts';
import { SmtpReceiver } from './smtp-receiver.ts';
import { IMAP_POLL_JOB, ImapPoller, ensureImapPolls, pollNow } from './imap-poller.ts';

export const emailFeature: Feature = {
  name: 'email',
  reactions: [acknowledgeNewTickets, acknowledgeFormTickets],
  async start(ctx, runner) {
    const email = new EmailChannel();
    ctx.channels.register(email);
    const unsubscribers: Array<() => void> = [];
    const services: NonNullable<NodePart['services']> = {};
    const part: NodePart = {
      services,
      async stop() {
        unsubscribers.forEach((off) => off());
        services.imap?.stop();
        await services.smtp?.receiver.stop();
      },
      close: () => email.close(),
    };
    if (ctx.config.imapEnabled) {
      const poller = new ImapPoller(ctx);
      services.imap = poller;
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
    if (ctx.config.smtpPort > 0) {
      const receiver = new SmtpReceiver(ctx);
      services.smtp = { receiver, port: await receiver.start() };
    }
    return part;
  },
};
