// SQL for agents and their team memberships.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AgentsTable, DB } from '../db/tables.ts';
import { anyOf, insertInSlices } from '../db/bulk.ts';

export type AgentRow = Selectable<AgentsTable>;

export const findAgentByEmail = (db: Kysely<DB>, email: string) =>
  db.selectFrom('agents').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();

/** Which of these addresses (lowercase) are an agent's sign-in address. */
export async function agentAddressesAmong(db: Kysely<DB>, addresses: string[]): Promise<string[]> {
  if (!addresses.length) return [];
  const rows = await db.selectFrom('agents').select((eb) => eb.fn<string>('lower', ['email']).as('email')).where((eb) => eb(eb.fn('lower', ['email']), '=', anyOf(addresses.map((a) => a.toLowerCase()), 'text'))).execute();
  return rows.map((row) => row.email);
}

export const findAgent = (db: Kysely<DB>, id: number) => db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();

export const countAgents = async (db: Kysely<DB>): Promise<number> =>
  Number((await db.selectFrom('agents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const listAgents = (db: Kysely<DB>) => db.selectFrom('agents').selectAll().orderBy('name').orderBy('id').execute();

export const insertAgent = (db: Kysely<DB>, row: Insertable<AgentsTable>) => db.insertInto('agents').values(row).returningAll().executeTakeFirstOrThrow();

export const updateAgentRow = (db: Kysely<DB>, id: number, changes: Updateable<AgentsTable>) =>
  db.updateTable('agents').set(changes).where('id', '=', id).returningAll().executeTakeFirst();

export async function teamsByAgent(db: Kysely<DB>, agentIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (agentIds.length === 0) return map;
  const rows = await db.selectFrom('team_members').select(['agent_id', 'team_id']).where('agent_id', '=', anyOf(agentIds, 'bigint')).orderBy('team_id').execute();
  for (const row of rows) map.set(row.agent_id, [...(map.get(row.agent_id) ?? []), row.team_id]);
  return map;
}

export async function setAgentTeams(db: Kysely<DB>, agentId: number, teamIds: number[]) {
  await db.deleteFrom('team_members').where('agent_id', '=', agentId).execute();
  await insertInSlices(teamIds.map((team_id) => ({ team_id, agent_id: agentId })), (slice) => db.insertInto('team_members').values(slice).execute());
}

