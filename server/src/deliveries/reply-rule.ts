// Where an agent's public reply on a ticket goes, as a pure rule: on the ticket's own channel when
// an adapter can deliver there, else by email when the customer has an address (web form, phone
// and API tickets), else nowhere, and the reply is refused. A reply that would leave but cannot go
// out yet (no mailbox, no relay) says so: it fails at once and is sent again once that is fixed.

export interface ReplyMailbox {
  id: number;
  address: string;
  name: string;
  hasRelay: boolean;
}

export interface ReplyTarget {
  /** The channel the reply travels on. */
  channel: string;
  /** Whom it is addressed to on that channel (the customer's email address), null for a channel that does not address people. */
  address: string | null;
  /** True when the ticket's own channel cannot answer and the reply goes by email instead. */
  byEmail: boolean;
  /** For email: the mailbox it is sent from. */
  mailbox: ReplyMailbox | null;
}

export type ReplyIssueCode = 'no_address' | 'no_mailbox' | 'no_relay' | 'whatsapp_window_closed';

export interface ReplyIssue {
  /** no_address: nothing can reach the customer (the reply is refused); no_mailbox, no_relay: it cannot go out until an admin sets one up; whatsapp_window_closed: the customer last wrote over 24 hours ago and no template is set, so it fails. */
  code: ReplyIssueCode;
  message: string;
}

export interface ReplyRoute {
  target: ReplyTarget | null;
  issue: ReplyIssue | null;
}

export interface ReplyFacts {
  channel: string;
  /** An adapter delivers on the ticket's channel. */
  channelDelivers: boolean;
  /** The customer's email addresses, oldest first. */
  emails: string[];
  /** The mailbox email replies would go from (see mailboxes/store.ts replyMailbox). */
  mailbox: ReplyMailbox | undefined;
}

export const EMAIL = 'email';

export function replyRoute(facts: ReplyFacts): ReplyRoute {
  if (facts.channel !== EMAIL && facts.channelDelivers) return { target: { channel: facts.channel, address: null, byEmail: false, mailbox: null }, issue: null };
  const address = facts.emails[0] ?? null;
  const byEmail = facts.channel !== EMAIL;
  if (!address) {
    const message = byEmail
      ? `Nothing can reach this customer: the ticket's channel (${facts.channel}) cannot send replies and the customer has no email address. Add an internal note, or give the customer an email address.`
      : 'Nothing can reach this customer: they have no email address. Add an internal note, or give the customer an email address.';
    return { target: null, issue: { code: 'no_address', message } };
  }
  const mailbox = facts.mailbox ?? null;
  const target = { channel: EMAIL, address, byEmail, mailbox };
  if (!mailbox) return { target, issue: { code: 'no_mailbox', message: 'There is no mailbox to send from: replies cannot go out until an admin adds one (Admin → Mailboxes).' } };
  if (!mailbox.hasRelay) return { target, issue: { code: 'no_relay', message: `Replies cannot go out until the mailbox ${mailbox.address} has an outgoing SMTP relay (Admin → Mailboxes).` } };
  return { target, issue: null };
}
