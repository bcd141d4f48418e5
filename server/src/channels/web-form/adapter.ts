// The web form channel's adapter: turns a stored submission into a ticket of channel "web" from the
// customer with the email address given. It delivers nothing itself: replies on web tickets go by
// email (the reply rule, deliveries/reply-rule.ts), from the form's mailbox or the team's.
import { TextDecoder } from 'node:util';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, InboundItem, ProcessedInbound } from '../registry.ts';
import { findOrCreateCustomer } from '../../customers/verbs.ts';
import { createTicket } from '../../tickets/verbs.ts';
import { findWebForm, readSubmission, WEB_CHANNEL, type Submission } from './verbs.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A subject for a submission without one: the start of its first line. */
export function subjectOf(submission: Pick<Submission, 'subject' | 'message'>): string {
  if (submission.subject) return submission.subject;
  const line = submission.message.split('\n').find((candidate) => candidate.trim())?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79).trimEnd()}…` : line;
}

export class WebFormChannel implements ChannelAdapter {
  readonly channel = WEB_CHANNEL;

  async process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    const submission = parseStored(item.raw);
    if (submission.honeypot) return { ticketId: null, messageId: null, outcome: 'ignored', note: 'spam: the hidden field people never see was filled in' };
    const now = ctx.clock.now();
    // The form may have been removed since: the ticket is still opened, without its team.
    const form = await findWebForm(tx, submission.formId);
    const customer = await findOrCreateCustomer(tx, { kind: 'email', value: submission.email, name: submission.name || undefined }, now);
    const page = submission.page ? `\n\n— ${submission.page}` : '';
    const { ticket, message } = await createTicket(
      tx,
      {
        subject: subjectOf(submission),
        customerId: customer.id,
        channel: WEB_CHANNEL,
        teamId: form?.team_id ?? null,
        mailboxId: form?.mailbox_id ?? null,
        message: { direction: 'inbound', bodyText: `${submission.message}${page}`, authorCustomerId: customer.id, channel: WEB_CHANNEL, inboundItemId: item.id },
      },
      { kind: 'customer', customerId: customer.id },
      now,
    );
    return { ticketId: ticket.id, messageId: message.id, outcome: 'ticket', ...(!form && { note: `the form ${submission.formId} no longer exists; the ticket has no team` }) };
  }
}

/** The stored submission, checked again: the inbox keeps what was received, and a bad item fails visibly. */
function parseStored(raw: Uint8Array): Submission {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(utf8.decode(raw)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`web form: the stored submission is not UTF-8 JSON (${(error as Error).message})`);
  }
  const formId = value?.formId;
  if (typeof formId !== 'number' || !Number.isSafeInteger(formId)) throw new Error('web form: the stored submission names no form');
  const read = readSubmission(formId, { ...value, website: value.honeypot });
  if ('problems' in read) throw new Error(`web form: the stored submission is not valid (${read.problems.map((problem) => `${problem.field} ${problem.code}`).join(', ')})`);
  return read.submission;
}
