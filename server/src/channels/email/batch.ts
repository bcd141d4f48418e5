// A mail storm turned into tickets in batches. When emails wait in the raw inbox, the job of one
// takes the others that are plain new conversations (no thread to find, no attachments, nobody
// copied, not a bounce or a duplicate, sender within the limit) and opens all their tickets in one
// transaction with a fixed number of statements. Everything else is left to its own job and the
// one-at-a-time path (inbound.ts), which decides the same way.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { InboundItem, ProcessedInbound } from '../registry.ts';
import { findOrCreateCustomers } from '../../customers/verbs.ts';
import { createTickets } from '../../tickets/verbs.ts';
import { findMailbox, type MailboxRow } from '../../mailboxes/verbs.ts';
import { parseEmail, type ParsedEmail } from './parse.ts';
import { automaticReason, bounceOf } from './classify.ts';
import { headerIdOf, inboundMessage, inboundNote, newTicketInput, type EmailMeta } from './inbound.ts';
import { countEarlierFromSenders, knownMessageIds, recordMessageIdsOf } from './store.ts';
import { claimedAmong, customerIdentityOf } from './sender.ts';

interface Plain {
  item: InboundItem;
  mail: ParsedEmail & { from: NonNullable<ParsedEmail['from']> };
  mailbox: MailboxRow;
  automatic: string | null;
}

/** Results for the items it turned into tickets; the rest it did not touch. */
export async function processEmailBatch(tx: Kysely<DB>, items: InboundItem[], ctx: Context): Promise<Map<number, ProcessedInbound>> {
  const now = ctx.clock.now();
  const mailboxes = new Map<number, MailboxRow | undefined>();
  const parsed: Plain[] = [];
  for (const item of items) {
    const mail = await parseEmail(Buffer.from(item.raw.buffer, item.raw.byteOffset, item.raw.byteLength)).catch(() => undefined);
    const { mailboxId, oversize } = item.meta as EmailMeta;
    if (!mail?.from || !mailboxId || oversize || !isPlain(mail)) continue;
    if (!mailboxes.has(mailboxId)) mailboxes.set(mailboxId, await findMailbox(tx, mailboxId));
    const mailbox = mailboxes.get(mailboxId);
    if (!mailbox || !mail.to.every((person) => person.address === mailbox.address.toLowerCase())) continue;
    parsed.push({ item, mail: mail as Plain['mail'], mailbox, automatic: automaticReason(mail) });
  }

  // Duplicates (known, or twice in this batch) and senders over the limit go the long way.
  const known = await knownMessageIds(tx, parsed.flatMap((entry) => (entry.mail.messageId ? [entry.mail.messageId] : [])));
  const seen = new Set<string>();
  let plain = parsed.filter((entry) => {
    const id = entry.mail.messageId;
    if (!id) return true;
    if (known.has(id) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const limit = ctx.config.emailSenderLimit;
  if (limit > 0 && plain.length) {
    const since = new Date(now.getTime() - ctx.config.emailSenderWindowMinutes * 60_000);
    const earlier = await countEarlierFromSenders(tx, plain.map((entry) => ({ id: entry.item.id, sender: entry.mail.from.address })), since);
    plain = plain.filter((entry) => (earlier.get(entry.item.id) ?? 0) < limit);
  }
  const results = new Map<number, ProcessedInbound>();
  if (!plain.length) return results;

  // A From that is the help desk's own address is filed and shown as a claim, as one at a time.
  const claimed = await claimedAmong(tx, plain.map((entry) => entry.mail.from.address));
  const customers = await findOrCreateCustomers(tx, plain.map((entry) => customerIdentityOf(entry.mail.from, claimed.has(entry.mail.from.address))), now);
  const opened = await createTickets(
    tx,
    plain.map((entry, index) => {
      const customerId = customers[index]!.id;
      const message = inboundMessage(entry.mail, entry.item.id, customerId, entry.automatic, claimed.has(entry.mail.from.address));
      return { input: newTicketInput(entry.mail, entry.mailbox, customerId, message, entry.automatic), actor: { kind: 'customer' as const, customerId } };
    }),
    now,
  );
  await recordMessageIdsOf(
    tx,
    plain.map((entry, index) => ({ header: headerIdOf(entry.mail, entry.item.id, ctx), ticketId: opened[index]!.ticket.id, messageId: opened[index]!.message.id })),
  );
  // Acknowledgements are the reaction to each ticket.created (on-events.ts), one job per ticket, after this commits.
  plain.forEach((entry, index) => {
    const { ticket, message } = opened[index]!;
    const note = inboundNote(entry.mail, entry.automatic);
    results.set(entry.item.id, { ticketId: ticket.id, messageId: message.id, outcome: 'ticket', ...(note && { note }) });
  });
  return results;
}

/** A new conversation with nothing to look up: no references, no ticket tag, no files, nobody else addressed. */
function isPlain(mail: ParsedEmail): boolean {
  if (mail.inReplyTo.length || mail.references.length || /\[#\d{1,15}\]/.test(mail.subject)) return false;
  if (mail.attachments.length || mail.cc.length) return false;
  return bounceOf(mail) === null;
}

