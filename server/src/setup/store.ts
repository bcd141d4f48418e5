// SQL of the first-run set-up: the desk's settings and the lock that makes "no agent yet" hold
// until the first admin is written.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';

export type DeskSetting = 'name' | 'unanswered_after_minutes';

export async function readDeskSetting(db: Kysely<DB>, key: DeskSetting): Promise<string | null> {
  const row = await db.selectFrom('desk_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function writeDeskSetting(db: Kysely<DB>, key: DeskSetting, value: string, now: Date): Promise<void> {
  await db
    .insertInto('desk_settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

/**
 * Blocks every other writer of agents until the transaction ends (SHARE ROW EXCLUSIVE conflicts
 * with the ROW EXCLUSIVE lock an INSERT takes, and with itself), on every node: two set-ups, or a
 * set-up and `create-admin`, cannot both see "no agent yet".
 */
export async function lockAgentsForSetup(tx: Kysely<DB>): Promise<void> {
  await sql`LOCK TABLE agents IN SHARE ROW EXCLUSIVE MODE`.execute(tx);
}

export async function hasAnyAgent(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('agents').select('id').limit(1).executeTakeFirst()) !== undefined;
}
