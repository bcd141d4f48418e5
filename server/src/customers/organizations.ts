// Organizations: a name and the email domain whose new customers join it.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { conflict, notFound } from '../errors.ts';
import { findOrganization, findOrganizationByDomain, insertOrganization, updateOrganizationRow } from './store.ts';

export interface OrganizationInput {
  name?: string | undefined;
  domain?: string | null | undefined;
}

/** Conflict (409) organization_exists when another organization has the domain already. */
async function checkDomainFree(tx: Kysely<DB>, domain: string | null, selfId: number | null): Promise<void> {
  if (!domain) return;
  const owner = await findOrganizationByDomain(tx, domain);
  if (owner && owner.id !== selfId) throw conflict('organization_exists', `The organization "${owner.name}" has the domain ${domain} already.`, { organizationId: owner.id });
}

export async function createOrganization(tx: Kysely<DB>, input: { name: string; domain?: string | null | undefined }) {
  const domain = input.domain?.toLowerCase() ?? null;
  await checkDomainFree(tx, domain, null);
  return insertOrganization(tx, input.name.trim(), domain);
}

/** Renames or changes the domain; customers already in the organization stay, whatever their domain. */
export async function updateOrganization(tx: Kysely<DB>, id: number, input: OrganizationInput) {
  if (!(await findOrganization(tx, id))) throw notFound('organization_not_found', `There is no organization ${id}.`);
  const domain = input.domain === undefined ? undefined : (input.domain?.toLowerCase() ?? null);
  if (domain !== undefined) await checkDomainFree(tx, domain, id);
  const updated = await updateOrganizationRow(tx, id, { ...(input.name !== undefined && { name: input.name.trim() }), ...(domain !== undefined && { domain }) });
  return updated!;
}
