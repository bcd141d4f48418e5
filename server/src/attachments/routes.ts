// Downloading attachments: only for those who may see the ticket, with headers that stop the
// browser from running what it downloads.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize, canSeeTicket } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { forbidden, notFound } from '../errors.ts';
import { IdParams, errors } from '../http/schema-kit.ts';

/** Types a browser may show inline; everything else is a download. */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']);

export const attachmentRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/attachments/:id', { schema: { tags: ['tickets'], params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(403, 404) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'tickets.read');
    const attachment = await ctx.db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .innerJoin('messages', 'messages.id', 'attachments.message_id')
      .select(['attachments.filename', 'attachments.content_type', 'attachments.blob_key', 'attachments.size', 'tickets.team_id', 'tickets.assignee_id'])
      .where('attachments.id', '=', request.params.id)
      .executeTakeFirst();
    if (!attachment) throw notFound('attachment_not_found', `There is no attachment ${request.params.id}.`);
    if (!canSeeTicket(principal, attachment)) throw forbidden('This attachment belongs to a ticket you cannot see.');
    const data = await ctx.blobs.get(attachment.blob_key);
    if (!data) throw notFound('attachment_missing', 'The file of this attachment is missing from storage.');
    const inline = inlineTypes.has(attachment.content_type) && request.query !== null && !('download' in (request.query as object));
    const encoded = encodeURIComponent(attachment.filename);
    return reply
      .header('content-type', inline ? attachment.content_type : 'application/octet-stream')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${encoded}"; filename*=UTF-8''${encoded}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .send(Buffer.from(data));
  });
};
