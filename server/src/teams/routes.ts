// HTTP for teams and their members. Everyone may list teams; admins create, rename and staff them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { Id, IdParams, Strict, Timestamp, errors, Name } from '../http/schema-kit.ts';
import { listTeams } from './store.ts';
import { createTeam, presentTeam, updateTeam } from './verbs.ts';

const Team = Type.Object({ id: Type.Integer(), name: Type.String(), agentIds: Type.Array(Type.Integer()), createdAt: Timestamp }, { title: 'Team' });
const TeamBody = Strict({ name: Name({ minLength: 1 }), agentIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })) });
const TeamPatch = Strict({ name: Type.Optional(Name({ minLength: 1 })), agentIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })) });

export const teamRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['teams'];

  app.get('/teams', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Team) }) } } }, async (request) => {
    authorize(principalOf(request), 'agents.read');
    return { items: (await listTeams(ctx.db)).map((row) => presentTeam(row, row.agent_ids)) };
  });

  app.post('/teams', { schema: { tags, body: TeamBody, response: { 201: Team, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'teams.manage');
    const team = await ctx.db.transaction().execute((tx) => createTeam(tx, request.body, { agentId: principal.id, address: request.ip }));
    return reply.code(201).send(team);
  });

  app.patch('/teams/:id', { schema: { tags, params: IdParams, body: TeamPatch, response: { 200: Team, ...errors(400, 403, 404, 409, 422) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'teams.manage');
    return ctx.db.transaction().execute((tx) => updateTeam(tx, request.params.id, request.body, { agentId: principal.id, address: request.ip }));
  });
};
