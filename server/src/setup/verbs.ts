// The first-run set-up: while no agent exists, anyone who reaches the web app may create the
// first admin and name the desk. Once any agent exists it is refused for good (409).
import type { Kysely } from 'kysely';
import type { Locale } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { createAgent, type AgentRow } from '../agents/verbs.ts';
import { conflict } from '../errors.ts';
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
