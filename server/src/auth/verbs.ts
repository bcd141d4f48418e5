// Signing in and out, changing one's own password, and telling who a bearer secret or cookie belongs to.
import type { Kysely } from 'kysely';
import { agentRoles, type AgentRole } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { findAgent, findAgentByEmail, updateAgentRow } from '../agents/verbs.ts';
import { appendEvent } from '../events/append.ts';
import { AppError, notFound, unauthenticated } from '../errors.ts';
import { checkNewPassword } from './password-rules.ts';
import type { Principal } from './principal.ts';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.ts';
import { countFailure, forgetFailures, refuseWhileLocked } from './sign-in-failures.ts';
import { deleteSession, deleteSessionsOf, findSessionAgent, findTokenAgent, insertSession, touchToken, type AuthRow } from './store.ts';

// What other features read (or, for a few, write) of auth: the store's own functions, published
// here so that no feature imports another's store.ts.
export { listSignInFailures, deleteSessionsOf } from './store.ts';

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  agentId: number;
}

/** Takes the database rather than a transaction: a refused attempt must still be counted. */
export async function login(db: Kysely<DB>, input: { email: string; password: string; now: Date; ttlHours: number }): Promise<SignedIn> {
  const { email, now } = input;
  // A locked address is refused before the password is checked, whether an agent has it or not.
  await refuseWhileLocked(db, email, now);
  const agent = await findAgentByEmail(db, email);
  const ok = await verifyPassword(agent?.password_hash ?? null, input.password);
  if (!agent || !ok || !agent.active) {
    await countFailure(db, email, now);
    throw unauthenticated('The email or password is wrong, or the account is switched off.');
  }
  await forgetFailures(db, email);
  return openSession(db, agent.id, now, input.ttlHours);
}

/** A new session for an agent whose identity is already proven (a sign-in, the first-run set-up). */
export async function openSession(db: Kysely<DB>, agentId: number, now: Date, ttlHours: number): Promise<SignedIn> {
  const token = newSecret('fls');
  const csrfToken = newSecret('csrf');
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await insertSession(db, { token_hash: hashSecret(token), agent_id: agentId, csrf_token: csrfToken, expires_at: expiresAt });
  return { token, csrfToken, expiresAt, agentId };
}

/** Ends a session; other nodes hear of it (session.ended) and close its live connections. */
export async function logout(tx: Kysely<DB>, token: string): Promise<void> {
  const agentId = await deleteSession(tx, hashSecret(token));
  if (agentId !== undefined) await appendEvent(tx, { type: 'session.ended', actorAgentId: agentId, payload: { agentId } });
}

/** A secret as the server keeps it after the request that presented it: its hash and kind. */
export interface Credential {
  hash: string;
  kind: 'session' | 'token';
  via: Principal['via'];
}

export function credentialOf(secret: string, via: Principal['via']): Credential | undefined {
  const kind = secret.startsWith('flt_') ? 'token' : secret.startsWith('fls_') ? 'session' : undefined;
  return kind && { hash: hashSecret(secret), kind, via };
}

export interface OwnPasswordChange {
  agentId: number;
  currentPassword: string;
  newPassword: string;
  /** The session making the change stays signed in; every other one ends (null: a bearer API token, so all end). */
  keepSessionHash: string | null;
  now: Date;
}

/**
 * An agent's own password change needs the current password, counted like a sign-in so a stolen
 * session cannot guess it. Takes the database: the writes run in a transaction of their own.
 */
export async function changeOwnPassword(db: Kysely<DB>, input: OwnPasswordChange): Promise<void> {
  const agent = await findAgent(db, input.agentId);
  if (!agent) throw notFound('agent_not_found', 'Your account no longer exists.');
  await refuseWhileLocked(db, agent.email, input.now);
  if (!(await verifyPassword(agent.password_hash, input.currentPassword))) {
    await countFailure(db, agent.email, input.now);
    throw new AppError('forbidden', 'wrong_password', 'The current password is wrong.');
  }
  await checkNewPassword(input.newPassword, { email: agent.email, names: [agent.name, agent.alias] });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await updateAgentRow(tx, agent.id, { password_hash: passwordHash, updated_at: input.now });
    await deleteSessionsOf(tx, agent.id, input.keepSessionHash ?? undefined);
    await appendEvent(tx, { type: 'agent.updated', actorAgentId: agent.id, payload: { agentId: agent.id, fields: [], passwordChanged: true } });
  });
  await forgetFailures(db, agent.email);
}

/** Resolves a session or API-token secret to the agent it acts for, or undefined. */
export async function authenticate(db: Kysely<DB>, secret: string, via: Principal['via'], now: Date): Promise<Principal | undefined> {
  const credential = credentialOf(secret, via);
  return credential && (await checkCredential(db, credential, now))?.principal;
}

/**
 * Who a credential acts for now, and until when (null for API tokens): asked at each request and
 * again by live connections whenever the agent's sessions, role or teams may have changed.
 */
export async function checkCredential(db: Kysely<DB>, credential: Credential, now: Date): Promise<{ principal: Principal; expiresAt: Date | null } | undefined> {
  let row: (AuthRow & { expires_at: Date | null }) | undefined;
  if (credential.kind === 'token') {
    const token = await findTokenAgent(db, credential.hash);
    // Last use is kept to the minute: one write a minute per token, not one per request.
    if (token && (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > 60_000)) await touchToken(db, token.token_id, now);
    row = token && { ...token, expires_at: null };
  } else {
    row = await findSessionAgent(db, credential.hash, now);
  }
  if (!row || !row.active || !isRole(row.role)) return undefined;
  const principal: Principal = { id: row.id, email: row.email, name: row.name, role: row.role, teamIds: row.team_ids.map(Number), via: credential.via, csrfToken: row.csrf_token, sessionHash: credential.kind === 'session' ? credential.hash : null };
  return { principal, expiresAt: row.expires_at };
}

const isRole = (role: string): role is AgentRole => (agentRoles as readonly string[]).includes(role);
