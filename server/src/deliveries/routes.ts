// HTTP for the Failed deliveries view: the replies and acknowledgements whose delivery failed on
// tickets the agent may see, their count for the sidebar, and "send again" on several at once.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize, canSeeTicket, seesAllTickets } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { Id, Limit, Nullable, Strict, StringEnum, Timestamp, errors } from '../http/schema-kit.ts';
import { MessageRecipient } from '../tickets/schemas.ts';
import { presentRecipient } from '../tickets/present.ts';
import { COUNT_CAP } from '../tickets/queries.ts';
import { retryDelivery } from '../outbound/deliver.ts';
import { countFailed, deliveryStates, listFailed, recipientsOfMessages } from './store.ts';

const FailedDelivery = Type.Object({
  messageId: Type.Integer(),
  ticketId: Type.Integer(),
  ticketNumber: Type.Integer(),
  subject: Type.String(),
  customer: Type.Object({ id: Type.Integer(), name: Type.String() }),
  channel: Type.String(),
  kind: StringEnum(['reply', 'acknowledgement'] as const, { description: 'reply: an agent wrote it; acknowledgement: sent automatically on receipt.' }),
  authorAgentId: Nullable(Type.Integer()),
  reason: Nullable(Type.String({ description: 'Why it was not delivered (the relay\'s answer, or a setting to change).' })),
  attempts: Type.Integer(),
  failedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  recipients: Type.Array(MessageRecipient),
}, { title: 'FailedDelivery', description: 'A reply or acknowledgement whose delivery failed.' });

const MAX_RETRY = 100;
const retryResults = ['queued', 'not_failed', 'not_found', 'forbidden'] as const;

const scopeOf = (principal: Principal) => ({ all: seesAllTickets(principal), agentId: principal.id, teamIds: principal.teamIds });

export const deliveryRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['deliveries'];

  app.get(
    '/deliveries/failed',
    {
      schema: {
        tags,
        description: 'Replies and acknowledgements whose delivery failed, on tickets you may see, newest failure first.',
        querystring: Strict({ limit: Type.Optional(Limit(100, 25)), cursor: Type.Optional(Type.String({ maxLength: 300 })) }),
        response: { 200: Type.Object({ items: Type.Array(FailedDelivery), nextCursor: Nullable(Type.String()) }), ...errors(400, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const limit = request.query.limit ?? 25;
      const after = request.query.cursor ? decodeCursor(request.query.cursor, ['timestamp', 'number']) : undefined;
      const rows = await listFailed(ctx.db, scopeOf(principal), limit, after);
      const page = rows.slice(0, limit);
      const recipients = await recipientsOfMessages(ctx.db, page.map((row) => row.id));
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          messageId: row.id,
          ticketId: row.ticket_id,
          ticketNumber: row.ticket_number,
          subject: row.subject,
          customer: { id: row.customer_id, name: row.customer_name },
          channel: row.channel,
          kind: row.author_agent_id === null ? ('acknowledgement' as const) : ('reply' as const),
          authorAgentId: row.author_agent_id,
          reason: row.delivery_error,
          attempts: row.delivery_attempts,
          failedAt: row.delivery_failed_at?.toISOString() ?? null,
          createdAt: row.created_at.toISOString(),
          recipients: recipients.filter((r) => r.message_id === row.id).map(presentRecipient),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.failed_key, last.id]) : null,
      };
    },
  );

  app.get(
    '/deliveries/failed/count',
    {
      schema: {
        tags,
        description: `How many failed deliveries you may see (the sidebar count); stops at ${COUNT_CAP}, then "capped" is true.`,
        response: { 200: Type.Object({ count: Type.Integer({ minimum: 0 }), capped: Type.Boolean() }), ...errors(403) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const found = await countFailed(ctx.db, scopeOf(principal), COUNT_CAP);
      return { count: Math.min(found, COUNT_CAP), capped: found > COUNT_CAP };
    },
  );

  app.post(
    '/deliveries/retry',
    {
      schema: {
        tags,
        description: `Sends failed deliveries again (at most ${MAX_RETRY} at once), each only to the recipients that did not get it. Each id answers for itself: queued, or why not.`,
        body: Strict({ messageIds: Type.Array(Id, { minItems: 1, maxItems: MAX_RETRY, uniqueItems: true }) }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ messageId: Type.Integer(), result: StringEnum(retryResults) })) }),
          ...errors(400, 403),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.reply');
      const ids = request.body.messageIds;
      const states = new Map((await deliveryStates(ctx.db, ids)).map((row) => [row.id, row]));
      const items: Array<{ messageId: number; result: (typeof retryResults)[number] }> = [];
      for (const messageId of ids) {
        const state = states.get(messageId);
        const result = !state ? 'not_found' : !canSeeTicket(principal, state) ? 'forbidden' : (await retryDelivery(ctx, messageId, principal.id)) ? 'queued' : 'not_failed';
        items.push({ messageId, result });
      }
      return { items };
    },
  );
};
