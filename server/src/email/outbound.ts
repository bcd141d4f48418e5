// Sends a reply as email: from the ticket's mailbox with the agent's alias as the display name,
// to the customer with the ticket's participants copied, text and HTML with the signature, the
// attachments, and Message-ID / In-Reply-To / References so the customer's client threads it.
import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Context } from '../context.ts';
import type { DeliveryResult, OutboundMessage } from '../channels/registry.ts';
import { defaultMailbox, findMailbox, type MailboxRow } from '../mailboxes/store.ts';
import { defaultSmtpPort } from '../mailboxes/verbs.ts';
import { messageIdsOfTicket, participantsOf, recordMessageIds } from './store.ts';
import { replySubject } from './templates.ts';

const MAX_REFERENCES = 20;

export class EmailSender {
  private readonly transports = new Map<number, { key: string; transport: Transporter }>();

  async deliver(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
    const ticket = await ctx.db.selectFrom('tickets').select(['mailbox_id']).where('id', '=', message.ticketId).executeTakeFirstOrThrow();
    const mailbox = (ticket.mailbox_id ? await findMailbox(ctx.db, ticket.mailbox_id) : undefined) ?? (await defaultMailbox(ctx.db));
    if (!mailbox) throw new Error('no mailbox to send from: add a mailbox (Admin → Mailboxes)');
    if (!mailbox.smtp_host) throw new Error(`mailbox ${mailbox.address} has no outbound SMTP relay configured`);
    const to = message.recipients.find((identity) => identity.kind === 'email')?.value;
    if (!to) throw new Error('the customer has no email address');

    const messageId = outboundMessageId(message, mailbox, ctx.config.mailHostname);
    // Recorded before sending, so an answer that comes back at once already threads.
    await recordMessageIds(ctx.db, [messageId], { ticketId: message.ticketId, messageId: message.messageId });
    const thread = await messageIdsOfTicket(ctx.db, message.ticketId);
    const earlier = thread.filter((row) => row.message_id !== message.messageId);
    const lastInbound = [...earlier].reverse().find((row) => row.direction === 'inbound') ?? earlier.at(-1);
    const references = [...new Set(earlier.map((row) => row.message_id_header))];
    const trimmedReferences = references.length > MAX_REFERENCES ? [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))] : references;
    const cc = (await participantsOf(ctx.db, message.ticketId)).filter((person) => person.email !== to.toLowerCase());
    const attachments = await ctx.db
      .selectFrom('attachments')
      .select(['filename', 'content_type', 'blob_key', 'content_id'])
      .where('message_id', '=', message.messageId)
      .orderBy('id')
      .execute();
    const files = await Promise.all(
      attachments.map(async (file) => {
        const data = await ctx.blobs.get(file.blob_key);
        if (!data) throw new Error(`attachment "${file.filename}" is missing from the blob store`);
        return { filename: file.filename, contentType: file.content_type, content: Buffer.from(data), ...(file.content_id && { cid: file.content_id }) };
      }),
    );

    const signature = message.agent?.signature.trim() ?? '';
    const text = signature ? `${message.bodyText}\n\n-- \n${signature}` : message.bodyText;
    const html = `${message.bodyHtml ?? textToHtml(message.bodyText)}${signature ? `<br><br>-- <br>${textToHtml(signature)}` : ''}`;
    const displayName = message.agent?.alias ? `${message.agent.alias}, ${mailbox.name}` : mailbox.name;
    const info = await this.transport(mailbox, ctx).sendMail({
      from: { name: displayName, address: mailbox.address },
      to,
      ...(cc.length && { cc: cc.map((person) => ({ name: person.name, address: person.email })) }),
      subject: replySubject(message.subject, message.ticketNumber),
      messageId: `<${messageId}>`,
      ...(lastInbound && { inReplyTo: `<${lastInbound.message_id_header}>` }),
      ...(trimmedReferences.length && { references: trimmedReferences.map((id) => `<${id}>`) }),
      text,
      html,
      attachments: files,
      headers: { 'Auto-Submitted': message.agent ? 'no' : 'auto-replied', 'X-Frontline-Ticket': String(message.ticketNumber) },
    });
    if (info.rejected?.length) throw new Error(`the relay refused ${info.rejected.join(', ')}`);
    return { externalId: messageId };
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
    const security = mailbox.smtp_security;
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 3,
      host: mailbox.smtp_host!,
      port: mailbox.smtp_port ?? defaultSmtpPort(security),
      secure: security === 'tls',
      requireTLS: security === 'starttls',
      ignoreTLS: security === 'none',
      ...(mailbox.smtp_user && { auth: { user: mailbox.smtp_user, pass: mailbox.smtp_password_enc ? ctx.secrets.open(mailbox.smtp_password_enc) : '' } }),
      connectionTimeout: 15_000,
      socketTimeout: 60_000,
    });
    this.transports.set(mailbox.id, { key, transport });
    return transport;
  }
}

/** Stable for a message, so a retried delivery carries the same Message-ID. */
function outboundMessageId(message: OutboundMessage, mailbox: MailboxRow, hostname: string): string {
  const domain = mailbox.address.split('@')[1] ?? hostname;
  const salt = crypto.createHash('sha256').update(`${hostname}:${mailbox.id}`).digest('hex').slice(0, 8);
  return `frontline.${message.ticketNumber}.${message.messageId}.${salt}@${domain}`;
}

function textToHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '<br>');
}
