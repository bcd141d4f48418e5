// Creating and changing agents.
import type { Kysely } from 'kysely';
import { isSafeAvatarUrl, type AgentRole } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { checkNewPassword } from '../auth/password-rules.ts';
import { hashPassword } from '../auth/secrets.ts';
import { forgetFailures } from '../auth/sign-in-failures.ts';
import { deleteSessionsOf } from '../auth/verbs.ts';
import { appendEvent } from '../events/append.ts';
import { conflict, notFound, refused } from '../errors.ts';
import { recordAudit, type AuditEntry } from '../audit/verbs.ts';
import { findAgent, findAgentByEmail, insertAgent, setAgentTeams, teamsByAgent, updateAgentRow, type AgentRow } from './store.ts';
import { anyOf } from '../db/bulk.ts';

// What other features read (or, for a few, write) of agents: the store's own functions, published
// here so that no feature imports another's store.ts.
export { countAgents, findAgent, findAgentByEmail, updateAgentRow, agentAddressesAmong, type AgentRow } from './store.ts';

export interface AgentInput {
  email: string;
  name: string;
  alias?: string | undefined;
  role: AgentRole;
  password?: string | undefined;
  avatarUrl?: string | null | undefined;
  signature?: string | undefined;
  languages?: string[] | undefined;
  locale?: string | undefined;
  timeZone?: string | undefined;
  teamIds?: number[] | undefined;
}

export async function createAgent(db: Kysely<DB>, input: AgentInput, actorAgentId: number | null = null, address: string | null = null): Promise<AgentRow> {
  if (await findAgentByEmail(db, input.email)) throw conflict('agent_exists', `An agent with the email ${input.email} already exists.`);
  checkTimeZone(input.timeZone);
  checkAvatarUrl(input.avatarUrl);
  if (input.password !== undefined) await checkNewPassword(input.password, { email: input.email, names: [input.name, input.alias] });
  const agent = await insertAgent(db, {
    email: input.email.trim(),
    name: input.name.trim(),
    alias: (input.alias ?? input.name).trim(),
    role: input.role,
    password_hash: input.password ? await hashPassword(input.password) : null,
    avatar_url: input.avatarUrl || null,
    signature: input.signature ?? '',
    languages: input.languages ?? [],
    locale: input.locale ?? 'en',
    time_zone: input.timeZone ?? null,
  });
  if (input.teamIds) await setTeams(db, agent.id, input.teamIds);
  await appendEvent(db, { type: 'agent.created', actorAgentId, payload: { agentId: agent.id, role: input.role } });
  await recordAudit(db, { actor: { agentId: actorAgentId, address }, action: 'agent.created', subject: { type: 'agent', id: agent.id }, after: { email: agent.email, role: agent.role, teamIds: input.teamIds ?? [] } });
  return agent;
}

export type AgentChanges = Partial<Omit<AgentInput, 'email'>> & { email?: string; active?: boolean };

export async function updateAgent(db: Kysely<DB>, id: number, changes: AgentChanges, now: Date, actorAgentId: number | null = null, address: string | null = null): Promise<AgentRow> {
  const current = await findAgent(db, id);
  if (!current) throw notFound('agent_not_found', `There is no agent ${id}.`);
  const teamsBefore = (await teamsByAgent(db, [id])).get(id) ?? [];
  if (changes.email && changes.email.toLowerCase() !== current.email.toLowerCase()) {
    if (await findAgentByEmail(db, changes.email)) throw conflict('agent_exists', `An agent with the email ${changes.email} already exists.`);
  }
  checkTimeZone(changes.timeZone);
  checkAvatarUrl(changes.avatarUrl);
  if (changes.password !== undefined) {
    // Without this an admin's stolen session could set a new password for the admin without knowing the old one.
    if (actorAgentId === id) throw refused('current_password_needed', 'Change your own password with POST /api/v1/me/password, which asks for the current one.');
    await checkNewPassword(changes.password, { email: changes.email ?? current.email, names: [changes.name ?? current.name, changes.alias ?? current.alias] });
  }
  const updated = await updateAgentRow(db, id, {
    ...(changes.email !== undefined && { email: changes.email.trim() }),
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.alias !== undefined && { alias: changes.alias.trim() }),
    ...(changes.role !== undefined && { role: changes.role }),
    ...(changes.password !== undefined && { password_hash: await hashPassword(changes.password) }),
    ...(changes.avatarUrl !== undefined && { avatar_url: changes.avatarUrl || null }),
    ...(changes.signature !== undefined && { signature: changes.signature }),
    ...(changes.languages !== undefined && { languages: changes.languages }),
    ...(changes.locale !== undefined && { locale: changes.locale }),
    ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
    ...(changes.active !== undefined && { active: changes.active }),
    updated_at: now,
  });
  if (changes.teamIds) await setTeams(db, id, changes.teamIds);
  // A deactivated agent or a password reset by an admin ends every open session.
  if (changes.active === false || changes.password !== undefined) await deleteSessionsOf(db, id);
  const fields = Object.keys(changes).filter((key) => key !== 'password');
  await appendEvent(db, { type: 'agent.updated', actorAgentId, payload: { agentId: id, fields, passwordChanged: changes.password !== undefined } });
  await recordAudit(db, accessChanges(current, teamsBefore, changes).map((entry) => ({ ...entry, actor: { agentId: actorAgentId, address }, subject: { type: 'agent', id } })), now);
  return updated!;
}

/** Lets an agent locked out by failed sign-ins (at its email address) try again at once. */
export async function unlockAgent(db: Kysely<DB>, input: { agentId: number; actorAgentId: number }): Promise<AgentRow> {
  const agent = await findAgent(db, input.agentId);
  if (!agent) throw notFound('agent_not_found', `There is no agent ${input.agentId}.`);
  await forgetFailures(db, agent.email);
  await appendEvent(db, { type: 'agent.unlocked', actorAgentId: input.actorAgentId, payload: { agentId: agent.id } });
  return agent;
}

// The schema's coercion turns a JSON null into "" for a nullable string: both mean no avatar.
function checkAvatarUrl(url: string | null | undefined) {
  if (!url || isSafeAvatarUrl(url)) return;
  throw refused('invalid_avatar_url', 'An avatar URL must start with https:// or be a path on this server starting with a single /.');
}

/** The changes to what an agent may do or see that the audit log keeps (never the password itself). */
function accessChanges(current: AgentRow, teamsBefore: number[], changes: AgentChanges): Array<Pick<AuditEntry, 'action' | 'before' | 'after'>> {
  const entries: Array<Pick<AuditEntry, 'action' | 'before' | 'after'>> = [];
  if (changes.role !== undefined && changes.role !== current.role) entries.push({ action: 'agent.role_changed', before: { role: current.role }, after: { role: changes.role } });
  const teamsAfter = changes.teamIds && [...new Set(changes.teamIds)].sort((a, b) => a - b);
  if (teamsAfter && teamsAfter.join() !== teamsBefore.join()) entries.push({ action: 'agent.teams_changed', before: { teamIds: teamsBefore }, after: { teamIds: teamsAfter } });
  if (changes.active !== undefined && changes.active !== current.active) entries.push({ action: changes.active ? 'agent.activated' : 'agent.deactivated' });
  if (changes.password !== undefined) entries.push({ action: 'agent.password_changed' });
  return entries;
}

async function setTeams(db: Kysely<DB>, agentId: number, teamIds: number[]) {
  const unique = [...new Set(teamIds)];
  if (unique.length > 0) {
    const found = await db.selectFrom('teams').select('id').where('id', '=', anyOf(unique, 'bigint')).execute();
    const missing = unique.filter((teamId) => !found.some((row) => row.id === teamId));
    if (missing.length > 0) throw refused('team_not_found', `There is no team ${missing.join(', ')}.`);
  }
  await setAgentTeams(db, agentId, unique);
}

function checkTimeZone(timeZone: string | undefined) {
  if (timeZone === undefined) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw refused('invalid_time_zone', `"${timeZone}" is not a time zone name such as Europe/Moscow or Asia/Tbilisi.`);
  }
}
