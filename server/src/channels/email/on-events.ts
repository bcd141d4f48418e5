// What the email channel does when tickets change: a new ticket that came in by email through a
// mailbox with acknowledgements on gets its acknowledgement of receipt, unless a machine wrote the
// mail (auto-reply, bulk, spam) or nobody can be answered (an unknown sender). The acknowledgement is
// a public reply like any other, so the outbound reaction to its message.created delivers it.
import type { Reaction, ReactionContext } from '../../events/reactions.ts';
import type { DomainEvent } from '../../events/append.ts';
import { addMessage, findMessage, findTicket, type MessageInput } from '../../tickets/verbs.ts';
import { findCustomer } from '../../customers/verbs.ts';
import { findMailbox, type MailboxRow } from '../../mailboxes/verbs.ts';
import { acknowledgement } from './templates.ts';
import { EMAIL_CHANNEL } from './inbound.ts';

/** Writes the acknowledgement a new ticket's event calls for, if any. */
async function acknowledge(ctx: Pick<ReactionContext, 'tx' | 'clock'>, event: DomainEvent): Promise<void> {
  if (event.type !== 'ticket.created' || event.payload.channel !== EMAIL_CHANNEL || event.payload.automatic) return;
  const [ticket, first] = [await findTicket(ctx.tx, event.ticketId!), await findMessage(ctx.tx, event.payload.messageId)];
  // Came in as mail (not written by an agent on an email ticket) on a mailbox that acknowledges.
  if (!ticket?.mailbox_id || first?.direction !== 'inbound' || first.inbound_item_id === null) return;
  // Closed or merged before this ran: it takes no more replies.
  if (ticket.status === 'closed' || ticket.merged_into_id !== null) return;
  const mailbox = await findMailbox(ctx.tx, ticket.mailbox_id);
  if (!mailbox?.acknowledge) return;
  const customer = await findCustomer(ctx.tx, ticket.customer_id);
  if (!customer || customer.unknown_sender) return;
  // Written with the reaction's receipt: one acknowledgement however often the job runs.
  await addMessage(ctx.tx, ticket.id, acknowledgementMessage(ticket, mailbox), { kind: 'system' }, ctx.clock.now());
}

export const acknowledgeNewTickets: Reaction = {
  name: 'email.acknowledge',
  on: ['ticket.created'],
  // Tickets of other channels get no job at all.
  when: { channel: EMAIL_CHANNEL },
  handle: acknowledge,
  // A storm's new tickets: up to a claim's worth in one transaction, their receipts together.
  async handleMany(ctx, events) {
    for (const event of events) await acknowledge(ctx, event);
  },
};

export function acknowledgementMessage(ticket: { number: number; language: string | null; subject: string }, mailbox: MailboxRow): MessageInput {
  const ack = acknowledgement(ticket.language, { number: ticket.number, subject: ticket.subject, mailboxName: mailbox.name, texts: mailbox.acknowledgement_texts });
  return { direction: 'outbound', bodyText: ack.text, channel: EMAIL_CHANNEL, automatic: true };
}
