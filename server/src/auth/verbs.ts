// Signing in and out, and telling who a bearer secret or cookie belongs to.
import type { Kysely } from 'kysely';
import { agentRoles, type AgentRole } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { findAgentByEmail } from '../agents/store.ts';
import { unauthorized } from '../http/errors.ts';
import type { Principal } from './principal.ts';
import { hashSecret, newSecret, verifyPassword } from './secrets.ts';
import { deleteSession, findSessionAgent, findTokenAgent, insertSession, teamIdsOf, touchToken, type AuthRow } from './store.ts';

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  agentId: number;
}

export async function login(db: Kysely<DB>, email: string, password: string, now: Date, ttlHours: number): Promise<SignedIn> {
  const agent = await findAgentByEmail(db, email);
  const ok = await verifyPassword(agent?.password_hash ?? null, password);
  if (!agent || !ok || !agent.active) throw unauthorized('The email or password is wrong, or the account is switched off.');
  const token = newSecret('fls');
  const csrfToken = newSecret('csrf');
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await insertSession(db, { token_hash: hashSecret(token), agent_id: agent.id, csrf_token: csrfToken, expires_at: expiresAt });
  return { token, csrfToken, expiresAt, agentId: agent.id };
}

export const logout = (db: Kysely<DB>, token: string) => deleteSession(db, hashSecret(token));

/** Resolves a session or API-token secret to the agent it acts for, or undefined. */
export async function authenticate(db: Kysely<DB>, secret: string, via: Principal['via'], now: Date): Promise<Principal | undefined> {
  const hash = hashSecret(secret);
  let row: AuthRow | undefined;
  if (secret.startsWith('flt_')) {
    const token = await findTokenAgent(db, hash);
    // Last use is kept to the minute: one write a minute per token, not one per request.
    if (token && (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > 60_000)) await touchToken(db, token.token_id, now);
    row = token;
  } else if (secret.startsWith('fls_')) {
    row = await findSessionAgent(db, hash, now);
  }
  if (!row || !row.active || !isRole(row.role)) return undefined;
  return { id: row.id, email: row.email, name: row.name, role: row.role, teamIds: await teamIdsOf(db, row.id), via, csrfToken: row.csrf_token };
}

const isRole = (role: string): role is AgentRole => (agentRoles as readonly string[]).includes(role);
