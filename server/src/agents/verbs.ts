// Creating and changing agents.
import type { Kysely } from 'kysely';
import type { AgentRole } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { hashPassword } from '../auth/secrets.ts';
import { appendEvent } from '../events/append.ts';
import { conflict, notFound, unprocessable } from '../http/errors.ts';
import { findAgent, findAgentByEmail, insertAgent, setAgentTeams, updateAgentRow, deleteSessionsOf, type AgentRow } from './store.ts';
import { anyOf } from '../db/bulk.ts';

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

export async function createAgent(db: Kysely<DB>, input: AgentInput, actorAgentId: number | null = null): Promise<AgentRow> {
  if (await findAgentByEmail(db, input.email)) throw conflict('agent_exists', `An agent with the email ${input.email} already exists.`);
  checkTimeZone(input.timeZone);
  const agent = await insertAgent(db, {
    email: input.email.trim(),
    name: input.name.trim(),
    alias: (input.alias ?? input.name).trim(),
    role: input.role,
    password_hash: input.password ? await hashPassword(input.password) : null,
    avatar_url: input.avatarUrl ?? null,
    signature: input.signature ?? '',
    languages: input.languages ?? [],
    locale: input.locale ?? 'en',
    time_zone: input.timeZone ?? 'UTC',
  });
  if (input.teamIds) await setTeams(db, agent.id, input.teamIds);
  await appendEvent(db, { type: 'agent.created', actorAgentId, payload: { agentId: agent.id, role: agent.role } });
  return agent;
}

export type AgentChanges = Partial<Omit<AgentInput, 'email'>> & { email?: string; active?: boolean };

export async function updateAgent(db: Kysely<DB>, id: number, changes: AgentChanges, now: Date, actorAgentId: number | null = null): Promise<AgentRow> {
  const current = await findAgent(db, id);
  if (!current) throw notFound('agent_not_found', `There is no agent ${id}.`);
  if (changes.email && changes.email.toLowerCase() !== current.email.toLowerCase()) {
    if (await findAgentByEmail(db, changes.email)) throw conflict('agent_exists', `An agent with the email ${changes.email} already exists.`);
  }
  checkTimeZone(changes.timeZone);
  const updated = await updateAgentRow(db, id, {
    ...(changes.email !== undefined && { email: changes.email.trim() }),
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.alias !== undefined && { alias: changes.alias.trim() }),
    ...(changes.role !== undefined && { role: changes.role }),
    ...(changes.password !== undefined && { password_hash: await hashPassword(changes.password) }),
    ...(changes.avatarUrl !== undefined && { avatar_url: changes.avatarUrl }),
    ...(changes.signature !== undefined && { signature: changes.signature }),
    ...(changes.languages !== undefined && { languages: changes.languages }),
    ...(changes.locale !== undefined && { locale: changes.locale }),
    ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
    ...(changes.active !== undefined && { active: changes.active }),
    updated_at: now,
  });
  if (changes.teamIds) await setTeams(db, id, changes.teamIds);
  // A deactivated agent or a new password ends every open session.
  if (changes.active === false || changes.password !== undefined) await deleteSessionsOf(db, id);
  const fields = Object.keys(changes).filter((key) => key !== 'password');
  await appendEvent(db, { type: 'agent.updated', actorAgentId, payload: { agentId: id, fields, passwordChanged: changes.password !== undefined } });
  return updated!;
}

async function setTeams(db: Kysely<DB>, agentId: number, teamIds: number[]) {
  const unique = [...new Set(teamIds)];
  if (unique.length > 0) {
    const found = await db.selectFrom('teams').select('id').where('id', '=', anyOf(unique, 'bigint')).execute();
    const missing = unique.filter((teamId) => !found.some((row) => row.id === teamId));
    if (missing.length > 0) throw unprocessable('team_not_found', `There is no team ${missing.join(', ')}.`);
  }
  await setAgentTeams(db, agentId, unique);
}

function checkTimeZone(timeZone: string | undefined) {
  if (timeZone === undefined) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw unprocessable('invalid_time_zone', `"${timeZone}" is not a time zone name such as Europe/Moscow or Asia/Tbilisi.`);
  }
}
