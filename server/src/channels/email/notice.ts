// Mail that is not a ticket's reply: a customer portal's sign-in link, a chat answer sent on to a
// visitor who left. Sent at once through a
// mailbox's relay (the first active one with a relay), so the person asking is told right away
// whether it went; nothing about it is stored but the relay's answer in the log (never the text:
// it holds a secret).
import nodemailer from 'nodemailer';
import type { Context } from '../../context.ts';
import { replyMailbox } from '../../mailboxes/verbs.ts';
import { relayOptions } from './outbound.ts';
import { classifySmtpError } from './smtp-errors.ts';

export interface Notice {
  to: string;
  subject: string;
  text: string;
  /** Whose mailbox it goes from (a ticket's or a team's); default: the first mailbox with a relay. */
  from?: { mailbox_id: number | null; team_id: number | null };
}

/** Why a notice cannot go out; `reason` is for the log and for admins, not for the public. */
export class NoticeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export async function sendNotice(ctx: Context, notice: Notice): Promise<void> {
  const mailbox = await replyMailbox(ctx.db, notice.from ?? { mailbox_id: null, team_id: null });
  if (!mailbox?.smtp_host) throw new NoticeError(mailbox ? `mailbox ${mailbox.address} has no outgoing relay` : 'there is no mailbox to send from');
  const transport = nodemailer.createTransport({ ...relayOptions(mailbox, ctx), connectionTimeout: 10_000, socketTimeout: 30_000 });
  try {
    await transport.sendMail({
      from: { name: mailbox.name, address: mailbox.address },
      to: notice.to,
      subject: notice.subject,
      text: notice.text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    throw new NoticeError(classifySmtpError(error).reason);
  } finally {
    transport.close();
  }
}
