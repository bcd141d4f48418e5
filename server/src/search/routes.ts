// HTTP for the search box: GET /search?q= suggests tickets and customers while an agent types.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { errors } from '../http/schema-kit.ts';
import { SearchQuery, SearchResult } from './schemas.ts';
import { suggest } from './queries.ts';

export const searchRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['tickets'],
        description: 'Tickets and customers matching what an agent typed, for the search box: a ticket number first, then customers by email, name, phone or organization, and words of conversations. Only what the caller may see.',
        querystring: SearchQuery,
        response: { 200: SearchResult, ...errors(400, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      authorize(principal, 'customers.read');
      return suggest(ctx.db, principal, request.query.q, request.query.limit ?? 8);
    },
  );
};
