// Who an inbound mail says it is from. A From that is an agent's or a mailbox's own address is a
// claim nobody checked (SPF/DKIM are not verified here): it is kept as a claim, never as a name.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { IdentityInput } from '../../customers/verbs.ts';
import { agentAddressesAmong } from '../../agents/verbs.ts';
import { mailboxAddressesAmong } from '../../mailboxes/verbs.ts';
import type { Address, ParsedEmail } from './parse.ts';

/** Of these senders (lowercase), those that are the help desk's own addresses. */
export async function claimedAmong(db: Kysely<DB>, senders: string[]): Promise<Set<string>> {
  const unique = [...new Set(senders)];
  if (!unique.length) return new Set();
  const [agents, mailboxes] = await Promise.all([agentAddressesAmong(db, unique), mailboxAddressesAmong(db, unique)]);
  return new Set([...agents, ...mailboxes]);
}

/**
 * The customer a mail is filed under. A claimed mail's display name is not taken: it would put an
 * agent's or mailbox's name on a record anyone can write to. The record is found or made by the
 * address alone, and the app shows the message as a claim.
 */
export const customerIdentityOf = (from: Address, claimed: boolean): IdentityInput & { name?: string | undefined } => ({
  kind: 'email',
  value: from.address,
  name: claimed ? undefined : from.name || undefined,
});

/** Where a mail's sender was found, in the order tried. */
export type SenderSource = 'from' | 'reply-to' | 'sender' | 'envelope' | 'return-path';

const sourceText: Record<Exclude<SenderSource, 'from'>, string> = {
  'reply-to': 'Reply-To',
  sender: 'Sender',
  envelope: 'the SMTP envelope (MAIL FROM)',
  'return-path': 'Return-Path (the envelope sender)',
};

/**
 * Who a mail is from when its From is of no use (missing, no address, only garbage): Reply-To,
 * then Sender, then the envelope sender (MAIL FROM over SMTP, Return-Path in mail read over
 * IMAP). Null when none holds an address: the mail is then an unknown sender's (inbound.ts).
 */
export function senderOf(mail: Pick<ParsedEmail, 'from' | 'replyTo' | 'sender' | 'returnPath'>, envelopeFrom: string | undefined): { from: Address; source: SenderSource } | null {
  if (mail.from) return { from: mail.from, source: 'from' };
  if (mail.replyTo) return { from: mail.replyTo, source: 'reply-to' };
  if (mail.sender) return { from: mail.sender, source: 'sender' };
  const envelope = envelopeFrom?.trim().toLowerCase();
  if (envelope && isAddress(envelope)) return { from: { address: envelope, name: '' }, source: 'envelope' };
  if (mail.returnPath && isAddress(mail.returnPath)) return { from: { address: mail.returnPath, name: '' }, source: 'return-path' };
  return null;
}

const isAddress = (value: string) => /^[^@\s<>]+@[^@\s<>]+$/.test(value);

/** The inbound item's note when the sender did not come from From. */
export function senderNote(source: SenderSource | null): string | null {
  if (source === 'from') return null;
  if (source === null) return 'no sender: no From, Reply-To, Sender or envelope address; filed under an unknown sender, whom no reply can reach';
  return `no usable From; the sender was taken from ${sourceText[source]}`;
}
