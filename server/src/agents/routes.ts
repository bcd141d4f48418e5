// HTTP for agents: everyone may list them (to assign work); only admins create and change them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { notFound } from '../http/errors.ts';
import { IdParams, errors } from '../http/schema-kit.ts';
import { Agent, AgentCreateBody, AgentUpdateBody } from './schemas.ts';
import { findAgent, listAgents, teamsByAgent } from './store.ts';
import { createAgent, updateAgent } from './verbs.ts';
import { presentAgent } from './present.ts';

export const agentRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['agents'];

  app.get('/agents', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Agent) }) } } }, async (request) => {
    authorize(principalOf(request), 'agents.read');
    const rows = await listAgents(ctx.db);
    const teams = await teamsByAgent(ctx.db, rows.map((row) => row.id));
    return { items: rows.map((row) => presentAgent(row, teams.get(row.id) ?? [])) };
  });

  app.get('/agents/:id', { schema: { tags, params: IdParams, response: { 200: Agent, ...errors(404) } } }, async (request) => {
    authorize(principalOf(request), 'agents.read');
    const row = await findAgent(ctx.db, request.params.id);
    if (!row) throw notFound('agent_not_found', `There is no agent ${request.params.id}.`);
    return presentAgent(row, (await teamsByAgent(ctx.db, [row.id])).get(row.id) ?? []);
  });

  app.post('/agents', { schema: { tags, body: AgentCreateBody, response: { 201: Agent, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'agents.manage');
    const row = await ctx.db.transaction().execute((tx) => createAgent(tx, request.body, principal.id, request.ip));
    const teams = await teamsByAgent(ctx.db, [row.id]);
    return reply.code(201).send(presentAgent(row, teams.get(row.id) ?? []));
  });

  app.patch('/agents/:id', { schema: { tags, params: IdParams, body: AgentUpdateBody, response: { 200: Agent, ...errors(400, 403, 404, 409, 422) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'agents.manage');
    const row = await ctx.db.transaction().execute((tx) => updateAgent(tx, request.params.id, request.body, ctx.clock.now(), principal.id, request.ip));
    return presentAgent(row, (await teamsByAgent(ctx.db, [row.id])).get(row.id) ?? []);
  });
};
