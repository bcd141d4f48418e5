// HTTP for the raw inbox's admin screen: what came in and how processing went, the bytes exactly
// as received (to see why an item failed), and another attempt once the cause is fixed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { conflict, notFound } from '../errors.ts';
import { IdParams, Nullable, Strict, StringEnum, Timestamp, errors, Limit } from '../http/schema-kit.ts';
import { retryInboundItem } from './process.ts';
import { ticketNumbers } from '../tickets/verbs.ts';
import { countInboundByStatus, findInboundItem, findInboundRaw, listInboundItems, type InboundItemSummary } from './store.ts';

const inboundStatuses = ['pending', 'processed', 'failed', 'held'] as const;

const InboundItem = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  dedupeKey: Type.String(),
  status: StringEnum(inboundStatuses, { description: 'held: stopped (by the per-sender limit, as too large, or because processing it never finished after 5 attempts) until someone lets it through with retry.' }),
  sender: Nullable(Type.String({ description: 'Who sent it (an email address, a chat id).' })),
  outcome: Nullable(Type.String({ description: 'What processing made of it: ticket, reply, bounce, duplicate, …' })),
  error: Nullable(Type.String({ description: 'Why the last attempt failed.' })),
  attempts: Type.Integer(),
  size: Type.Integer({ description: 'Bytes of the raw item; download them from /admin/inbox/{id}/raw.' }),
  meta: Type.Object({}, { additionalProperties: true }),
  ticketId: Nullable(Type.Integer()),
  ticketNumber: Nullable(Type.Integer({ description: 'The number of that ticket, as agents call it (#1010).' })),
  messageId: Nullable(Type.Integer()),
  receivedAt: Timestamp,
  processedAt: Nullable(Timestamp),
}, { title: 'InboundItem', description: 'One item of the raw inbox: an email (or chat update) as received, and how processing went.' });

const InboxQuery = Strict({
  status: Type.Optional(StringEnum(inboundStatuses)),
  channel: Type.Optional(Type.String({ maxLength: 50 })),
  limit: Type.Optional(Limit(200, 50)),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const presentItem = (row: InboundItemSummary, ticketNumber: number | undefined): Static<typeof InboundItem> => ({
  id: row.id,
  channel: row.channel,
  dedupeKey: row.dedupe_key,
  status: row.status,
  sender: row.sender,
  outcome: row.outcome,
  error: row.error,
  attempts: row.attempts,
  size: row.size,
  meta: row.meta,
  ticketId: row.ticket_id,
  ticketNumber: ticketNumber ?? null,
  messageId: row.message_id,
  receivedAt: row.received_at.toISOString(),
  processedAt: row.processed_at?.toISOString() ?? null,
});

export const inboxRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const present = async (rows: InboundItemSummary[]) => {
    const numbers = await ticketNumbers(ctx.db, rows.flatMap((row) => (row.ticket_id === null ? [] : [row.ticket_id])));
    return rows.map((row) => presentItem(row, row.ticket_id === null ? undefined : numbers.get(row.ticket_id)));
  };
  const tags = ['admin'];
  const missing = (id: number) => notFound('inbound_item_not_found', `There is no inbound item ${id}.`);

  app.get(
    '/admin/inbox',
    { schema: { tags, querystring: InboxQuery, response: { 200: Type.Object({ items: Type.Array(InboundItem), nextCursor: Nullable(Type.String()) }), ...errors(400, 403) } } },
    async (request) => {
      authorize(principalOf(request), 'inbox.manage');
      const limit = request.query.limit ?? 50;
      const beforeId = request.query.cursor ? decodeCursor(request.query.cursor, ['number'])[0] : undefined;
      const rows = await listInboundItems(ctx.db, { status: request.query.status, channel: request.query.channel, limit: limit + 1, beforeId });
      const page = rows.slice(0, limit);
      return { items: await present(page), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null };
    },
  );

  app.get(
    '/admin/inbox/counts',
    {
      schema: {
        tags,
        querystring: Strict({ channel: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: { 200: Type.Object({ pending: Type.Integer(), processed: Type.Integer(), failed: Type.Integer(), held: Type.Integer() }), ...errors(400, 403) },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'inbox.manage');
      return countInboundByStatus(ctx.db, request.query.channel);
    },
  );

  app.get('/admin/inbox/:id', { schema: { tags, params: IdParams, response: { 200: InboundItem, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'inbox.manage');
    const row = await findInboundItem(ctx.db, request.params.id);
    if (!row) throw missing(request.params.id);
    return (await present([row]))[0]!;
  });

  app.get(
    '/admin/inbox/:id/raw',
    { schema: { tags, params: IdParams, produces: ['application/octet-stream'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(403, 404) } } },
    async (request, reply) => {
      authorize(principalOf(request), 'inbox.manage');
      const row = await findInboundRaw(ctx.db, request.params.id);
      if (!row) throw missing(request.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="inbound-${row.id}.${row.channel.replace(/[^\w-]/g, '_')}.raw"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(row.raw));
    },
  );

  app.post('/admin/inbox/:id/retry', { schema: { tags, params: IdParams, response: { 200: InboundItem, ...errors(403, 404, 409) } } }, async (request) => {
    authorize(principalOf(request), 'inbox.manage');
    const row = await retryInboundItem(ctx, request.params.id);
    if (row) {
      request.log.info({ itemId: row.id, by: request.principal?.id }, 'inbound item retried');
      return (await present([row]))[0]!;
    }
    const existing = await findInboundItem(ctx.db, request.params.id);
    if (!existing) throw missing(request.params.id);
    throw conflict('inbound_item_processed', `Inbound item ${existing.id} was processed already (ticket ${existing.ticket_id}); it is not processed twice.`, { ticketId: existing.ticket_id });
  });
};
