// SQL for sessions, API tokens and failed sign-ins.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { anyOf } from '../db/bulk.ts';

export interface AuthRow {
  id: number;
  email: string;
  name: string;
  role: string;
  active: boolean;
  csrf_token: string | null;
  /** The agent's teams, read in the same statement: every request asks who it acts for. */
  team_ids: Array<number | string>;
}

const teamIdsOfAgent = sql<Array<number | string>>`ARRAY(SELECT team_id FROM team_members WHERE team_members.agent_id = agents.id)`;

export async function insertSession(db: Kysely<DB>, row: { token_hash: string; agent_id: number; csrf_token: string; expires_at: Date }) {
  await db.insertInto('sessions').values(row).execute();
}

/** Deletes a session; returns whose it was, or undefined when there was none. */
export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<number | undefined> {
  return (await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).returning('agent_id').executeTakeFirst())?.agent_id;
}

export async function findSessionAgent(db: Kysely<DB>, tokenHash: string, now: Date): Promise<(AuthRow & { expires_at: Date }) | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('agents', 'agents.id', 'sessions.agent_id')
    .select(['agents.id', 'agents.email', 'agents.name', 'agents.role', 'agents.active', 'sessions.csrf_token', 'sessions.expires_at'])
    .select(teamIdsOfAgent.as('team_ids'))
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

/** Ends an agent's sessions, all of them or all but the one with the given hash. */
export async function deleteSessionsOf(db: Kysely<DB>, agentId: number, exceptTokenHash?: string) {
  let query = db.deleteFrom('sessions').where('agent_id', '=', agentId);
  if (exceptTokenHash !== undefined) query = query.where('token_hash', '<>', exceptTokenHash);
  await query.execute();
}

export const findSignInFailures = (db: Kysely<DB>, email: string) =>
  db.selectFrom('sign_in_failures').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const listSignInFailures = async (db: Kysely<DB>, emails: string[]) =>
  emails.length === 0 ? [] : db.selectFrom('sign_in_failures').selectAll().where('email', '=', anyOf(emails.map((email) => email.toLowerCase()), 'text')).execute();

/** Counts one more failure (starting again from one when the last is older than forgetBefore) and returns the count. */
export async function addSignInFailure(db: Kysely<DB>, email: string, now: Date, forgetBefore: Date): Promise<number> {
  const row = await db
    .insertInto('sign_in_failures')
    .values({ email: email.toLowerCase(), failures: 1, last_failed_at: now })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({
        failures: sql<number>`CASE WHEN sign_in_failures.last_failed_at < ${forgetBefore} THEN 1 ELSE sign_in_failures.failures + 1 END`,
        last_failed_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function lockSignIn(db: Kysely<DB>, email: string, until: Date) {
  await db.updateTable('sign_in_failures').set({ locked_until: until }).where('email', '=', email.toLowerCase()).execute();
}

export async function clearSignInFailures(db: Kysely<DB>, email: string) {
  await db.deleteFrom('sign_in_failures').where('email', '=', email.toLowerCase()).execute();
}

/** Forgets addresses whose failures no longer count and that are not locked. */
export async function pruneSignInFailures(db: Kysely<DB>, forgetBefore: Date, now: Date) {
  await db
    .deleteFrom('sign_in_failures')
    .where('last_failed_at', '<', forgetBefore)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}

export async function findTokenAgent(db: Kysely<DB>, tokenHash: string): Promise<(AuthRow & { token_id: number; last_used_at: Date | null }) | undefined> {
  return db
    .selectFrom('api_tokens')
    .innerJoin('agents', 'agents.id', 'api_tokens.agent_id')
    .select(['agents.id', 'agents.email', 'agents.name', 'agents.role', 'agents.active', 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .select((eb) => eb.val<string | null>(null).as('csrf_token'))
    .select(teamIdsOfAgent.as('team_ids'))
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchToken(db: Kysely<DB>, id: number, now: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function insertToken(db: Kysely<DB>, row: { agent_id: number; name: string; token_hash: string; prefix: string }) {
  return db.insertInto('api_tokens').values(row).returning(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at']).executeTakeFirstOrThrow();
}

export async function listTokens(db: Kysely<DB>, agentId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('agent_id', '=', agentId)
    .orderBy('id')
    .execute();
}

export async function revokeToken(db: Kysely<DB>, agentId: number, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('agent_id', '=', agentId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
