// HTTP for merging two tickets of one customer: parse, check that both are the agent's to see,
// merge, answer with the target as it is now.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { IdParams, errors } from '../http/schema-kit.ts';
import { TicketDetail, TicketMergeBody } from './schemas.ts';
import { ticketDetail, visibleTicket } from './queries.ts';
import { mergeTickets } from './merge.ts';

export const ticketMergeRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    '/tickets/:id/merge',
    {
      schema: {
        tags: ['tickets'],
        description:
          'Merges this ticket into `targetId`, a ticket of the same customer: its messages, attachments and participants join the target in time order, and this ticket is closed and points at the target. Answers the target.',
        params: IdParams,
        body: TicketMergeBody,
        response: { 200: TicketDetail, ...errors(400, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.update');
      await visibleTicket(ctx.db, principal, request.params.id);
      await visibleTicket(ctx.db, principal, request.body.targetId);
      await ctx.db
        .transaction()
        .execute((tx) => mergeTickets(tx, request.params.id, request.body.targetId, { kind: 'agent', agentId: principal.id, address: request.ip }, ctx.clock.now()));
      return ticketDetail(ctx.db, principal, request.body.targetId);
    },
  );
};
