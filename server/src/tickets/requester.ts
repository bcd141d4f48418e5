// The customer a new ticket is for, as an agent gives it: an existing customer by id, or by email
// or phone (found again by either, or created on the spot with a name) — a phone call or a walk-in.
import type { Kysely } from 'kysely';
import type { IdentityKind } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { refused } from '../errors.ts';
import { createCustomer, findCustomer, findIdentities } from '../customers/verbs.ts';
import { normalizeIdentity } from '../customers/identity.ts';

export interface RequesterInput {
  id?: number | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
}

/** A phone number has this many digits at least and at most (E.164 allows 15; extensions a few more). */
const PHONE_DIGITS = { min: 5, max: 20 };

/** The customer's id (the surviving one when the customer was merged). */
export async function requesterOf(tx: Kysely<DB>, input: RequesterInput, agentId: number, now: Date): Promise<number> {
  if (input.id) {
    const customer = await findCustomer(tx, input.id);
    if (!customer) throw refused('customer_not_found', `There is no customer ${input.id}.`);
    return customer.merged_into_id ?? customer.id;
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
    return customer?.merged_into_id ?? owner.customer_id;
  }
  const created = await createCustomer(tx, { name: input.name, identities }, { agentId }, now);
  return created.id;
}
