// Who an inbound mail says it is from. A From that is an agent's or a mailbox's own address is a
// claim nobody checked (SPF/DKIM are not verified here): it is kept as a claim, never as a name.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { IdentityInput } from '../customers/verbs.ts';
import { agentAddressesAmong } from '../agents/store.ts';
import { mailboxAddressesAmong } from '../mailboxes/store.ts';
import type { Address } from './parse.ts';

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
