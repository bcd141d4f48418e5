// What the email channel does when tickets change: a new ticket that came in by email through a
// mailbox with acknowledgements on (or through a contact form that names such a mailbox: its
// tickets are answered by email) gets its acknowledgement of receipt, unless a machine wrote the
// mail (auto-reply, bulk, spam) or nobody can be answered (an unknown sender). The acknowledgement is
// a public reply like any other, so the outbound reaction to its message.created delivers it.
import type { Reaction, ReactionContext } from '../../events/reactions.ts';
import type { DomainEvent } from '../../events/append.ts';
import { addAutomaticMessages, findMessagesById, findTicketsById, type MessageInput } from '../../tickets/verbs.ts';
import { findMailboxes, type MailboxRow } from '../../mailboxes/verbs.ts';
import { acknowledgement } from './templates.ts';
import { EMAIL_CHANNEL } from './inbound.ts';

/** Tickets of the contact form channel are answered by email, so they are acknowledged by email too. */
const WEB_CHANNEL = 'web';
const acknowledged = new Set([EMAIL_CHANNEL, WEB_CHANNEL]);

/**
 * Writes the acknowledgements new tickets' events call for (a storm's come a claim's worth at a
 * time: a fixed number of statements for all of them).
 */
async function acknowledge(ctx: Pick<ReactionContext, 'tx' | 'clock'>, events: DomainEvent[]): Promise<void> {
  // Came in as mail from someone who can be answered, written by a person.
  const created = events.flatMap((event) =>
    event.type === 'ticket.created' && acknowledged.has(event.payload.channel) && !event.payload.automatic && !event.payload.customer.unknownSender ? [event] : [],
  );
  if (created.length === 0) return;
  const [tickets, firsts] = [await findTicketsById(ctx.tx, created.map((event) => event.ticketId!)), await findMessagesById(ctx.tx, created.map((event) => event.payload.messageId))];
  const mailboxIds = [...new Set([...tickets.values()].flatMap((ticket) => (ticket.mailbox_id === null ? [] : [ticket.mailbox_id])))];
  const mailboxes = new Map((mailboxIds.length ? await findMailboxes(ctx.tx, mailboxIds) : []).map((mailbox) => [mailbox.id, mailbox]));
  const entries = created.flatMap((event) => {
    const ticket = tickets.get(event.ticketId!);
    const first = firsts.get(event.payload.messageId);
    // Came in through a mailbox (not written by an agent on an email ticket) that acknowledges.
    const mailbox = ticket?.mailbox_id ? mailboxes.get(ticket.mailbox_id) : undefined;
    if (!ticket || !mailbox?.acknowledge || first?.direction !== 'inbound' || first.inbound_item_id === null) return [];
    return [{ ticketId: ticket.id, input: acknowledgementMessage(ticket, mailbox) }];
  });
  // Written with the reactions' receipts: one acknowledgement however often a job runs. A ticket
  // closed or merged before this ran takes no more replies (addAutomaticMessages leaves it out).
  await addAutomaticMessages(ctx.tx, [...new Map(entries.map((entry) => [entry.ticketId, entry])).values()], { kind: 'system' }, ctx.clock.now());
}

export const acknowledgeNewTickets: Reaction = {
  name: 'email.acknowledge',
  on: ['ticket.created'],
  // Tickets of other channels get no job at all.
  when: { channel: EMAIL_CHANNEL },
  handle: (ctx, event) => acknowledge(ctx, [event]),
  // A storm's new tickets: up to a claim's worth in one transaction, their receipts together.
  handleMany: (ctx, events) => acknowledge(ctx, events),
};

/** The same for tickets a contact form opened (a reaction of its own: a subscription filters on one value). */
export const acknowledgeFormTickets: Reaction = { ...acknowledgeNewTickets, name: 'email.acknowledge-web', when: { channel: WEB_CHANNEL } };

export function acknowledgementMessage(ticket: { number: number; language: string | null; subject: string }, mailbox: MailboxRow): MessageInput {
  const ack = acknowledgement(ticket.language, { number: ticket.number, subject: ticket.subject, mailboxName: mailbox.name, texts: mailbox.acknowledgement_texts });
  return { direction: 'outbound', bodyText: ack.text, channel: EMAIL_CHANNEL, automatic: true };
}
