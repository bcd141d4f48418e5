// SQL for teams.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { insertInSlices } from '../db/bulk.ts';

export const listTeams = (db: Kysely<DB>) =>
  db
    .selectFrom('teams')
    .leftJoin('team_members', 'team_members.team_id', 'teams.id')
    .select(['teams.id', 'teams.name', 'teams.created_at'])
    .select((eb) => eb.fn.coalesce(eb.fn.agg<number[]>('array_agg', ['team_members.agent_id']).filterWhere('team_members.agent_id', 'is not', null), eb.val<number[]>([])).as('agent_ids'))
    .groupBy('teams.id')
    .orderBy('teams.id')
    .execute();

export const findTeamByName = (db: Kysely<DB>, name: string) =>
  db.selectFrom('teams').selectAll().where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();

export const findTeam = (db: Kysely<DB>, id: number) => db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();

export const insertTeam = (db: Kysely<DB>, name: string) => db.insertInto('teams').values({ name }).returningAll().executeTakeFirstOrThrow();

export const renameTeam = (db: Kysely<DB>, id: number, name: string) =>
  db.updateTable('teams').set({ name }).where('id', '=', id).returningAll().executeTakeFirst();

export async function setMembers(db: Kysely<DB>, teamId: number, agentIds: number[]) {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  await insertInSlices(agentIds.map((agent_id) => ({ team_id: teamId, agent_id })), (slice) => db.insertInto('team_members').values(slice).execute());
}

export const membersOf = async (db: Kysely<DB>, teamId: number) =>
  (await db.selectFrom('team_members').select('agent_id').where('team_id', '=', teamId).orderBy('agent_id').execute()).map((row) => row.agent_id);
