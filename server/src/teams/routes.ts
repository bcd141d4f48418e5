// HTTP for teams and their members. Everyone may list teams; admins create, rename and staff them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { conflict, notFound, unprocessable } from '../http/errors.ts';
import { Id, IdParams, Strict, Timestamp, errors } from '../http/schema-kit.ts';
import { findTeam, findTeamByName, insertTeam, listTeams, membersOf, renameTeam, setMembers } from './store.ts';

const Team = Type.Object({ id: Type.Integer(), name: Type.String(), agentIds: Type.Array(Type.Integer()), createdAt: Timestamp });
const TeamBody = Strict({ name: Type.String({ minLength: 1, maxLength: 200 }), agentIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })) });
const TeamPatch = Strict({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), agentIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })) });

export const teamRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['teams'];
  const present = (row: { id: number; name: string; created_at: Date }, agentIds: number[]) => ({
    id: row.id,
    name: row.name,
    agentIds,
    createdAt: row.created_at.toISOString(),
  });

  app.get('/teams', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Team) }) } } }, async (request) => {
    authorize(principalOf(request), 'agents.read');
    return { items: (await listTeams(ctx.db)).map((row) => present(row, row.agent_ids)) };
  });

  app.post('/teams', { schema: { tags, body: TeamBody, response: { 201: Team, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    authorize(principalOf(request), 'teams.manage');
    const team = await ctx.db.transaction().execute(async (tx) => {
      if (await findTeamByName(tx, request.body.name)) throw conflict('team_exists', `A team named "${request.body.name}" already exists.`);
      const row = await insertTeam(tx, request.body.name.trim());
      if (request.body.agentIds) await staff(tx, row.id, request.body.agentIds);
      return present(row, await membersOf(tx, row.id));
    });
    return reply.code(201).send(team);
  });

  app.patch('/teams/:id', { schema: { tags, params: IdParams, body: TeamPatch, response: { 200: Team, ...errors(400, 403, 404, 409, 422) } } }, async (request) => {
    authorize(principalOf(request), 'teams.manage');
    return ctx.db.transaction().execute(async (tx) => {
      let row = await findTeam(tx, request.params.id);
      if (!row) throw notFound('team_not_found', `There is no team ${request.params.id}.`);
      if (request.body.name && request.body.name.toLowerCase() !== row.name.toLowerCase()) {
        if (await findTeamByName(tx, request.body.name)) throw conflict('team_exists', `A team named "${request.body.name}" already exists.`);
        row = (await renameTeam(tx, row.id, request.body.name.trim()))!;
      }
      if (request.body.agentIds) await staff(tx, row.id, request.body.agentIds);
      return present(row, await membersOf(tx, row.id));
    });
  });

  async function staff(tx: Context['db'], teamId: number, agentIds: number[]) {
    const unique = [...new Set(agentIds)];
    const found = unique.length ? await tx.selectFrom('agents').select('id').where('id', 'in', unique).execute() : [];
    const missing = unique.filter((id) => !found.some((row) => row.id === id));
    if (missing.length) throw unprocessable('agent_not_found', `There is no agent ${missing.join(', ')}.`);
    await setMembers(tx, teamId, unique);
  }
};
