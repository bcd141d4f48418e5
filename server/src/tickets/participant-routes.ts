// HTTP for a ticket's participants: list them with their state, accept a proposed one, remove one.
// Whoever may reply on the ticket decides who is copied on its replies (light agents may not).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { Email, Id, IdParams, Strict, StringEnum, errors } from '../http/schema-kit.ts';
import { Participant } from './schemas.ts';
import { visibleTicket } from './queries.ts';
import { acceptParticipant, participantsWithState, presentParticipant, removeParticipant } from './participants.ts';

const ParticipantParams = Strict({ id: Id, email: Email });

export const participantRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['tickets'];

  app.get(
    '/tickets/:id/participants',
    { schema: { tags, description: 'Everyone copied on the ticket, proposed or accepted.', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Participant) }), ...errors(403, 404) } } },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const ticket = await visibleTicket(ctx.db, principal, request.params.id);
      return { items: (await participantsWithState(ctx.db, ticket.id)).map(presentParticipant) };
    },
  );

  app.patch(
    '/tickets/:id/participants/:email',
    {
      schema: {
        tags,
        description: 'Accepts a proposed participant: from now on they are copied on public replies.',
        params: ParticipantParams,
        body: Strict({ state: StringEnum(['accepted'] as const) }),
        response: { 200: Participant, ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.reply');
      const ticket = await visibleTicket(ctx.db, principal, request.params.id);
      const row = await ctx.db.transaction().execute((tx) => acceptParticipant(tx, { ticketId: ticket.id, email: request.params.email, agentId: principal.id }));
      return presentParticipant(row);
    },
  );

  app.delete(
    '/tickets/:id/participants/:email',
    { schema: { tags, description: 'Removes a participant, proposed or accepted: they are no longer copied on replies.', params: ParticipantParams, response: { 204: Type.Null(), ...errors(400, 403, 404) } } },
    async (request, reply) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.reply');
      const ticket = await visibleTicket(ctx.db, principal, request.params.id);
      await ctx.db.transaction().execute((tx) => removeParticipant(tx, { ticketId: ticket.id, email: request.params.email, agentId: principal.id }));
      return reply.code(204).send(null);
    },
  );
};
