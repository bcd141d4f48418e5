// SQL for sessions and API tokens.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';

export interface AuthRow {
  id: number;
  email: string;
  name: string;
  role: string;
  active: boolean;
  csrf_token: string | null;
}

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
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function findTokenAgent(db: Kysely<DB>, tokenHash: string): Promise<(AuthRow & { token_id: number; last_used_at: Date | null }) | undefined> {
  return db
    .selectFrom('api_tokens')
    .innerJoin('agents', 'agents.id', 'api_tokens.agent_id')
    .select(['agents.id', 'agents.email', 'agents.name', 'agents.role', 'agents.active', 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .select((eb) => eb.val<string | null>(null).as('csrf_token'))
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

export async function teamIdsOf(db: Kysely<DB>, agentId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_members').select('team_id').where('agent_id', '=', agentId).execute();
  return rows.map((row) => row.team_id);
}
