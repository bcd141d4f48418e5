// HTTP for agents: everyone may list them (to assign work); only admins create and change them,
// and only admins see failed sign-ins and lift the lock they cause.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize, can } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { listSignInFailures } from '../auth/verbs.ts';
import { principalOf } from '../http/auth-hook.ts';
import { notFound } from '../errors.ts';
import { IdParams, errors } from '../http/schema-kit.ts';
import { Agent, AgentCreateBody, AgentUpdateBody } from './schemas.ts';
import { findAgent, listAgents, teamsByAgent, type AgentRow } from './store.ts';
import { createAgent, unlockAgent, updateAgent } from './verbs.ts';
import { presentAgent, presentSignIn } from './present.ts';

export const agentRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['agents'];

  async function present(rows: AgentRow[], principal: Principal) {
    const teams = await teamsByAgent(ctx.db, rows.map((row) => row.id));
    const failures = can(principal, 'agents.manage') ? await listSignInFailures(ctx.db, rows.map((row) => row.email)) : undefined;
    const now = ctx.clock.now();
    return rows.map((row) =>
      presentAgent(
        row,
        teams.get(row.id) ?? [],
        failures && presentSignIn(failures.find((failure) => failure.email === row.email.toLowerCase()), now),
      ),
    );
  }

  app.get('/agents', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Agent) }) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'agents.read');
    return { items: await present(await listAgents(ctx.db), principal) };
  });

  app.get('/agents/:id', { schema: { tags, params: IdParams, response: { 200: Agent, ...errors(404) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'agents.read');
    const row = await findAgent(ctx.db, request.params.id);
    if (!row) throw notFound('agent_not_found', `There is no agent ${request.params.id}.`);
    return (await present([row], principal))[0]!;
  });

  app.post('/agents', { schema: { tags, body: AgentCreateBody, response: { 201: Agent, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'agents.manage');
    const row = await ctx.db.transaction().execute((tx) => createAgent(tx, request.body, principal.id, request.ip));
    return reply.code(201).send((await present([row], principal))[0]!);
  });

  app.patch('/agents/:id', { schema: { tags, params: IdParams, body: AgentUpdateBody, response: { 200: Agent, ...errors(400, 403, 404, 409, 422) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'agents.manage');
    const row = await ctx.db.transaction().execute((tx) => updateAgent(tx, request.params.id, request.body, ctx.clock.now(), principal.id, request.ip));
    return (await present([row], principal))[0]!;
  });

  app.post(
    '/agents/:id/unlock',
    {
      schema: {
        tags,
        summary: 'Lift the lock that failed sign-ins put on an agent, and forget the failures',
        params: IdParams,
        response: { 200: Agent, ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'agents.manage');
      const row = await ctx.db.transaction().execute((tx) => unlockAgent(tx, { agentId: request.params.id, actorAgentId: principal.id }));
      return (await present([row], principal))[0]!;
    },
  );
};
