// HTTP for adding a public reply or an internal note to a ticket, as JSON or as multipart with files.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Static } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize, can } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { forbidden, notFound, refused } from '../errors.ts';
import { badRequest } from '../http/errors.ts';
import { readParts } from '../http/multipart.ts';
import { idempotent } from '../http/idempotency.ts';
import { IdParams, errors } from '../http/schema-kit.ts';
import { assertStorableText } from '../http/input-guard.ts';
import { storeAttachments, type IncomingFile } from '../attachments/verbs.ts';
import { Message, MessageCreateBody } from './schemas.ts';
import { presentMessage } from './present.ts';
import { lockVisibleTicket, messageView, visibleTicket } from './queries.ts';
import { addMessage } from './verbs.ts';
import { replyRouteOf } from '../deliveries/reply-target.ts';

const checkBody = TypeCompiler.Compile(MessageCreateBody);
const checkParams = TypeCompiler.Compile(IdParams);
type Body = Static<typeof MessageCreateBody>;

export const messageRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    '/tickets/:id/messages',
    {
      schema: {
        tags: ['tickets'],
        description:
          'Adds a public reply (sent to the customer on the ticket\'s channel, or by email when that channel cannot send: see replyTarget on the ticket) or, with "internal": true, an internal note. ' +
          'A public reply that nothing can reach (no adapter on the channel and no email address) answers 422 reply_unreachable. ' +
          'Send JSON, or multipart/form-data with the same fields plus files to attach. Send an Idempotency-Key header to make retries safe.',
        params: IdParams,
        body: MessageCreateBody,
        response: { 201: Message, ...errors(400, 403, 404, 409, 413, 422) },
      },
      // Multipart bodies are read in the handler (files stream there); JSON is checked against the schema here.
      validatorCompiler: ({ httpPart }) => {
        if (httpPart === 'params') {
          return (data) => {
            const raw = (data as { id?: unknown }).id;
            const value = { id: typeof raw === 'string' && /^[0-9]{1,16}$/.test(raw) ? Number(raw) : raw };
            return checkParams.Check(value) ? { value } : { error: new Error('params.id must be a whole number from 1 up') };
          };
        }
        if (httpPart !== 'body') return () => true;
        return (data) => (data == null || checkBody.Check(data) ? { value: data } : { error: new Error(describeErrors(data)) });
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!request.isMultipart() && request.body == null) throw badRequest('invalid_request', 'body must be a JSON object with "body" or "html".');
      const { body, files } = request.isMultipart() ? await readMultipart(request) : { body: request.body, files: [] };
      if (!body.body && !body.html) throw refused('empty_message', 'The message needs a "body" (text) or "html".');
      const internal = body.internal ?? false;
      authorize(principal, internal ? 'tickets.note' : 'tickets.reply');
      if (!internal && !can(principal, 'tickets.reply')) throw forbidden();
      const answer = await idempotent(ctx.db, request, principal, async (tx) => {
        const ticket = await lockVisibleTicket(tx, principal, request.params.id);
        // A public reply goes where the reply rule says (by email for a phone, web or API ticket), or is refused when nothing can reach the customer.
        const route = internal ? null : await replyRouteOf(tx, ticket, ctx.channels);
        if (route && !route.target) throw refused('reply_unreachable', route.issue!.message, { reason: route.issue!.code });
        const added = await addMessage(
          tx,
          ticket,
          { bodyText: body.body, bodyHtml: body.html, internal, direction: 'outbound', authorAgentId: principal.id, ...(route?.target && { channel: route.target.channel }) },
          { kind: 'agent', agentId: principal.id },
          ctx.clock.now(),
        );
        const attachments = await storeAttachments(tx, ctx.blobs, { messageId: added.message.id, ticketId: added.ticket.id }, files);
        return { status: 201, body: presentMessage(added.message, attachments) };
      });
      return reply.code(answer.status as 201).send(answer.body);
    },
  );

  app.get(
    '/messages/:id',
    {
      schema: {
        tags: ['tickets'],
        description: 'One message of a ticket you may see, as the ticket shows it in its conversation (for a live message.created: fetch the message, not the whole ticket).',
        params: IdParams,
        response: { 200: Message, ...errors(403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'tickets.read');
      const message = await messageView(ctx.db, request.params.id);
      if (!message) throw notFound('message_not_found', `There is no message ${request.params.id}.`);
      await visibleTicket(ctx.db, principal, message.ticketId);
      return message;
    },
  );
};

async function readMultipart(request: FastifyRequest): Promise<{ body: Body; files: IncomingFile[] }> {
  const { fields: parts, files } = await readParts(request);
  const fields: Record<string, unknown> = { ...parts };
  if ('internal' in parts) fields.internal = parts.internal === 'true' || parts.internal === '1';
  assertStorableText(fields, 'body');
  if (!checkBody.Check(fields)) throw badRequest('invalid_request', describeErrors(fields));
  return { body: fields, files };
}

function describeErrors(data: unknown): string {
  const messages = [...checkBody.Errors(data)].slice(0, 5).map((error) => `body${error.path.replace(/\//g, '.')} ${error.message.toLowerCase()}`);
  return messages.join('; ') || 'body is invalid';
}
