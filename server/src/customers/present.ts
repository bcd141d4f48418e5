import type { CustomerRow, IdentityRow } from './store.ts';

export const presentCustomer = (row: CustomerRow, identities: IdentityRow[]) => ({
  id: row.id,
  name: row.name,
  organizationId: row.organization_id,
  language: row.language,
  notes: row.notes,
  mergedIntoId: row.merged_into_id,
  unknownSender: row.unknown_sender,
  identities: identities.map((identity) => ({ id: identity.id, kind: identity.kind, value: identity.value })),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
