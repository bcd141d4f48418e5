// HTTP for the customer portal under /portal: sign-in by a one-time link, then the customer's own
// tickets. Customers hold a session cookie of their own (frontline_portal), never an agent's; a
// change needs the session's X-CSRF-Token and comes from this site (Origin) only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { forbidden, refused, unauthenticated } from '../errors.ts';
import { badRequest, HttpError } from '../http/errors.ts';
import { safeEqual } from '../auth/secrets.ts';
import { secureCookie } from '../http/transport-security.ts';
import { readFieldsAndFiles } from '../http/multipart.ts';
import { sendDownload } from '../http/download.ts';
import { assertStorableText } from '../http/input-guard.ts';
import { Nullable, Strict, Timestamp, errors, Id } from '../http/schema-kit.ts';
import { storeAttachments } from '../attachments/verbs.ts';
import { addMessage, createTicket, customerAttachment, customerPreview, customerAttachments, customerMessages, customerTicket, customerTickets, lockTicket, type CustomerTicketRow } from '../tickets/verbs.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { PORTAL_CHANNEL, PortalMailError, emailsOf, portalBase, portalCustomer, redeemLink, requestLink, signOut, ticketNotFound, type PortalCustomer } from './verbs.ts';

export const PORTAL_COOKIE = 'frontline_portal';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a customer may attach to one message. */
const MAX_FILES = 10;
const limits = { subject: 200, body: 20_000 } as const;

declare module 'fastify' {
  interface FastifyRequest {
    portal: PortalCustomer | null;
  }
}

const Locale = Type.Union([Type.Literal('en'), Type.Literal('ru'), Type.Literal('ka')]);
const SignInBody = Strict({ email: Type.String({ maxLength: 320 }), locale: Type.Optional(Locale) });
const RedeemBody = Strict({ token: Type.String({ maxLength: 200 }) });
const NumberParams = Strict({ number: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const ListQuery = Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) });

const PortalTicket = Type.Object(
  { number: Type.Integer(), subject: Type.String(), status: Type.String(), channel: Type.String(), createdAt: Timestamp, updatedAt: Timestamp, lastMessagePreview: Type.String() },
  { title: 'PortalTicket' },
);
const PortalAttachment = Type.Object({ id: Type.Integer(), filename: Type.String(), contentType: Type.String(), size: Type.Integer(), url: Type.String() }, { title: 'PortalAttachment' });
const PortalMessage = Type.Object(
  {
    id: Type.Integer(),
    from: Type.Union([Type.Literal('customer'), Type.Literal('agent')]),
    /** The agent's alias, as customers see it. */
    author: Nullable(Type.String()),
    avatarUrl: Nullable(Type.String()),
    bodyText: Type.String(),
    bodyHtml: Nullable(Type.String()),
    channel: Type.String(),
    createdAt: Timestamp,
    /** For the agents' replies: whether it reached the customer's channel yet. */
    pending: Type.Boolean(),
    attachments: Type.Array(PortalAttachment),
  },
  { title: 'PortalMessage' },
);
const PortalTicketDetail = Type.Composite([PortalTicket, Type.Object({ messages: Type.Array(PortalMessage) })], { title: 'PortalTicketDetail' });
const PortalMe = Type.Object({ name: Type.String(), emails: Type.Array(Type.String()), language: Nullable(Type.String()), csrfToken: Type.String() }, { title: 'PortalMe' });
const Created = Type.Object({ number: Type.Integer(), messageId: Type.Integer() }, { title: 'PortalCreated' });

const presentTicket = (row: Omit<CustomerTicketRow, 'id'>) => ({
  number: row.number,
  subject: row.subject,
  status: row.status,
  channel: row.channel,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  lastMessagePreview: customerPreview(row),
});

const customerOf = (request: FastifyRequest): PortalCustomer => {
  if (!request.portal) throw unauthenticated('Sign in to the portal first: ask for a sign-in link.');
  return request.portal;
};

export const portalRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['portal'];
  const anyone = { public: true, anonymous: true } as const;
  app.decorateRequest('portal', null);

  // The portal's own session and its checks; agents' sessions and tokens mean nothing here.
  app.addHook('onRequest', async (request) => {
    request.portal = (await portalCustomer(ctx.db, request.cookies[PORTAL_COOKIE], ctx.clock.now())) ?? null;
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin && origin !== `${request.protocol}://${request.host}` && origin !== new URL(portalBase(ctx)).origin) throw forbidden(`Requests from ${origin} are not allowed.`);
    // Asking for a link and using one act on no session: they need none of its token.
    const signingIn = request.routeOptions.url === '/api/v1/portal/sign-in' || request.routeOptions.url === '/api/v1/portal/sessions';
    if (request.portal && !signingIn) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, request.portal.csrfToken)) throw forbidden('This change needs the X-CSRF-Token header (GET /api/v1/portal/me returns it).');
    }
  });

  app.post(
    '/portal/sign-in',
    {
      config: { ...anyone, rateLimit: { max: ctx.config.portalRateLimit, timeWindow: '1 hour' } },
      schema: {
        tags,
        description: 'Mails a one-time sign-in link (valid 20 minutes) to the address, whoever has it: the answer is the same for every address. At most 3 links per address in 15 minutes.',
        body: SignInBody,
        response: { 202: Type.Object({ sent: Type.Literal(true) }), ...errors(400, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      try {
        await requestLink(ctx, { email: request.body.email, locale: request.body.locale ?? 'en', ip: request.ip });
      } catch (error) {
        if (error instanceof PortalMailError) throw new HttpError(503, 'mail_unavailable', 'The sign-in link could not be sent just now. Please try again in a few minutes.');
        throw error;
      }
      return reply.code(202).send({ sent: true });
    },
  );

  app.post(
    '/portal/sessions',
    { config: { ...anyone, rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { tags, description: 'Uses a sign-in link\'s token (once) and starts a portal session (cookie).', body: RedeemBody, response: { 200: PortalMe, ...errors(400, 401, 429) } } },
    async (request, reply) => {
      const session = await redeemLink(ctx, request.body.token);
      void reply.setCookie(PORTAL_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie(ctx.config, request), expires: session.expiresAt });
      const customer = (await portalCustomer(ctx.db, session.token, ctx.clock.now()))!;
      return { name: customer.name, emails: await emailsOf(ctx.db, customer.customerId), language: customer.language, csrfToken: session.csrfToken };
    },
  );

  app.get('/portal/me', { config: anyone, schema: { tags, response: { 200: PortalMe, ...errors(401) } } }, async (request) => {
    const customer = customerOf(request);
    return { name: customer.name, emails: await emailsOf(ctx.db, customer.customerId), language: customer.language, csrfToken: customer.csrfToken };
  });

  app.delete('/portal/session', { config: anyone, schema: { tags, response: { 204: Type.Null(), ...errors(401, 403) } } }, async (request, reply) => {
    await signOut(ctx.db, customerOf(request));
    void reply.clearCookie(PORTAL_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get(
    '/portal/tickets',
    { config: anyone, schema: { tags, description: 'Your requests on every channel, most recently changed first.', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(PortalTicket), nextCursor: Nullable(Type.String()) }), ...errors(400, 401) } } },
    async (request) => {
      const customer = customerOf(request);
      const limit = request.query.limit ?? 25;
      const rows = await customerTickets(ctx.db, customer.customerId, { limit: limit + 1, after: request.query.cursor ? decodeCursor(request.query.cursor) : undefined });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(presentTicket), nextCursor: rows.length > limit && last ? encodeCursor({ updatedAt: last.updated_at, id: last.id }) : null };
    },
  );

  app.get('/portal/tickets/:number', { config: anyone, schema: { tags, params: NumberParams, response: { 200: PortalTicketDetail, ...errors(400, 401, 404) } } }, async (request) => {
    const customer = customerOf(request);
    const ticket = await customerTicket(ctx.db, customer.customerId, request.params.number);
    if (!ticket) throw ticketNotFound(request.params.number);
    const messages = await customerMessages(ctx.db, ticket.id);
    const files = await customerAttachments(ctx.db, messages.map((message) => message.id));
    return {
      ...presentTicket(ticket),
      messages: messages.map((message) => ({
        id: message.id,
        from: message.direction === 'inbound' ? ('customer' as const) : ('agent' as const),
        author: message.direction === 'inbound' ? null : message.agent_alias,
        avatarUrl: message.direction === 'inbound' ? null : message.agent_avatar_url,
        bodyText: message.body_text,
        bodyHtml: message.body_html,
        channel: message.channel,
        createdAt: message.created_at.toISOString(),
        pending: message.delivery_status === 'queued',
        attachments: files
          .filter((file) => file.message_id === message.id)
          .map((file) => ({ id: file.id, filename: file.filename, contentType: file.content_type, size: file.size, url: `/api/v1/portal/attachments/${file.id}` })),
      })),
    };
  });

  app.post(
    '/portal/tickets',
    {
      config: anyone,
      schema: {
        tags,
        description: 'Opens a request: JSON {"subject", "body"} (≤ 200 and ≤ 20,000 characters), or multipart/form-data with the same fields and up to 10 files.',
        response: { 201: Created, ...errors(400, 401, 403, 413, 422) },
      },
    },
    async (request, reply) => {
      const customer = customerOf(request);
      const { fields, files } = await readFieldsAndFiles(request, ['subject', 'body'], MAX_FILES);
      const subject = text(fields.subject, 'subject', limits.subject);
      const body = text(fields.body, 'body', limits.body);
      if (!subject) throw refused('subject_required', 'Say in a few words what it is about (the subject).', { field: 'subject' });
      if (!body) throw refused('body_required', 'Write your message.', { field: 'body' });
      const created = await ctx.db.transaction().execute(async (tx) => {
        const now = ctx.clock.now();
        const { ticket, message } = await createTicket(
          tx,
          { subject, customerId: customer.customerId, channel: PORTAL_CHANNEL, message: { direction: 'inbound', bodyText: body, authorCustomerId: customer.customerId, channel: PORTAL_CHANNEL } },
          { kind: 'customer', customerId: customer.customerId },
          now,
        );
        await storeAttachments(tx, ctx.blobs, { messageId: message.id, ticketId: ticket.id }, files);
        return { number: ticket.number, messageId: message.id };
      });
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/portal/tickets/:number/messages',
    {
      config: anyone,
      schema: {
        tags,
        description: 'Answers one of your requests: JSON {"body"} (≤ 20,000 characters), or multipart/form-data with body and up to 10 files. An answer to a closed request opens a new one linked to it (its number is in the answer).',
        params: NumberParams,
        response: { 201: Created, ...errors(400, 401, 403, 404, 413, 422) },
      },
    },
    async (request, reply) => {
      const customer = customerOf(request);
      const { fields, files } = await readFieldsAndFiles(request, ['body'], MAX_FILES);
      const body = text(fields.body, 'body', limits.body);
      if (!body) throw refused('body_required', 'Write your message.', { field: 'body' });
      const added = await ctx.db.transaction().execute(async (tx) => {
        const own = await customerTicket(tx, customer.customerId, request.params.number);
        if (!own) throw ticketNotFound(request.params.number);
        const ticket = await lockTicket(tx, own.id);
        if (!ticket) throw ticketNotFound(request.params.number);
        const result = await addMessage(tx, ticket, { direction: 'inbound', bodyText: body, authorCustomerId: customer.customerId, channel: PORTAL_CHANNEL }, { kind: 'customer', customerId: customer.customerId }, ctx.clock.now());
        await storeAttachments(tx, ctx.blobs, { messageId: result.message.id, ticketId: result.ticket.id }, files);
        return { number: result.ticket.number, messageId: result.message.id };
      });
      return reply.code(201).send(added);
    },
  );

  app.get(
    '/portal/attachments/:id',
    { config: anyone, schema: { tags, params: Strict({ id: Id }), produces: ['application/octet-stream'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(401, 404) } } },
    async (request, reply) => {
      const customer = customerOf(request);
      const file = await customerAttachment(ctx.db, customer.customerId, request.params.id);
      const data = file && (await ctx.blobs.get(file.blob_key));
      if (!file || !data) throw new HttpError(404, 'attachment_not_found', 'There is no such file on your requests.');
      return sendDownload(reply, file, data);
    },
  );
};

/** A text field, trimmed, within its length; anything but text is refused. */
function text(value: unknown, field: string, max: number): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw badRequest('invalid_request', `${field} must be text.`);
  assertStorableText(value, field);
  if (value.length > max) throw badRequest('invalid_request', `${field} is longer than ${max} characters.`);
  return value.trim();
}

