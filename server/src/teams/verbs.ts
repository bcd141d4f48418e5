// Creating, renaming and staffing teams.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { appendEvent } from '../events/append.ts';
import { conflict, notFound, unprocessable } from '../http/errors.ts';
import { findTeam, findTeamByName, insertTeam, membersOf, renameTeam, setMembers } from './store.ts';
import { anyOf } from '../db/bulk.ts';

export interface TeamView {
  id: number;
  name: string;
  agentIds: number[];
  createdAt: string;
}

export async function createTeam(tx: Kysely<DB>, input: { name: string; agentIds?: number[] | undefined }, actorAgentId: number): Promise<TeamView> {
  if (await findTeamByName(tx, input.name)) throw conflict('team_exists', `A team named "${input.name}" already exists.`);
  const row = await insertTeam(tx, input.name.trim());
  if (input.agentIds) await staff(tx, row.id, input.agentIds);
  await appendEvent(tx, { type: 'team.created', actorAgentId, payload: { teamId: row.id } });
  return present(tx, row);
}

export async function updateTeam(tx: Kysely<DB>, id: number, input: { name?: string | undefined; agentIds?: number[] | undefined }, actorAgentId: number): Promise<TeamView> {
  let row = await findTeam(tx, id);
  if (!row) throw notFound('team_not_found', `There is no team ${id}.`);
  if (input.name && input.name.toLowerCase() !== row.name.toLowerCase()) {
    if (await findTeamByName(tx, input.name)) throw conflict('team_exists', `A team named "${input.name}" already exists.`);
    row = (await renameTeam(tx, row.id, input.name.trim()))!;
  }
  if (input.agentIds) await staff(tx, row.id, input.agentIds);
  await appendEvent(tx, { type: 'team.updated', actorAgentId, payload: { teamId: row.id, fields: Object.keys(input) } });
  return present(tx, row);
}

async function staff(tx: Kysely<DB>, teamId: number, agentIds: number[]) {
  const unique = [...new Set(agentIds)];
  const found = unique.length ? await tx.selectFrom('agents').select('id').where('id', '=', anyOf(unique, 'bigint')).execute() : [];
  const missing = unique.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) throw unprocessable('agent_not_found', `There is no agent ${missing.join(', ')}.`);
  await setMembers(tx, teamId, unique);
}

export const presentTeam = (row: { id: number; name: string; created_at: Date }, agentIds: number[]): TeamView => ({
  id: row.id,
  name: row.name,
  agentIds,
  createdAt: row.created_at.toISOString(),
});

const present = async (tx: Kysely<DB>, row: { id: number; name: string; created_at: Date }) => presentTeam(row, await membersOf(tx, row.id));
