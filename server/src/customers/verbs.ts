// Customers: one person across many channel identities, found again by any of them, merged when
// two records turn out to be the same person.
import type { Kysely } from 'kysely';
import type { IdentityKind } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { appendEvent, appendEvents, type NewEvent } from '../events/append.ts';
import { conflict, notFound, refused } from '../errors.ts';
import { recordAudit, type AuditEntry } from '../audit/verbs.ts';
import { normalizeIdentity } from './identity.ts';
import {
  claimIdentities,
  claimIdentity,
  insertCustomerClaiming,
  deleteIdentity,
  findCustomer,
  findCustomers,
  findIdentities,
  findOrganization,
  identitiesOf,
  insertCustomer,
  insertCustomers,
  moveCustomer,
  organizationsForEmails,
  setTicketsOrganization,
  updateCustomerRow,
  type CustomerRow,
} from './store.ts';

// What other features read (or, for a few, write) of customers: the store's own functions, published
// here so that no feature imports another's store.ts.
export { findCustomer, findCustomers, findIdentities, findIdentity, identitiesOf, matchingCustomers, findOrganizationByDomain, insertOrganization, matchCustomers, matchOrganizations, customerSummaries, customerTicketScopes, type CustomerRow } from './store.ts';

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
  /** The client address of the request, for the audit log. */
  address?: string | null;
}

const identityView = (rows: Array<{ kind: string; value: string }>) => rows.map((row) => ({ kind: row.kind, value: row.value }));

/**
 * A new customer with its identities (in one statement). With `pending`, its customer.created is
 * pushed there for the caller to append with its own events in one statement, before them.
 */
export async function createCustomer(tx: Kysely<DB>, input: CustomerInput, actor: ActorRef, now: Date, options: { pending?: NewEvent[] } = {}): Promise<CustomerRow> {
  const identities = [...new Map((input.identities ?? []).map((identity) => {
    const value = normalizeIdentity(identity.kind, identity.value);
    return [`${identity.kind}\u0000${value}`, { kind: identity.kind, value }];
  })).values()];
  if (input.organizationId && !(await findOrganization(tx, input.organizationId))) throw refused('organization_not_found', `There is no organization ${input.organizationId}.`);
  const { customer, claimed } = await insertCustomerClaiming(
    tx,
    { name: input.name?.trim() ?? '', organization_id: input.organizationId ?? null, language: input.language ?? null, notes: input.notes ?? '', created_at: now, updated_at: now },
    identities,
    identities.find((identity) => identity.kind === 'email')?.value.split('@')[1]?.toLowerCase() ?? null,
  );
  if (claimed < identities.length) {
    // Someone has one of them: the error fails the caller's transaction, the new row with it.
    const taken = (await findIdentities(tx, identities)).find((row) => row.customer_id !== customer.id)!;
    throw conflict('identity_taken', `The ${taken.kind} ${taken.value} already belongs to customer ${taken.customer_id}.`, { customerId: taken.customer_id });
  }
  const created: NewEvent<'customer.created'> = { type: 'customer.created', actorAgentId: actor.agentId ?? null, payload: { customerId: customer.id } };
  if (options.pending) options.pending.push(created);
  else await appendEvent(tx, created);
  return customer;
}

/** The customer who owns this identity, created on first contact. */
export async function findOrCreateCustomer(tx: Kysely<DB>, input: IdentityInput & { name?: string | undefined }, now: Date): Promise<CustomerRow> {
  return (await findOrCreateCustomers(tx, [input], now))[0]!;
}

/**
 * The owners of several identities, creating those seen for the first time, in a fixed number of
 * statements (in the order given; the same identity twice gives the same customer).
 */
export async function findOrCreateCustomers(tx: Kysely<DB>, inputs: Array<IdentityInput & { name?: string | undefined }>, now: Date): Promise<CustomerRow[]> {
  const wanted = inputs.map((input) => ({ kind: input.kind, value: normalizeIdentity(input.kind, input.value), name: input.name?.trim() ?? '' }));
  const key = (kind: string, value: string) => `${kind}\u0000${value}`;
  const owners = new Map((await findIdentities(tx, wanted)).map((row) => [key(row.kind, row.value), row.customer_id]));
  const fresh = [...new Map(wanted.filter((entry) => !owners.has(key(entry.kind, entry.value))).map((entry) => [key(entry.kind, entry.value), entry])).values()];
  if (fresh.length) {
    const organizations = await organizationsForEmails(tx, fresh.filter((entry) => entry.kind === 'email').map((entry) => entry.value));
    const created = await insertCustomers(
      tx,
      fresh.map((entry) => ({
        name: entry.name,
        organization_id: entry.kind === 'email' ? (organizations.get(entry.value.split('@')[1]!) ?? null) : null,
        language: null,
        notes: '',
        created_at: now,
        updated_at: now,
      })),
    );
    const claimed = await claimIdentities(tx, fresh.map((entry, index) => ({ customer_id: created[index]!.id, kind: entry.kind, value: entry.value })));
    for (const row of claimed) owners.set(key(row.kind, row.value), row.customer_id);
    // Someone else claimed an identity in a race: theirs wins; the empty record stays unused.
    const lost = fresh.filter((entry) => !owners.has(key(entry.kind, entry.value)));
    for (const row of await findIdentities(tx, lost)) owners.set(key(row.kind, row.value), row.customer_id);
    const won = new Set(claimed.map((row) => row.customer_id));
    await appendEvents(tx, created.filter((customer) => won.has(customer.id)).map((customer) => ({ type: 'customer.created', payload: { customerId: customer.id } })));
  }
  const customers = await findCustomers(tx, [...new Set(owners.values())]);
  const results: CustomerRow[] = [];
  for (const entry of wanted) {
    let customer = customers.get(owners.get(key(entry.kind, entry.value))!)!;
    // A name learnt later fills a nameless record.
    if (!customer.name && entry.name) {
      customer = await updateCustomerRow(tx, customer.id, { name: entry.name, updated_at: now });
      customers.set(customer.id, customer);
    }
    results.push(customer);
  }
  return results;
}

export interface CustomerChanges {
  name?: string | undefined;
  organizationId?: number | null | undefined;
  language?: string | null | undefined;
  notes?: string | undefined;
  addIdentities?: IdentityInput[] | undefined;
  removeIdentityIds?: number[] | undefined;
}

/** Changes fields and identities; each change is recorded in the audit log (the customer's history). */
export async function updateCustomer(tx: Kysely<DB>, id: number, changes: CustomerChanges, actor: ActorRef, now: Date): Promise<CustomerRow> {
  const customer = await liveCustomer(tx, id);
  const identitiesBefore = (await identitiesOf(tx, [id])).get(id) ?? [];
  if (changes.organizationId && !(await findOrganization(tx, changes.organizationId))) {
    throw refused('organization_not_found', `There is no organization ${changes.organizationId}.`);
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
  if (updated.organization_id !== customer.organization_id) await setTicketsOrganization(tx, id, updated.organization_id);
  await appendEvent(tx, { type: 'customer.updated', actorAgentId: actor.agentId ?? null, payload: { customerId: id } });
  const identitiesAfter = (await identitiesOf(tx, [id])).get(id) ?? [];
  const audits: AuditEntry[] = [];
  const fields = fieldChanges(customer, updated);
  if (fields) audits.push({ actor, action: 'customer.updated', subject: { type: 'customer', id }, ...fields });
  if (identitiesAfter.map((row) => row.id).join() !== identitiesBefore.map((row) => row.id).join()) {
    audits.push({ actor, action: 'customer.identity_changed', subject: { type: 'customer', id }, before: identityView(identitiesBefore), after: identityView(identitiesAfter) });
  }
  await recordAudit(tx, audits, now);
  return updated;
}

/** The fields that changed, before and after; notes are long, so only that they changed. */
function fieldChanges(before: CustomerRow, after: CustomerRow): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const was: Record<string, unknown> = {};
  const is: Record<string, unknown> = {};
  for (const [key, column] of [['name', 'name'], ['organizationId', 'organization_id'], ['language', 'language']] as const) {
    if (before[column] !== after[column]) [was[key], is[key]] = [before[column], after[column]];
  }
  if (before.notes !== after.notes) [was.notes, is.notes] = ['…', '…'];
  return Object.keys(is).length ? { before: was, after: is } : null;
}

/** Merges `sourceId` into `targetId`: identities, tickets and messages move; the source remains as a pointer. */
export async function mergeCustomers(tx: Kysely<DB>, sourceId: number, targetId: number, actor: ActorRef, now: Date): Promise<CustomerRow> {
  if (sourceId === targetId) throw refused('merge_into_self', 'A customer cannot be merged into itself.');
  const source = await liveCustomer(tx, sourceId);
  const target = await liveCustomer(tx, targetId);
  const identities = await identitiesOf(tx, [source.id, target.id]);
  await moveCustomer(tx, source.id, target.id, now);
  const updated = await updateCustomerRow(tx, target.id, {
    ...(!target.name && source.name && { name: source.name }),
    ...(!target.organization_id && source.organization_id && { organization_id: source.organization_id }),
    ...(!target.language && source.language && { language: source.language }),
    ...(source.notes && { notes: [target.notes, source.notes].filter(Boolean).join('\n\n') }),
    updated_at: now,
  });
  await setTicketsOrganization(tx, target.id, updated.organization_id);
  await appendEvent(tx, { type: 'customer.merged', actorAgentId: actor.agentId ?? null, payload: { sourceId: source.id, targetId: target.id } });
  const merged = { sourceId: source.id, targetId: target.id, sourceIdentities: identityView(identities.get(source.id) ?? []) };
  await recordAudit(
    tx,
    [target, source].map((customer) => ({
      actor,
      action: 'customer.merged' as const,
      subject: { type: 'customer' as const, id: customer.id },
      before: { identities: identityView(identities.get(customer.id) ?? []) },
      after: merged,
    })),
    now,
  );
  return updated;
}

async function liveCustomer(tx: Kysely<DB>, id: number): Promise<CustomerRow> {
  const customer = await findCustomer(tx, id);
  if (!customer) throw notFound('customer_not_found', `There is no customer ${id}.`);
  if (customer.merged_into_id) throw conflict('customer_merged', `Customer ${id} was merged into customer ${customer.merged_into_id}.`, { mergedIntoId: customer.merged_into_id });
  return customer;
}

/**
 * The customer of one email that came with no sender address: a record of its own (never shared
 * by two such emails, so strangers never see each other's mail), with no identities, so no reply
 * can go anywhere and the app says "Unknown sender".
 */
export async function createUnknownSender(tx: Kysely<DB>, now: Date): Promise<CustomerRow> {
  const customer = await insertCustomer(tx, { name: 'Unknown sender', organization_id: null, language: null, notes: '', unknown_sender: true, created_at: now, updated_at: now });
  await appendEvent(tx, { type: 'customer.created', payload: { customerId: customer.id } });
  return customer;
}
