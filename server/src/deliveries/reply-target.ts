// Reads what the reply rule needs about one ticket: whether its channel delivers, the customer's
// email addresses, and the mailbox email replies go from.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { ChannelRegistry } from '../channels/registry.ts';
import { replyMailbox } from '../mailboxes/verbs.ts';
import { emailsOfCustomer } from './store.ts';
import { EMAIL, replyRoute, type ReplyRoute } from './reply-rule.ts';

export interface ReplyTicket {
  id: number;
  channel: string;
  customer_id: number;
  mailbox_id: number | null;
  team_id: number | null;
}

/**
 * Where a public reply on the ticket goes. Without a registry, email is the only channel that
 * delivers. `emails` are the customer's addresses when the caller has them all in hand (it has just
 * created the customer).
 */
export async function replyRouteOf(db: Kysely<DB>, ticket: ReplyTicket, channels?: Pick<ChannelRegistry, 'get'>, emails?: string[]): Promise<ReplyRoute> {
  const adapter = channels?.get(ticket.channel);
  const channelDelivers = ticket.channel === EMAIL || !!adapter?.deliver;
  if (ticket.channel !== EMAIL && channelDelivers && adapter?.replyIssueOf) {
    const issue = await adapter.replyIssueOf(db, ticket);
    if (issue) return { target: { channel: ticket.channel, address: null, byEmail: false, mailbox: null }, issue };
  }
  const needsEmail = ticket.channel === EMAIL || !channelDelivers;
  const [addresses, mailbox] = needsEmail ? await Promise.all([emails ?? emailsOfCustomer(db, ticket.customer_id), replyMailbox(db, ticket)]) : [[], undefined];
  return replyRoute({
    channel: ticket.channel,
    channelDelivers,
    emails: addresses,
    mailbox: mailbox && { id: mailbox.id, address: mailbox.address, name: mailbox.name, hasRelay: mailbox.smtp_host !== null },
  });
}
