// HTTP for the outbound pipeline: an agent sends a reply whose delivery failed once more.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize, canSeeTicket } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import { IdParams, Nullable, StringEnum, Timestamp, errors } from '../http/schema-kit.ts';
import { MessageRecipient } from '../tickets/schemas.ts';
import { presentRecipient } from '../tickets/present.ts';
import { retryDelivery } from './deliver.ts';
import { findDeliveryState, recipientsOfMessage } from './store.ts';

const MessageDelivery = Type.Object({
  id: Type.Integer(),
  ticketId: Type.Integer(),
  channel: Type.String(),
  deliveryStatus: StringEnum(['queued', 'sent', 'delivered', 'failed'] as const),
  deliveryError: Nullable(Type.String()),
  deliveryAttempts: Type.Integer(),
  sentAt: Nullable(Timestamp),
  recipients: Type.Array(MessageRecipient),
}, { title: 'MessageDelivery', description: 'How the delivery of one outbound message stands.' });

export const outboundRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    '/messages/:id/retry',
    { schema: { tags: ['tickets'], params: IdParams, response: { 200: MessageDelivery, ...errors(403, 404, 409) } } },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.reply');
      const state = await findDeliveryState(ctx.db, request.params.id);
      if (!state) throw notFound('message_not_found', `There is no message ${request.params.id}.`);
      if (!canSeeTicket(principal, state)) throw forbidden('This message belongs to a ticket you cannot see.');
      const row = await retryDelivery(ctx, state.id, principal.id);
      if (!row) {
        const status = (await findDeliveryState(ctx.db, state.id))?.delivery_status ?? null;
        throw conflict(
          'message_not_failed',
          status ? `Message ${state.id} is ${status}; only a failed delivery can be retried.` : `Message ${state.id} is not delivered through a channel.`,
          { deliveryStatus: status },
        );
      }
      return {
        id: row.id,
        ticketId: row.ticket_id,
        channel: row.channel,
        deliveryStatus: 'queued' as const,
        deliveryError: row.delivery_error,
        deliveryAttempts: row.delivery_attempts,
        sentAt: row.sent_at?.toISOString() ?? null,
        recipients: (await recipientsOfMessage(ctx.db, row.id)).map(presentRecipient),
      };
    },
  );
};
