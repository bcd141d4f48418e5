// HTTP for tickets: create, list, read, change, history. Messages are in message-routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { refused } from '../errors.ts';
import { idempotent } from '../http/idempotency.ts';
import { Id, IdParams, Strict, errors } from '../http/schema-kit.ts';
import { HistoryEntry, TicketCounts, TicketCreateBody, TicketDetail, TicketList, TicketListQuery, TicketUpdateBody } from './schemas.ts';
import { COUNT_CAP, countViews, findTickets, newTicketDetail, ticketDetail, ticketDetailByNumber, visibleTicket } from './queries.ts';
import { historyOf, markRead } from './store.ts';
import { requesterOf } from './requester.ts';
import { createTicket, updateTicket } from './verbs.ts';
import { unansweredBefore } from '../setup/verbs.ts';

export const ticketRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['tickets'];

  app.post(
    '/tickets',
    {
      schema: {
        tags,
        description:
          'Opens a ticket with its first message: the customer\'s words, or with message.as = "note" an agent\'s internal note (the description of a phone call). ' +
          'The customer is given by id, or by email or phone (found again by either, or created with the name given). Send an Idempotency-Key header to make retries safe.',
        body: TicketCreateBody,
        response: { 201: TicketDetail, ...errors(400, 403, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.create');
      const body = request.body;
      if (!body.customer.id && !body.customer.email && !body.customer.phone) throw refused('customer_required', 'Give the customer as {"id"}, or by {"email"} or {"phone"} (with a "name" for a new one).');
      if (!body.message.body && !body.message.html) throw refused('empty_message', 'The message needs a "body" (text) or "html".');
      const now = ctx.clock.now();
      const asNote = body.message.as === 'note';
      const answer = await idempotent(ctx.db, request, principal, async (tx) => {
        const requester = await requesterOf(tx, body.customer, principal.id, now);
        const { ticket, message } = await createTicket(
          tx,
          {
            subject: body.subject,
            customerId: requester.customerId,
            channel: body.channel ?? 'api',
            priority: body.priority,
            teamId: body.teamId,
            assigneeId: body.assigneeId,
            tags: body.tags,
            language: body.language,
            // Whoever opens a ticket has read it.
            readBy: principal.id,
            message: asNote
              ? { bodyText: body.message.body, bodyHtml: body.message.html, direction: 'outbound', internal: true, authorAgentId: principal.id }
              : { bodyText: body.message.body, bodyHtml: body.message.html, direction: 'inbound' },
          },
          { kind: 'agent', agentId: principal.id },
          now,
          { customers: requester.customer && [requester.customer], events: requester.created?.events },
        );
        const known = requester.customer && requester.created && { customer: requester.customer, emails: requester.created.emails };
        return { status: 201, body: await newTicketDetail(tx, ticket, message, ctx.channels, known) };
      });
      return reply.code(answer.status as 201).send(answer.body);
    },
  );

  app.get(
    '/tickets',
    {
      schema: { tags, querystring: TicketListQuery, response: { 200: TicketList, ...errors(400) } },
      // ?status=open,pending is the same as ?status=open&status=pending.
      preValidation: async (request) => {
        const query = request.query as Record<string, unknown>;
        if (typeof query.status === 'string') query.status = query.status.split(',').map((s) => s.trim());
        const assignee = query.assigneeId;
        if (typeof assignee === 'string' && /^\d+$/.test(assignee)) query.assigneeId = Number(assignee);
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const unanswered = request.query.view === 'unanswered' ? await unansweredBefore(ctx.db, ctx.clock.now()) : undefined;
      return findTickets(ctx.db, principal, request.query, unanswered);
    },
  );

  app.get(
    '/tickets/counts',
    {
      schema: {
        tags,
        description: `How many tickets each view holds for you; counts stop at ${COUNT_CAP} (the view is then listed in "capped").`,
        response: { 200: TicketCounts },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      return countViews(ctx.db, principal, await unansweredBefore(ctx.db, ctx.clock.now()));
    },
  );

  app.get('/tickets/:id', { schema: { tags, params: IdParams, response: { 200: TicketDetail, ...errors(403, 404) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'tickets.read');
    return ticketDetail(ctx.db, principal, request.params.id, ctx.channels);
  });

  app.get(
    '/tickets/by-number/:number',
    {
      schema: {
        tags,
        description: 'The ticket with this number (#1010 is /tickets/by-number/1010): the number agents and customers say aloud; the other routes take the id.',
        params: Strict({ number: Id }),
        response: { 200: TicketDetail, ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      return ticketDetailByNumber(ctx.db, principal, request.params.number, ctx.channels);
    },
  );

  app.patch(
    '/tickets/:id',
    { schema: { tags, params: IdParams, body: Type.Intersect([TicketUpdateBody, Type.Object({}, { minProperties: 1 })]), response: { 200: TicketDetail, ...errors(400, 403, 404, 409, 422) } } },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.update');
      await visibleTicket(ctx.db, principal, request.params.id);
      await ctx.db.transaction().execute((tx) => updateTicket(tx, request.params.id, request.body, { kind: 'agent', agentId: principal.id }, ctx.clock.now()));
      return ticketDetail(ctx.db, principal, request.params.id, ctx.channels);
    },
  );

  app.put(
    '/tickets/:id/read',
    {
      schema: {
        tags,
        description: 'Marks the ticket read for you: it stops being unread in your lists until the customer writes again. The app calls it when you open a ticket.',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const ticket = await visibleTicket(ctx.db, principal, request.params.id);
      await markRead(ctx.db, principal.id, ticket.id, ctx.clock.now(), ticket.last_customer_message_at);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/tickets/:id/history',
    { schema: { tags, params: IdParams, response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }), ...errors(403, 404) } } },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const ticket = await visibleTicket(ctx.db, principal, request.params.id);
      const rows = await historyOf(ctx.db, ticket.id);
      return {
        items: rows.map((row) => ({
          id: row.id,
          field: row.field,
          before: row.before,
          after: row.after,
          actorKind: row.actor_kind,
          actorAgentId: row.actor_agent_id,
          createdAt: row.created_at.toISOString(),
        })),
      };
    },
  );
};
