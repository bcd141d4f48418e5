// HTTP for a received message's raw source (the .eml of an email), for whoever may see its ticket.
// The bytes are the inbox's; the message and who may see it are the tickets feature's.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { notFound } from '../errors.ts';
import { IdParams, errors } from '../http/schema-kit.ts';
import { findMessage } from '../tickets/verbs.ts';
import { visibleTicket } from '../tickets/queries.ts';
import { findInboundRaw } from './store.ts';

export const messageSourceRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    '/messages/:id/source',
    { schema: { tags: ['tickets'], params: IdParams, produces: ['message/rfc822'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(403, 404) } } },
    async (request, reply) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const message = await findMessage(ctx.db, request.params.id);
      if (!message) throw notFound('message_not_found', `There is no message ${request.params.id}.`);
      await visibleTicket(ctx.db, principal, message.ticket_id);
      const item = message.inbound_item_id === null ? undefined : await findInboundRaw(ctx.db, message.inbound_item_id);
      if (!item) throw notFound('source_not_found', `Message ${message.id} was not received from outside, so it has no raw source.`);
      const email = item.channel === 'email';
      return reply
        .header('content-type', email ? 'message/rfc822' : 'application/octet-stream')
        .header('content-disposition', `attachment; filename="message-${message.id}.${email ? 'eml' : 'raw'}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(item.raw));
    },
  );
};
