// The widget's HTTP and WebSocket (/api/v1/chat/…): public, answered only to the origins a site
// allows, with the visitor's token (Authorization: Bearer flv_…) reading only its conversations.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/websocket';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { forbidden, refused, throttled, unauthenticated } from '../../errors.ts';
import { HttpError, badRequest } from '../../http/errors.ts';
import { readFieldsAndFiles } from '../../http/multipart.ts';
import { sendDownload } from '../../http/download.ts';
import { Id, Nullable, Strict, errors } from '../../http/schema-kit.ts';
import { customerAttachments, customerMessages } from '../../tickets/verbs.ts';
import { originAllowed, ownOrigin } from '../origins.ts';
import type { ChatHub } from './hub.ts';
import {
  availability,
  chatLimits,
  chatMessageView,
  conversationView,
  createVisitor,
  maxFileBytes,
  openSite,
  presentVisitor,
  publicSite,
  readSend,
  receiveSend,
  updateVisitor,
  visitorOfToken,
  type ChatVisitorRow,
} from './verbs.ts';
import { conversationOfVisitor, conversationsOfVisitor, findSite, siteAllowsOrigin, visitorAttachment } from './store.ts';

const anyone = { public: true, anonymous: true } as const;
const KeyParams = Strict({ key: Type.String({ minLength: 1, maxLength: 80 }) });
/** Reads per client address a minute: far above a widget's, far below a scraper's. */
const reads = { ...anyone, rateLimit: { max: 600, timeWindow: '1 minute' } };

const Visitor = Type.Object({ id: Type.Integer(), name: Nullable(Type.String()), email: Nullable(Type.String()), locale: Nullable(Type.String()) }, { title: 'ChatVisitor' });
const Attachment = Type.Object({ id: Type.Integer(), filename: Type.String(), size: Type.Integer(), contentType: Type.String() });
const ChatMessage = Type.Object(
  {
    id: Type.Integer(),
    conversationId: Type.Integer(),
    conversationKey: Type.String(),
    clientId: Nullable(Type.String()),
    from: Type.Union([Type.Literal('visitor'), Type.Literal('agent'), Type.Literal('system')]),
    author: Nullable(Type.Object({ alias: Type.String(), avatarUrl: Nullable(Type.String()) })),
    text: Type.String(),
    at: Type.String(),
    attachments: Type.Array(Attachment),
  },
  { title: 'ChatMessage' },
);
const Conversation = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    number: Type.Integer(),
    subject: Type.String(),
    status: Type.String(),
    topic: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    lastMessage: Nullable(Type.Object({ text: Type.String(), from: Type.Union([Type.Literal('visitor'), Type.Literal('agent')]) })),
    agentReadId: Type.Integer(),
    visitorReadId: Type.Integer(),
  },
  { title: 'ChatConversation' },
);
const Label = Type.Object({ en: Type.Optional(Type.String()), ru: Type.Optional(Type.String()), ka: Type.Optional(Type.String()) });
const PublicSite = Type.Object(
  {
    site: Type.Object({
      key: Type.String(),
      name: Type.String(),
      color: Type.String(),
      position: Type.Union([Type.Literal('right'), Type.Literal('left')]),
      texts: Type.Record(Type.String(), Type.Object({ greeting: Type.Optional(Type.String()), offline: Type.Optional(Type.String()) })),
      topics: Type.Array(Type.Object({ id: Type.String(), label: Label })),
      askEmail: Type.Union([Type.Literal('never'), Type.Literal('offline'), Type.Literal('always')]),
      maxFileBytes: Type.Integer(),
    }),
    availability: Type.Object({ open: Type.Boolean(), reason: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('nobody_online')]) }),
  },
  { title: 'ChatSitePublic' },
);

/** The visitor the request's token names. */
async function visitorOf(ctx: Context, request: FastifyRequest): Promise<ChatVisitorRow> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) throw unauthenticated('Send the visitor token: Authorization: Bearer flv_….');
  return visitorOfToken(ctx.db, match[1]);
}

/** Answers the page's origin when the site allows it; refuses any other browser origin. */
function allowOrigin(request: FastifyRequest, reply: FastifyReply, allowed: readonly string[]): void {
  const origin = request.headers.origin;
  if (!originAllowed(allowed, origin, ownOrigin(request))) throw forbidden(`This chat does not run on ${origin}; an admin can add it to the site's allowed origins.`);
  if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}

/** The visitor, after checking the request comes from a page their site allows. */
async function allowedVisitor(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<ChatVisitorRow> {
  const visitor = await visitorOf(ctx, request);
  const site = await findSite(ctx.db, visitor.site_id);
  allowOrigin(request, reply, site?.allowed_origins ?? []);
  return visitor;
}

export const chatVisitorRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; hub: ChatHub }> = async (app, { ctx, hub }) => {
  const tags = ['chat widget'];

  // Preflight: a browser asks before it sends the token. Allowed for an origin some active site
  // lists; the request itself is checked against the visitor's own site.
  app.options('/chat/*', { config: anyone, schema: { hide: true } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !(await siteAllowsOrigin(ctx.db, origin))) throw forbidden(`No chat runs on ${origin ?? 'this page'}.`);
    return reply
      .header('access-control-allow-origin', origin)
      .header('vary', 'Origin')
      .header('access-control-allow-methods', 'GET, POST, PATCH')
      .header('access-control-allow-headers', 'authorization, content-type')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  });

  app.get(
    '/chat/sites/:key',
    { config: reads, schema: { tags, description: "Public: the site's look, texts and topics, and whether someone answers now.", params: KeyParams, response: { 200: PublicSite, ...errors(403, 404, 429) } } },
    async (request, reply) => {
      const site = await openSite(ctx.db, request.params.key);
      allowOrigin(request, reply, site.allowed_origins);
      return { site: publicSite(site, ctx), availability: await availability(ctx, site) };
    },
  );

  app.post(
    '/chat/sites/:key/visitors',
    {
      config: { ...anyone, rateLimit: { max: ctx.config.chatVisitorRateLimit, timeWindow: '1 hour' } },
      schema: {
        tags,
        description: 'Public: a new visitor of the site, and its token (shown once). At most CHAT_VISITOR_RATE_LIMIT an hour per client address.',
        params: KeyParams,
        body: Type.Optional(Strict({ locale: Type.Optional(Type.String({ maxLength: 35 })) })),
        response: { 201: Type.Object({ token: Type.String(), visitor: Visitor }), ...errors(400, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const site = await openSite(ctx.db, request.params.key);
      allowOrigin(request, reply, site.allowed_origins);
      const { token, visitor } = await createVisitor(ctx.db, site, request.body?.locale, ctx.clock.now());
      return reply.code(201).send({ token, visitor: presentVisitor(visitor) });
    },
  );

  app.get('/chat/visitor', { config: reads, schema: { tags, response: { 200: Visitor, ...errors(401, 403, 429) } } }, async (request, reply) => presentVisitor(await allowedVisitor(ctx, request, reply)));

  app.patch(
    '/chat/visitor',
    {
      config: reads,
      schema: {
        tags,
        description: 'What the visitor says of themselves: with an email address, answers they miss go there.',
        body: Strict({ name: Type.Optional(Type.String({ maxLength: chatLimits.name })), email: Type.Optional(Type.String({ maxLength: chatLimits.email })), locale: Type.Optional(Type.String({ maxLength: 35 })) }),
        response: { 200: Visitor, ...errors(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const visitor = await allowedVisitor(ctx, request, reply);
      return presentVisitor(await ctx.db.transaction().execute((tx) => updateVisitor(tx, visitor, request.body, ctx.clock.now())));
    },
  );

  app.get('/chat/conversations', { config: reads, schema: { tags, response: { 200: Type.Object({ conversations: Type.Array(Conversation) }), ...errors(401, 403, 429) } } }, async (request, reply) => {
    const visitor = await allowedVisitor(ctx, request, reply);
    return { conversations: (await conversationsOfVisitor(ctx.db, visitor.id, 50)).map(conversationView) };
  });

  app.get(
    '/chat/conversations/:id/messages',
    {
      config: reads,
      schema: {
        tags,
        description: 'The public messages after a message id (the cursor), oldest first.',
        params: Strict({ id: Id }),
        querystring: Strict({ after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: Type.Object({ messages: Type.Array(ChatMessage), hasMore: Type.Boolean() }), ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const visitor = await allowedVisitor(ctx, request, reply);
      const conversation = await conversationOfVisitor(ctx.db, visitor.id, request.params.id);
      if (!conversation) throw new HttpError(404, 'conversation_not_found', 'There is no such conversation of yours.');
      const limit = request.query.limit ?? 100;
      const rows = await customerMessages(ctx.db, conversation.ticket_id, { after: request.query.after ?? 0, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const files = await customerAttachments(ctx.db, page.map((row) => row.id));
      return { messages: page.map((row) => chatMessageView(row, conversation.conversation_key, files)), hasMore: rows.length > limit };
    },
  );

  app.post(
    '/chat/messages',
    {
      config: anyone,
      schema: {
        tags,
        description:
          'A visitor\'s message, as JSON or multipart (the same fields, and files). Stored before it is answered; the same clientId again is a duplicate, stored once. ' +
          'At most CHAT_MESSAGE_RATE_LIMIT a minute per visitor and CHAT_IP_RATE_LIMIT per client address (the WebSocket\'s sends count too).',
        response: { 202: Type.Object({ clientId: Type.String(), duplicate: Type.Boolean() }, { title: 'ChatSendReceived' }), ...errors(400, 401, 403, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const visitor = await allowedVisitor(ctx, request, reply);
      const { fields, files } = await readFieldsAndFiles(request, ['clientId', 'conversationKey', 'conversationId', 'text', 'topic'], chatLimits.files);
      const limit = maxFileBytes(ctx);
      const large = files.find((file) => file.data.byteLength > limit);
      if (large) throw refused('file_too_large', `The file ${large.filename} is over the ${Math.floor(limit / 1024 / 1024)} MB a chat file may be.`);
      const send = readSend(fields, files.length > 0);
      if ('code' in send) throw badRequest(send.code, send.message);
      if (!hub.mayTake(visitor.id, request.ip)) throw throttled('rate_limited', 'Too many messages at once; wait a moment and send again.', 60);
      const { duplicate } = await receiveSend(ctx.db, visitor, send, files, request.ip);
      return reply.code(202).send({ clientId: send.clientId, duplicate });
    },
  );

  app.get(
    '/chat/attachments/:id',
    { config: reads, schema: { tags, params: Strict({ id: Id }), produces: ['application/octet-stream'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(401, 403, 404, 429) } } },
    async (request, reply) => {
      const visitor = await allowedVisitor(ctx, request, reply);
      const file = await visitorAttachment(ctx.db, visitor.id, request.params.id);
      const data = file && (await ctx.blobs.get(file.blob_key));
      if (!file || !data) throw new HttpError(404, 'attachment_not_found', 'There is no such file in your conversations.');
      return sendDownload(reply, file, data);
    },
  );

  app.get('/chat/live', { websocket: true, config: anyone, schema: { hide: true } }, (socket, request) => {
    hub.attach(socket, request.headers.origin, ownOrigin(request), request.ip);
  });
};
