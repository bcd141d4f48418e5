// Customers: one person across many channel identities, found again by any of them, merged when
// two records turn out to be the same person.
import type { Kysely } from 'kysely';
import type { IdentityKind } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { appendEvent } from '../events/append.ts';
import { conflict, notFound, unprocessable } from '../http/errors.ts';
import { normalizeIdentity } from './identity.ts';
import {
  claimIdentity,
  deleteIdentity,
  findCustomer,
  findIdentity,
  findOrganization,
  findOrganizationByDomain,
  insertCustomer,
  moveCustomer,
  updateCustomerRow,
  type CustomerRow,
} from './store.ts';

export interface IdentityInput {
  kind: IdentityKind;
  value: string;
}

export interface CustomerInput {
  name?: string | undefined;
  organizationId?: number | null | undefined;
  language?: string | null | undefined;
  notes?: string | undefined;
  identities?: IdentityInput[] | undefined;
}

export interface ActorRef {
  agentId?: number | null;
}

export async function createCustomer(tx: Kysely<DB>, input: CustomerInput, actor: ActorRef, now: Date): Promise<CustomerRow> {
  const identities = (input.identities ?? []).map((identity) => ({ kind: identity.kind, value: normalizeIdentity(identity.kind, identity.value) }));
  for (const identity of identities) {
    const taken = await findIdentity(tx, identity.kind, identity.value);
    if (taken) throw conflict('identity_taken', `The ${identity.kind} ${identity.value} already belongs to customer ${taken.customer_id}.`, { customerId: taken.customer_id });
  }
  const organizationId = input.organizationId ?? (await organizationForIdentities(tx, identities));
  if (organizationId && !(await findOrganization(tx, organizationId))) throw unprocessable('organization_not_found', `There is no organization ${organizationId}.`);
  const customer = await insertCustomer(tx, {
    name: input.name?.trim() ?? '',
    organization_id: organizationId ?? null,
    language: input.language ?? null,
    notes: input.notes ?? '',
    created_at: now,
    updated_at: now,
  });
  for (const identity of identities) await claimIdentity(tx, customer.id, identity.kind, identity.value);
  await appendEvent(tx, { type: 'customer.created', actorAgentId: actor.agentId ?? null, payload: { customerId: customer.id } });
  return customer;
}

/** The customer who owns this identity, created on first contact. */
export async function findOrCreateCustomer(tx: Kysely<DB>, input: IdentityInput & { name?: string | undefined }, now: Date): Promise<CustomerRow> {
  const value = normalizeIdentity(input.kind, input.value);
  const existing = await findIdentity(tx, input.kind, value);
  if (existing) {
    const customer = (await findCustomer(tx, existing.customer_id))!;
    if (!customer.name && input.name) return updateCustomerRow(tx, customer.id, { name: input.name.trim(), updated_at: now });
    return customer;
  }
  const organizationId = await organizationForIdentities(tx, [{ kind: input.kind, value }]);
  const customer = await createCustomer(tx, { name: input.name, organizationId, identities: [] }, {}, now);
  const owner = await claimIdentity(tx, customer.id, input.kind, value);
  // Someone else claimed it in a race: theirs wins; the empty record stays unused.
  return owner.customer_id === customer.id ? customer : (await findCustomer(tx, owner.customer_id))!;
}

export interface CustomerChanges {
  name?: string | undefined;
  organizationId?: number | null | undefined;
  language?: string | null | undefined;
  notes?: string | undefined;
  addIdentities?: IdentityInput[] | undefined;
  removeIdentityIds?: number[] | undefined;
}

export async function updateCustomer(tx: Kysely<DB>, id: number, changes: CustomerChanges, actor: ActorRef, now: Date): Promise<CustomerRow> {
  const customer = await liveCustomer(tx, id);
  if (changes.organizationId && !(await findOrganization(tx, changes.organizationId))) {
    throw unprocessable('organization_not_found', `There is no organization ${changes.organizationId}.`);
  }
  for (const identity of changes.addIdentities ?? []) {
    const value = normalizeIdentity(identity.kind, identity.value);
    const owner = await claimIdentity(tx, customer.id, identity.kind, value);
    if (owner.customer_id !== customer.id) {
      throw conflict('identity_taken', `The ${identity.kind} ${value} already belongs to customer ${owner.customer_id}; merge the two customers instead.`, { customerId: owner.customer_id });
    }
  }
  for (const identityId of changes.removeIdentityIds ?? []) await deleteIdentity(tx, customer.id, identityId);
  const updated = await updateCustomerRow(tx, customer.id, {
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.organizationId !== undefined && { organization_id: changes.organizationId }),
    ...(changes.language !== undefined && { language: changes.language }),
    ...(changes.notes !== undefined && { notes: changes.notes }),
    updated_at: now,
  });
  await appendEvent(tx, { type: 'customer.updated', actorAgentId: actor.agentId ?? null, payload: { customerId: id } });
  return updated;
}

/** Merges `sourceId` into `targetId`: identities, tickets and messages move; the source remains as a pointer. */
export async function mergeCustomers(tx: Kysely<DB>, sourceId: number, targetId: number, actor: ActorRef, now: Date): Promise<CustomerRow> {
  if (sourceId === targetId) throw unprocessable('merge_into_self', 'A customer cannot be merged into itself.');
  const source = await liveCustomer(tx, sourceId);
  const target = await liveCustomer(tx, targetId);
  await moveCustomer(tx, source.id, target.id, now);
  const updated = await updateCustomerRow(tx, target.id, {
    ...(!target.name && source.name && { name: source.name }),
    ...(!target.organization_id && source.organization_id && { organization_id: source.organization_id }),
    ...(!target.language && source.language && { language: source.language }),
    ...(source.notes && { notes: [target.notes, source.notes].filter(Boolean).join('\n\n') }),
    updated_at: now,
  });
  await appendEvent(tx, { type: 'customer.merged', actorAgentId: actor.agentId ?? null, payload: { sourceId: source.id, targetId: target.id } });
  return updated;
}

async function liveCustomer(tx: Kysely<DB>, id: number): Promise<CustomerRow> {
  const customer = await findCustomer(tx, id);
  if (!customer) throw notFound('customer_not_found', `There is no customer ${id}.`);
  if (customer.merged_into_id) throw conflict('customer_merged', `Customer ${id} was merged into customer ${customer.merged_into_id}.`, { mergedIntoId: customer.merged_into_id });
  return customer;
}

async function organizationForIdentities(tx: Kysely<DB>, identities: IdentityInput[]): Promise<number | null> {
  const email = identities.find((identity) => identity.kind === 'email');
  const domain = email?.value.split('@')[1];
  return domain ? ((await findOrganizationByDomain(tx, domain))?.id ?? null) : null;
}
