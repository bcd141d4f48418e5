// The first-run set-up: while no agent exists, anyone who reaches the web app may create the
// first admin and name the desk. Once any agent exists it is refused for good (409).
import type { Kysely } from 'kysely';
import type { Locale } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { createAgent, type AgentRow } from '../agents/verbs.ts';
import { conflict } from '../errors.ts';
import { recordAudit, type AuditActor } from '../audit/verbs.ts';
import { hasAnyAgent, lockAgentsForSetup, readDeskSetting, writeDeskSetting } from './store.ts';

export interface SetupInput {
  deskName: string;
  name: string;
  alias: string;
  email: string;
  password: string;
  timeZone: string;
  locale: Locale;
}

export const setupDone = () => conflict('setup_done', 'This help desk is already set up. Sign in, or ask an admin for an account.');

export async function isSetupNeeded(db: Kysely<DB>): Promise<boolean> {
  return !(await hasAnyAgent(db));
}

export const deskName = (db: Kysely<DB>) => readDeskSetting(db, 'name');

/** A customer's message without an agent's answer for this long is on the Unanswered board (issue 13 §4). */
export const DEFAULT_UNANSWERED_AFTER_MINUTES = 60;
export const MAX_UNANSWERED_AFTER_MINUTES = 7 * 24 * 60;

export interface DeskSettings {
  unansweredAfterMinutes: number;
}

export async function deskSettings(db: Kysely<DB>): Promise<DeskSettings> {
  const stored = Number(await readDeskSetting(db, 'unanswered_after_minutes'));
  const valid = Number.isInteger(stored) && stored >= 1 && stored <= MAX_UNANSWERED_AFTER_MINUTES;
  return { unansweredAfterMinutes: valid ? stored : DEFAULT_UNANSWERED_AFTER_MINUTES };
}

/** Since when a customer must have waited for their ticket to be on the Unanswered board. */
export async function unansweredBefore(db: Kysely<DB>, now: Date): Promise<Date> {
  return new Date(now.getTime() - (await deskSettings(db)).unansweredAfterMinutes * 60_000);
}

/** Changes the desk's settings (the schema bounds them), with an audit entry of what changed. */
export async function changeDeskSettings(tx: Kysely<DB>, input: Partial<DeskSettings>, actor: AuditActor, now: Date): Promise<DeskSettings> {
  const before = await deskSettings(tx);
  if (input.unansweredAfterMinutes !== undefined && input.unansweredAfterMinutes !== before.unansweredAfterMinutes) {
    await writeDeskSetting(tx, 'unanswered_after_minutes', String(input.unansweredAfterMinutes), now);
    await recordAudit(tx, { actor, action: 'desk.settings_changed', subject: { type: 'desk', id: 1 }, before, after: { ...before, ...input } }, now);
  }
  return { ...before, ...input };
}

/** Takes a transaction: the check and the insert hold one lock, so of two set-ups one wins. The audit log keeps agent.created with the client's address. */
export async function runSetup(tx: Kysely<DB>, input: SetupInput, now: Date, address: string | null): Promise<AgentRow> {
  await lockAgentsForSetup(tx);
  if (await hasAnyAgent(tx)) throw setupDone();
  const admin = await createAgent(
    tx,
    { email: input.email, name: input.name, alias: input.alias, role: 'admin', password: input.password, timeZone: input.timeZone, locale: input.locale, teamIds: [] },
    null,
    address,
  );
  await writeDeskSetting(tx, 'name', input.deskName.trim(), now);
  return admin;
}
