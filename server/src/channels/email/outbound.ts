// Sends a reply as email: from the ticket's mailbox with the agent's alias as the display name,
// to the customer with the ticket's participants copied, text and HTML with the signature, the
// attachments, and Message-ID / In-Reply-To / References so the customer's client threads it.
// The headers name everyone; the envelope holds only the recipients still to send to, and the
// relay's answer about each comes back, classified as permanent or temporary (smtp-errors.ts).
import crypto from 'node:crypto';
import nodemailer, { type SentMessageInfo, type Transporter } from 'nodemailer';
import type { Context } from '../../context.ts';
import { DeliveryError, type DeliveryResult, type OutboundMessage, type OutboundRecipient, type RecipientAnswer, type Relay } from '../registry.ts';
import { replyMailbox, type MailboxRow, defaultSmtpPort } from '../../mailboxes/verbs.ts';
import { participantsOf } from '../../tickets/participants.ts';
import { messageIdsOfTicket, recordMessageIds } from './store.ts';
import { replySubject } from './templates.ts';
import { classifySmtpError, isRelayFailure } from './smtp-errors.ts';
import { escapeHtml } from '../../content/html.ts';

const MAX_REFERENCES = 20;

export class EmailSender {
  private readonly transports = new Map<number, { key: string; transport: Transporter }>();

  /** The customer as To, the ticket's participants (but the customer) as Cc, each address once. */
  async recipientsOf(message: OutboundMessage, ctx: Context): Promise<OutboundRecipient[]> {
    const to = message.recipients.find((identity) => identity.kind === 'email')?.value.toLowerCase();
    if (!to) throw new DeliveryError('the customer has no email address', true);
    const seen = new Set([to]);
    const cc: OutboundRecipient[] = [];
    for (const person of await participantsOf(ctx.db, message.ticketId)) {
      const address = person.email.toLowerCase();
      if (seen.has(address)) continue;
      seen.add(address);
      cc.push({ address, name: person.name, kind: 'cc' });
    }
    return [{ address: to, name: '', kind: 'to' }, ...cc];
  }

  async deliver(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
    const ticket = await ctx.db.selectFrom('tickets').select(['mailbox_id', 'team_id']).where('id', '=', message.ticketId).executeTakeFirstOrThrow();
    const mailbox = await replyMailbox(ctx.db, ticket);
    // Settings a person has to change: retrying before that cannot help (the retry button sends once fixed).
    if (!mailbox) throw new DeliveryError('no mailbox to send from: add a mailbox (Admin → Mailboxes)', true);
    if (!mailbox.smtp_host) throw new DeliveryError(noRelayReason(mailbox), true, true);
    const everyone = message.addressees?.all ?? (await this.recipientsOf(message, ctx));
    const pending = message.addressees?.pending ?? everyone;
    const to = everyone.filter((r) => r.kind === 'to');
    const cc = everyone.filter((r) => r.kind === 'cc');

    const messageId = outboundMessageId(message, mailbox, ctx.config.mailHostname);
    // Recorded before sending, so an answer that comes back at once already threads.
    await recordMessageIds(ctx.db, [messageId], { ticketId: message.ticketId, messageId: message.messageId });
    const thread = await messageIdsOfTicket(ctx.db, message.ticketId);
    const earlier = thread.filter((row) => row.message_id !== message.messageId);
    const lastInbound = [...earlier].reverse().find((row) => row.direction === 'inbound') ?? earlier.at(-1);
    const references = [...new Set(earlier.map((row) => row.message_id_header))];
    const trimmedReferences = references.length > MAX_REFERENCES ? [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))] : references;
    const attachments = await ctx.db
      .selectFrom('attachments')
      .select(['filename', 'content_type', 'blob_key', 'content_id'])
      .where('message_id', '=', message.messageId)
      .orderBy('id')
      .execute();
    const files = await Promise.all(
      attachments.map(async (file) => {
        const data = await ctx.blobs.get(file.blob_key);
        if (!data) throw new DeliveryError(`attachment "${file.filename}" is missing from the blob store`, true);
        return { filename: file.filename, contentType: file.content_type, content: Buffer.from(data), ...(file.content_id && { cid: file.content_id }) };
      }),
    );

    const signature = message.agent?.signature.trim() ?? '';
    const text = signature ? `${message.bodyText}\n\n-- \n${signature}` : message.bodyText;
    const html = `${message.bodyHtml ?? textToHtml(message.bodyText)}${signature ? `<br><br>-- <br>${textToHtml(signature)}` : ''}`;
    const displayName = message.agent?.alias ? `${message.agent.alias}, ${mailbox.name}` : mailbox.name;
    const mail = {
      from: { name: displayName, address: mailbox.address },
      to: to.map((person) => ({ name: person.name, address: person.address })),
      ...(cc.length && { cc: cc.map((person) => ({ name: person.name, address: person.address })) }),
      envelope: { from: mailbox.address, to: pending.map((person) => person.address) },
      subject: replySubject(message.subject, message.ticketNumber),
      messageId: `<${messageId}>`,
      ...(lastInbound && { inReplyTo: `<${lastInbound.message_id_header}>` }),
      ...(trimmedReferences.length && { references: trimmedReferences.map((id) => `<${id}>`) }),
      text,
      html,
      attachments: files,
      headers: { 'Auto-Submitted': message.agent ? 'no' : 'auto-replied', 'X-Frontline-Ticket': String(message.ticketNumber) },
    };
    let info: SentMessageInfo;
    try {
      info = await this.transport(mailbox, ctx).sendMail(mail);
    } catch (error) {
      // Every recipient refused: the relay's answer about each is the result, not one error.
      const refused = refusalsOf(error);
      if (refused.length && (error as { command?: unknown }).command === 'RCPT TO') return { externalId: messageId, answers: refused };
      const failure = classifySmtpError(error);
      throw new DeliveryError(failure.reason, failure.permanent, isRelayFailure(error));
    }
    const response = typeof info.response === 'string' ? info.response.slice(0, 500) : undefined;
    const accepted: RecipientAnswer[] = addressesIn(info.accepted).map((address) => ({ address, accepted: true, ...(response && { response }) }));
    return { externalId: messageId, answers: [...accepted, ...refusalsOf(info)] };
  }

  close(): void {
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
  }

  /** One pooled connection per mailbox, rebuilt when its settings change. */
  private transport(mailbox: MailboxRow, ctx: Context): Transporter {
    const key = `${mailbox.smtp_host}|${mailbox.smtp_port}|${mailbox.smtp_security}|${mailbox.smtp_user}|${mailbox.smtp_password_enc}`;
    const cached = this.transports.get(mailbox.id);
    if (cached?.key === key) return cached.transport;
    cached?.transport.close();
    const transport = nodemailer.createTransport({ pool: true, maxConnections: 3, ...relayOptions(mailbox, ctx), connectionTimeout: 15_000, socketTimeout: 60_000 });
    this.transports.set(mailbox.id, { key, transport });
    return transport;
  }
}

/** How nodemailer reaches a mailbox's relay (host, port, TLS, login). */
export function relayOptions(mailbox: MailboxRow, ctx: Pick<Context, 'secrets'>) {
  const security = mailbox.smtp_security;
  return {
    host: mailbox.smtp_host!,
    port: mailbox.smtp_port ?? defaultSmtpPort(security),
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    ...(mailbox.smtp_user && { auth: { user: mailbox.smtp_user, pass: mailbox.smtp_password_enc ? ctx.secrets.open(mailbox.smtp_password_enc) : '' } }),
  };
}

export const noRelayReason = (mailbox: Pick<MailboxRow, 'address'>) => `mailbox ${mailbox.address} has no outbound SMTP relay configured`;

export const relayKeyOfMailbox = (mailboxId: number) => `mailbox:${mailboxId}`;

/** The relay a mailbox sends through, as the outbound pipeline tracks its health. */
export function relayOfMailbox(mailbox: MailboxRow | undefined): Relay {
  if (!mailbox) return { key: 'mailbox:none', label: 'no mailbox', fingerprint: '', missing: 'no mailbox to send from: add a mailbox (Admin → Mailboxes)' };
  const settings = `${mailbox.smtp_host}|${mailbox.smtp_port}|${mailbox.smtp_security}|${mailbox.smtp_user}|${mailbox.smtp_password_enc}`;
  return {
    key: relayKeyOfMailbox(mailbox.id),
    label: `${mailbox.smtp_host}:${mailbox.smtp_port ?? defaultSmtpPort(mailbox.smtp_security)}`,
    fingerprint: crypto.createHash('sha256').update(settings).digest('hex').slice(0, 16),
    missing: mailbox.smtp_host ? null : noRelayReason(mailbox),
  };
}

/** The per-recipient refusals nodemailer reports on a result or on an "all recipients were rejected" error. */
function refusalsOf(carrier: unknown): RecipientAnswer[] {
  const errors = (carrier as { rejectedErrors?: unknown } | null)?.rejectedErrors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((error: { recipient?: unknown; response?: unknown }) => {
    if (typeof error?.recipient !== 'string') return [];
    // The relay's own words about this address ("550 5.1.1 … User unknown"), without nodemailer's preface.
    const { reason, permanent } = classifySmtpError(typeof error.response === 'string' ? { ...error, message: error.response } : error);
    return [{ address: error.recipient.toLowerCase(), accepted: false as const, reason, permanent }];
  });
}

const addressesIn = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { address?: unknown })?.address ?? ''))).filter(Boolean).map((a) => a.toLowerCase()) : [];

/** Stable for a message, so a retried delivery carries the same Message-ID. */
function outboundMessageId(message: OutboundMessage, mailbox: MailboxRow, hostname: string): string {
  const domain = mailbox.address.split('@')[1] ?? hostname;
  const salt = crypto.createHash('sha256').update(`${hostname}:${mailbox.id}`).digest('hex').slice(0, 8);
  return `frontline.${message.ticketNumber}.${message.messageId}.${salt}@${domain}`;
}

function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}
