import type { AuditAction, AuditSubject } from '@frontline/shared';
import type { AuditRow } from './store.ts';

/** An audit row for the API; the client address only for those who may read the whole log. */
export const presentAudit = (row: AuditRow, withAddress: boolean) => ({
  id: row.id,
  at: row.created_at.toISOString(),
  actor: row.actor_agent_id === null ? null : { id: row.actor_agent_id, name: row.actor_name },
  // The server writes only the catalogued actions and subjects (audit/verbs.ts takes them typed).
  action: row.action as AuditAction,
  subject: { type: row.subject_type as AuditSubject, id: row.subject_id },
  before: row.before,
  after: row.after,
  ...(withAddress && { clientAddress: row.client_address }),
});
