// Turns one stored raw email into ticket work, inside the inbox.process transaction:
// duplicate → nothing new; bounce → reported as message.bounced (outbound fails the reply); storm → held;
// reply → joins its ticket (by our Message-IDs; by the customer's or the [#number] tag only when the
// sender is known there, see thread-rule.ts); anything else → a new ticket (acknowledged, unless a
// machine wrote it, by the channel's reaction to ticket.created: on-events.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { InboundItem, ProcessedInbound } from '../registry.ts';
import { appendEvent } from '../../events/append.ts';
import { storeAttachments } from '../../attachments/verbs.ts';
import { createUnknownSender, findOrCreateCustomer } from '../../customers/verbs.ts';
import { htmlToText } from '../../content/sanitize.ts';
import { addMessage, createTicket, type MessageInput, type TicketInput, findTicket, lockTicket, mergeTargetOf } from '../../tickets/verbs.ts';
import { findMailbox, findMailboxByAddress, mailboxAddressesAmong, type MailboxRow } from '../../mailboxes/verbs.ts';
import { parseEmail, type ParsedEmail } from './parse.ts';
import { automaticReason, bounceOf, spamVerdict } from './classify.ts';
import { findFold } from './quotes.ts';
import { boundParticipants } from './bounds.ts';
import { countEarlierFromSenders, findByMessageIds, findTicketsByNumbers, recordMessageIds, ticketsOfMessageIds } from './store.ts';
import { addParticipants, ticketsKnowing } from '../../tickets/participants.ts';
import { decideThread, participantState, refusedThreadNote, type ThreadCandidate, type ThreadDecision } from './thread-rule.ts';
import { claimedAmong, customerIdentityOf, senderNote, senderOf } from './sender.ts';

export const EMAIL_CHANNEL = 'email';

/** What the receiver or poller knows besides the bytes. */
export interface EmailMeta {
  mailboxId?: number;
  /** SMTP envelope. */
  mailFrom?: string;
  rcptTo?: string[];
  remoteAddress?: string;
  /** Whether the SMTP session was encrypted (STARTTLS). */
  tls?: boolean;
  /** IMAP origin. */
  uid?: number;
  /** The message's size, when it was over SMTP_MAX_BYTES and only its header block was stored (IMAP). */
  oversize?: number;
}

export async function processEmail(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
  const raw = Buffer.from(item.raw.buffer, item.raw.byteOffset, item.raw.byteLength);
  const mail = await parseEmail(raw);
  const meta = item.meta as EmailMeta;
  const now = ctx.clock.now();
  // No usable From: Reply-To, Sender, the envelope; with none of them, an unknown sender's ticket.
  const found = senderOf(mail, meta.mailFrom);
  mail.from = found?.from ?? null;
  const fallback = senderNote(found?.source ?? null);
  if (meta.oversize) {
    // Held for a person first; a retry opens the ticket from the headers, saying what is missing.
    if (item.attempts === 0) return { ticketId: null, messageId: null, held: oversizeReason(meta.oversize, ctx) };
    mail.text = `This email is ${oversizeOf(meta.oversize, ctx)}: only its headers were imported. The whole message is in the mail account.`;
    mail.html = null;
  }

  // The same message delivered again (to a second mailbox, or re-sent by a relay).
  if (mail.messageId) {
    const known = await findByMessageIds(tx, [mail.messageId]);
    if (known) return { ticketId: known.ticket_id, messageId: known.message_id, outcome: 'duplicate', note: `Message-ID <${mail.messageId}> was received before` };
  }

  const bounce = bounceOf(mail);
  if (bounce) {
    const original = await findByMessageIds(tx, bounce.originalIds);
    if (original) return markBounced(tx, original, bounce.reason, item.id);
  }

  const limit = ctx.config.emailSenderLimit;
  if (limit > 0 && item.attempts === 0 && mail.from) {
    const since = new Date(now.getTime() - ctx.config.emailSenderWindowMinutes * 60_000);
    const recent = (await countEarlierFromSenders(tx, [{ id: item.id, sender: mail.from.address }], since)).get(item.id) ?? 0;
    if (recent >= limit) return { ticketId: null, messageId: null, held: heldReason(mail.from.address, ctx) };
  }

  const mailbox = await resolveMailbox(tx, mail, meta);
  const automatic = automaticReason(mail) ?? (bounce ? 'delivery report' : null);
  const from = mail.from;
  // An unknown sender is never a known one: like a claim, it joins a ticket only by our own Message-IDs.
  const claimed = from ? (await claimedAmong(tx, [from.address])).has(from.address) : false;
  const customer = from ? await findOrCreateCustomer(tx, customerIdentityOf(from, claimed), now) : await createUnknownSender(tx, now);
  const actor = { kind: 'customer' as const, customerId: customer.id };
  const senderName = from?.address ?? 'an unknown sender';
  const others = [...mail.to, ...mail.cc].filter((person) => person.address !== from?.address && person.address !== mailbox?.address.toLowerCase());
  const ownAddresses = new Set(others.length ? await mailboxAddressesAmong(tx, others.map((person) => person.address)) : []);
  const copied = boundParticipants(others.filter((person) => !ownAddresses.has(person.address)));
  const message = inboundMessage(mail, item.id, customer.id, automatic, claimed);

  const thread = await findThread(tx, mail, claimed || !from);
  let result: { ticket: { id: number; number: number; language: string | null; subject: string }; message: { id: number } };
  let outcome: string;
  let senderKnown: boolean;
  let refusal: string | null = null;
  if ('join' in thread) {
    // A reply to a ticket merged into another joins that other one.
    const joinId = await mergeTargetOf(tx, thread.join);
    const ticket = await lockTicket(tx, joinId);
    if (ticket?.status === 'closed' && automatic) {
      return { ticketId: ticket.id, messageId: null, outcome: 'ignored', note: `automatic mail (${automatic}) about closed ticket #${ticket.number}; kept here, not added` };
    }
    result = await addMessage(tx, joinId, message, actor, now);
    outcome = result.ticket.id === joinId ? 'reply' : 'ticket';
    senderKnown = thread.senderKnown;
  } else {
    result = await createTicket(tx, { ...newTicketInput(mail, mailbox, customer.id, message, automatic), linkedTicketId: thread.refused?.ticketId ?? null }, actor, now);
    outcome = 'ticket';
    // The sender is this new ticket's customer, so whom they copy joins it, unless the From is a claim or unknown.
    senderKnown = !claimed && !!from;
    if (thread.refused) refusal = await noteRefusal(tx, result.ticket.id, thread.refused, senderName, claimed, now);
  }
  const target = { ticketId: result.ticket.id, messageId: result.message.id };
  await recordMessageIds(tx, [headerIdOf(mail, item.id, ctx)], target);
  const state = participantState(senderKnown);
  await addParticipants(tx, result.ticket.id, copied.people, now, { state, sender: senderName });
  if (mail.attachments.length) {
    await storeAttachments(
      tx,
      ctx.blobs,
      target,
      mail.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, data: file.content, contentId: file.inline ? file.contentId : null })),
    );
  }
  const note = inboundNote(mail, automatic, fallback, copied.note, refusal);
  return { ...target, outcome, ...(note && { note }) };
}

/** The item's note: why the mail counts as automatic, and what the bounds of one message left out. */
export function inboundNote(mail: ParsedEmail, automatic: string | null, ...more: Array<string | null>): string | undefined {
  const notes = [automatic && `automatic: ${automatic}`, ...mail.limits, ...more].filter((note): note is string => !!note);
  return notes.length ? notes.join('; ') : undefined;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const oversizeOf = (size: number, ctx: Context) => `${megabytes(size)}, over the ${megabytes(ctx.config.smtpMaxBytes)} limit (SMTP_MAX_BYTES)`;

function oversizeReason(size: number, ctx: Context): string {
  return `the message is ${oversizeOf(size, ctx)}; its headers were stored and the whole message is left in the mail account (retry opens a ticket from the headers)`;
}

export function heldReason(address: string, ctx: Context): string {
  return `${address} sent more than ${ctx.config.emailSenderLimit} emails within ${ctx.config.emailSenderWindowMinutes} minutes; held as a possible mail storm (retry lets it through)`;
}

/** The customer's message as the tickets feature stores it. */
export function inboundMessage(mail: ParsedEmail, itemId: number, customerId: number, automatic: string | null, claimed: boolean): MessageInput {
  const text = bodyText(mail);
  return {
    direction: 'inbound',
    bodyText: text,
    bodyHtml: mail.html,
    authorCustomerId: customerId,
    channel: EMAIL_CHANNEL,
    externalId: mail.messageId,
    foldAt: findFold(text),
    inboundItemId: itemId,
    cc: mail.cc.map((person) => person.address),
    automatic: automatic !== null,
    claimedFrom: claimed ? mail.from!.address : null,
  };
}

export function newTicketInput(mail: ParsedEmail, mailbox: MailboxRow | undefined, customerId: number, message: MessageInput, automatic: string | null): TicketInput {
  return {
    subject: mail.subject,
    customerId,
    channel: EMAIL_CHANNEL,
    teamId: mailbox?.team_id ?? null,
    mailboxId: mailbox?.id ?? null,
    tags: [...(automatic ? ['automatic'] : []), ...(spamVerdict(mail) ? ['spam'] : [])],
    message,
  };
}

/** The Message-ID replies will reference: the message's own, or one made up for it. */
export const headerIdOf = (mail: ParsedEmail, itemId: number, ctx: Context) => mail.messageId ?? `frontline-inbound-${itemId}@${ctx.config.mailHostname}`;

function bodyText(mail: ParsedEmail): string {
  const text = mail.text.trim() ? mail.text : mail.html ? htmlToText(mail.html) : '';
  if (text.trim()) return text.trim();
  if (mail.attachments.length) return `(${mail.attachments.map((file) => file.filename).join(', ')})`;
  return '(empty message)';
}

/** Every ticket the mail points at (Message-IDs newest first, then [#1234] tags), decided by thread-rule.ts. */
async function findThread(tx: Kysely<DB>, mail: ParsedEmail, claimed: boolean): Promise<ThreadDecision> {
  const byId = await ticketsOfMessageIds(tx, [...mail.inReplyTo, ...[...mail.references].reverse()]);
  const tagged = await findTicketsByNumbers(tx, [...mail.subject.matchAll(/\[#(\d{1,15})\]/g)].map((match) => Number(match[1])));
  const pointed = [
    ...byId.map((found) => ({ ticketId: found.ticketId, clue: found.ours ? ('our-message-id' as const) : ('their-message-id' as const) })),
    ...tagged.map((ticket) => ({ ticketId: ticket.id, clue: 'subject-tag' as const })),
  ];
  const known = mail.from ? await ticketsKnowing(tx, [...new Set(pointed.map((candidate) => candidate.ticketId))], mail.from.address) : new Set<number>();
  return decideThread(pointed.map((candidate): ThreadCandidate => ({ ...candidate, senderKnown: known.has(candidate.ticketId) })), claimed);
}

/** Says on the new ticket why the mail did not join the one it pointed at; returns the inbox note. */
async function noteRefusal(tx: Kysely<DB>, ticketId: number, refused: ThreadCandidate, sender: string, claimed: boolean, now: Date): Promise<string> {
  const original = await findTicket(tx, refused.ticketId);
  const number = original?.number ?? refused.ticketId;
  await addMessage(tx, ticketId, { direction: 'outbound', internal: true, automatic: true, bodyText: refusedThreadNote(refused, number, sender, claimed) }, { kind: 'system' }, now);
  return `not threaded into #${number}: ${claimed ? 'the From is a help desk address' : 'the sender is not known on it'}; linked instead`;
}

async function resolveMailbox(tx: Kysely<DB>, mail: ParsedEmail, meta: EmailMeta): Promise<MailboxRow | undefined> {
  if (meta.mailboxId) {
    const row = await findMailbox(tx, meta.mailboxId);
    if (row) return row;
  }
  const candidates = [...(meta.rcptTo ?? []), ...[mail.header('delivered-to'), mail.header('x-original-to')].filter((v): v is string => !!v), ...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address)];
  for (const address of candidates) {
    const row = await findMailboxByAddress(tx, address.replace(/^<|>$/g, '').trim());
    if (row) return row;
  }
  return undefined;
}

/** Says what the report says; the outbound feature's reaction marks the message failed (outbound/on-events.ts). */
async function markBounced(tx: Kysely<DB>, original: { ticket_id: number; message_id: number }, reason: string, itemId: number): Promise<ProcessedInbound> {
  await appendEvent(tx, { type: 'message.bounced', payload: { messageId: original.message_id, reason, bounceItemId: itemId } });
  return { ticketId: original.ticket_id, messageId: original.message_id, outcome: 'bounce', note: reason };
}
