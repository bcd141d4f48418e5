// The customer a new ticket is for, as an agent gives it: an existing customer by id, or by email
// or phone (found again by either, or created on the spot with a name) — a phone call or a walk-in.
import type { Kysely } from 'kysely';
import type { IdentityKind } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { refused } from '../errors.ts';
import { createCustomer, findCustomer, findIdentities, type CustomerRow } from '../customers/verbs.ts';
import type { NewEvent } from '../events/append.ts';
import { normalizeIdentity } from '../customers/identity.ts';

export interface RequesterInput {
  id?: number | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
}

/** A phone number has this many digits at least and at most (E.164 allows 15; extensions a few more). */
const PHONE_DIGITS = { min: 5, max: 20 };

export interface Requester {
  /** The customer's id (the surviving one when the customer was merged). */
  customerId: number;
  /** Its row, when the one read is the customer's (not a record merged away). */
  customer?: CustomerRow | undefined;
  /** A customer created here: its email addresses (for where replies go) and the customer.created to append with the ticket's events. */
  created?: { emails: string[]; events: NewEvent[] } | undefined;
}

export async function requesterOf(tx: Kysely<DB>, input: RequesterInput, agentId: number, now: Date): Promise<Requester> {
  if (input.id) {
    const customer = await findCustomer(tx, input.id);
    if (!customer) throw refused('customer_not_found', `There is no customer ${input.id}.`);
    return found(customer);
  }
  const identities: Array<{ kind: IdentityKind; value: string }> = [];
  if (input.email) identities.push({ kind: 'email', value: normalizeIdentity('email', input.email) });
  if (input.phone) {
    const phone = normalizeIdentity('phone', input.phone);
    const digits = phone.replace(/\D/g, '').length;
    if (digits < PHONE_DIGITS.min || digits > PHONE_DIGITS.max) {
      throw refused('invalid_phone', `"${input.phone}" is not a phone number: give ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits, e.g. +995 555 12 34 56.`);
    }
    identities.push({ kind: 'phone', value: phone });
  }
  if (identities.length === 0) throw refused('customer_required', 'Give the customer as {"id"}, or by {"email"} or {"phone"} (with a "name" for a new one).');
  // The email decides when both are known (and belong to different people): mail is how replies go.
  const known = await findIdentities(tx, identities);
  const owner = identities.map((wanted) => known.find((row) => row.kind === wanted.kind && row.value === wanted.value)).find((row) => row !== undefined);
  if (owner) {
    const customer = await findCustomer(tx, owner.customer_id);
    return customer ? found(customer) : { customerId: owner.customer_id };
  }
  const events: NewEvent[] = [];
  const customer = await createCustomer(tx, { name: input.name, identities }, { agentId }, now, { pending: events });
  return { customerId: customer.id, customer, created: { emails: identities.filter((identity) => identity.kind === 'email').map((identity) => identity.value), events } };
}

const found = (customer: CustomerRow): Requester =>
  customer.merged_into_id ? { customerId: customer.merged_into_id } : { customerId: customer.id, customer };
