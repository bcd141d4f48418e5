// GET /tags: the tags on the tickets the agent may see, most used first, for the inbox's tag
// picker. Bounded twice: gathered from the latest tickets only, and at most `limit` names.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { principalOf } from '../http/auth-hook.ts';
import { Limit, Strict, errors } from '../http/schema-kit.ts';
import { authorize, seesAllTickets } from '../auth/policy.ts';
import { RECENT_TICKETS, tagsInUse } from './store.ts';

const TagsQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Only tags starting with this text (tags are lower case; any case matches).' })),
  limit: Type.Optional(Limit(200, 100)),
});

const TagList = Type.Object({
  items: Type.Array(
    Type.Object({ name: Type.String(), tickets: Type.Integer({ description: `Tickets with the tag among the latest ${RECENT_TICKETS.toLocaleString('en')} you may see.` }) }, { title: 'TagUse' }),
  ),
});

export const tagRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    '/tags',
    { schema: { tags: ['tickets'], description: `The tags in use on the latest ${RECENT_TICKETS.toLocaleString('en')} tickets you may see, most used first.`, querystring: TagsQuery, response: { 200: TagList, ...errors(400, 401, 403) } } },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const scope = { all: seesAllTickets(principal), agentId: principal.id, teamIds: principal.teamIds };
      return { items: await tagsInUse(ctx.db, scope, { prefix: request.query.q?.trim() || undefined, limit: request.query.limit ?? 100 }) };
    },
  );
};
