// Creating, renaming and staffing teams.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { appendEvent } from '../events/append.ts';
import { recordAudit, type AuditActor } from '../audit/verbs.ts';
import { conflict, notFound, refused } from '../errors.ts';
import { findTeam, findTeamByName, insertTeam, membersOf, renameTeam, setMembers } from './store.ts';
import { anyOf } from '../db/bulk.ts';

// What other features read (or, for a few, write) of teams: the store's own functions, published
// here so that no feature imports another's store.ts.
export { findTeam, findTeamByName, insertTeam, membersOf } from './store.ts';

export interface TeamView {
  id: number;
  name: string;
  agentIds: number[];
  createdAt: string;
}

export async function createTeam(tx: Kysely<DB>, input: { name: string; agentIds?: number[] | undefined }, actor: AuditActor & { agentId: number }): Promise<TeamView> {
  if (await findTeamByName(tx, input.name)) throw conflict('team_exists', `A team named "${input.name}" already exists.`);
  const row = await insertTeam(tx, input.name.trim());
  const moved = input.agentIds ? await staff(tx, row.id, input.agentIds, actor) : [];
  await appendEvent(tx, { type: 'team.created', actorAgentId: actor.agentId, payload: { teamId: row.id, agentIds: moved } });
  return present(tx, row);
}

export async function updateTeam(tx: Kysely<DB>, id: number, input: { name?: string | undefined; agentIds?: number[] | undefined }, actor: AuditActor & { agentId: number }): Promise<TeamView> {
  let row = await findTeam(tx, id);
  if (!row) throw notFound('team_not_found', `There is no team ${id}.`);
  if (input.name && input.name.toLowerCase() !== row.name.toLowerCase()) {
    if (await findTeamByName(tx, input.name)) throw conflict('team_exists', `A team named "${input.name}" already exists.`);
    row = (await renameTeam(tx, row.id, input.name.trim()))!;
  }
  const moved = input.agentIds ? await staff(tx, row.id, input.agentIds, actor) : [];
  // agentIds: whose membership changed, so their live connections take the new scope.
  await appendEvent(tx, { type: 'team.updated', actorAgentId: actor.agentId, payload: { teamId: row.id, fields: Object.keys(input), agentIds: moved } });
  return present(tx, row);
}

/** Sets the members; returns the agents who joined or left (audited). */
async function staff(tx: Kysely<DB>, teamId: number, agentIds: number[], actor: AuditActor): Promise<number[]> {
  const unique = [...new Set(agentIds)].sort((a, b) => a - b);
  const found = unique.length ? await tx.selectFrom('agents').select('id').where('id', '=', anyOf(unique, 'bigint')).execute() : [];
  const missing = unique.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) throw refused('agent_not_found', `There is no agent ${missing.join(', ')}.`);
  const before = await membersOf(tx, teamId);
  await setMembers(tx, teamId, unique);
  const moved = [...before.filter((id) => !unique.includes(id)), ...unique.filter((id) => !before.includes(id))];
  if (moved.length) await recordAudit(tx, { actor, action: 'team.members_changed', subject: { type: 'team', id: teamId }, before: { agentIds: before }, after: { agentIds: unique } });
  return moved;
}

export const presentTeam = (row: { id: number; name: string; created_at: Date }, agentIds: number[]): TeamView => ({
  id: row.id,
  name: row.name,
  agentIds,
  createdAt: row.created_at.toISOString(),
});

const present = async (tx: Kysely<DB>, row: { id: number; name: string; created_at: Date }) => presentTeam(row, await membersOf(tx, row.id));

