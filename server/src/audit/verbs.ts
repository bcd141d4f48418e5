// The audit log: who changed what, on what, from where. Features call recordAudit in the
// transaction of the change, so a change and its audit row commit (or roll back) together.
import type { Kysely } from 'kysely';
import type { AuditAction, AuditSubject } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { insertAuditRows } from './store.ts';

/** Who acted: an agent (null for the system) and the client address of their request, if any. */
export interface AuditActor {
  agentId?: number | null | undefined;
  address?: string | null | undefined;
}

export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  subject: { type: AuditSubject; id: number };
  /** What was there before and after; never a secret (a password change records only that it happened). */
  before?: unknown;
  after?: unknown;
}

/** `now` from the caller's clock; without one (a verb that has no clock) the database's time is taken. */
export async function recordAudit(tx: Kysely<DB>, entries: AuditEntry | AuditEntry[], now?: Date): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  await insertAuditRows(
    tx,
    list.map((entry) => ({
      actor_agent_id: entry.actor.agentId ?? null,
      action: entry.action,
      subject_type: entry.subject.type,
      subject_id: entry.subject.id,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      client_address: entry.actor.address ?? null,
      ...(now && { created_at: now }),
    })),
  );
}
