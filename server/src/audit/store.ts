// SQL for the audit log.
import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, DB } from '../db/tables.ts';
import { insertInSlices } from '../db/bulk.ts';

export const insertAuditRows = async (db: Kysely<DB>, rows: Insertable<AuditLogTable>[]) => {
  await insertInSlices(rows, (slice) => db.insertInto('audit_log').values(slice).execute());
};

export interface AuditFilter {
  actorId?: number | undefined;
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: number | undefined;
  /** The last id of the previous page (newest first). */
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first, with the actor's name; one row more than the limit tells there is a next page. */
export function listAudit(db: Kysely<DB>, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('agents', 'agents.id', 'audit_log.actor_agent_id')
    .selectAll('audit_log')
    .select('agents.name as actor_name');
  if (filter.actorId !== undefined) query = query.where('audit_log.actor_agent_id', '=', filter.actorId);
  if (filter.action !== undefined) query = query.where('audit_log.action', '=', filter.action);
  if (filter.subjectType !== undefined) query = query.where('audit_log.subject_type', '=', filter.subjectType);
  if (filter.subjectId !== undefined) query = query.where('audit_log.subject_id', '=', filter.subjectId);
  if (filter.beforeId !== undefined) query = query.where('audit_log.id', '<', filter.beforeId);
  return query.orderBy('audit_log.id', 'desc').limit(filter.limit + 1).execute();
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];
