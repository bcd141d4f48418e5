import type { AuditRow } from './store.ts';

/** An audit row for the API; the client address only for those who may read the whole log. */
export const presentAudit = (row: AuditRow, withAddress: boolean) => ({
  id: row.id,
  at: row.created_at.toISOString(),
  actor: row.actor_agent_id === null ? null : { id: row.actor_agent_id, name: row.actor_name },
  action: row.action,
  subject: { type: row.subject_type, id: row.subject_id },
  before: row.before,
  after: row.after,
  ...(withAddress && { clientAddress: row.client_address }),
});
