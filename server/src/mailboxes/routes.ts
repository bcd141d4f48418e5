// HTTP for mailboxes: admins list, add and change the addresses Frontline receives and sends mail for.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { notFound } from '../errors.ts';
import { Email, Id, IdParams, Nullable, Strict, StringEnum, Timestamp, errors, Name } from '../http/schema-kit.ts';
import { findMailbox, listMailboxes } from './store.ts';
import { createMailbox, presentMailbox, updateMailbox } from './verbs.ts';

const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Host = Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9.:\\[\\]_-]+$', description: 'A host name or IP address.' });
const Secret = Type.String({ maxLength: 1000, description: 'Write-only: stored encrypted, never returned.' });
const Folder = Type.String({ minLength: 1, maxLength: 200 });
const security = ['none', 'starttls', 'tls'] as const;
const AcknowledgementText = Type.String({ maxLength: 5000 });

const ImapInput = Strict({
  host: Host,
  port: Type.Optional(Port),
  tls: Type.Optional(Type.Boolean({ description: 'Implicit TLS (port 993); false means STARTTLS when offered (port 143).' })),
  user: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.Optional(Secret),
  folder: Type.Optional(Folder),
  after: Type.Optional(StringEnum(['seen', 'move'] as const, { description: 'What to do with a message once stored: flag it \\Seen, or move it to moveTo.' })),
  moveTo: Type.Optional(Nullable(Folder)),
});
const SmtpInput = Strict({
  host: Host,
  port: Type.Optional(Port),
  security: Type.Optional(StringEnum(security)),
  user: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
  password: Type.Optional(Secret),
});

const fields = {
  address: Email,
  name: Name({ minLength: 1, description: 'Shown after the agent\'s alias in the From of replies, e.g. "Acme Support".' }),
  teamId: Type.Optional(Nullable(Id)),
  inbound: Type.Optional(StringEnum(['smtp', 'imap'] as const, { description: 'smtp: mail is delivered to the built-in receiver; imap: Frontline polls the IMAP account.' })),
  imap: Type.Optional(Nullable(ImapInput)),
  smtp: Type.Optional(Nullable(SmtpInput)),
  acknowledge: Type.Optional(
    Type.Boolean({ description: 'Send an acknowledgement of receipt for new tickets. Needs the outgoing relay ("smtp"): on without one answers 422 acknowledgement_needs_relay. A new mailbox defaults to on with a relay, off without.' }),
  ),
  acknowledgementTexts: Type.Optional(
    Strict(
      { en: Type.Optional(Nullable(AcknowledgementText)), ru: Type.Optional(Nullable(AcknowledgementText)), ka: Type.Optional(Nullable(AcknowledgementText)) },
      { description: 'The mailbox\'s own acknowledgement per language, with {{number}}, {{subject}} and {{mailbox}}; null or empty returns to the built-in text, an absent language keeps what is stored.' },
    ),
  ),
  active: Type.Optional(Type.Boolean()),
};
const MailboxBody = Strict(fields);
const MailboxPatch = Strict({ ...fields, address: Type.Optional(Email), name: Type.Optional(fields.name) });

const Mailbox = Type.Object({
  id: Type.Integer(),
  address: Type.String(),
  name: Type.String(),
  teamId: Nullable(Type.Integer()),
  inbound: StringEnum(['smtp', 'imap'] as const),
  imap: Nullable(
    Type.Object({
      host: Type.String(),
      port: Type.Integer(),
      tls: Type.Boolean(),
      user: Type.String(),
      hasPassword: Type.Boolean(),
      folder: Type.String(),
      after: StringEnum(['seen', 'move'] as const),
      moveTo: Nullable(Type.String()),
      lastUid: Type.Integer(),
      polledAt: Nullable(Timestamp),
      error: Nullable(Type.String()),
    }),
  ),
  smtp: Nullable(Type.Object({ host: Type.String(), port: Type.Integer(), security: StringEnum(security), user: Nullable(Type.String()), hasPassword: Type.Boolean() })),
  acknowledge: Type.Boolean(),
  acknowledgementTexts: Type.Object({ en: Nullable(Type.String()), ru: Nullable(Type.String()), ka: Nullable(Type.String()) }),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}, { title: 'Mailbox' });

export const mailboxRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['mailboxes'];

  app.get('/mailboxes', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Mailbox) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'mailboxes.manage');
    return { items: (await listMailboxes(ctx.db)).map(presentMailbox) };
  });

  app.get('/mailboxes/:id', { schema: { tags, params: IdParams, response: { 200: Mailbox, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'mailboxes.manage');
    const row = await findMailbox(ctx.db, request.params.id);
    if (!row) throw notFound('mailbox_not_found', `There is no mailbox ${request.params.id}.`);
    return presentMailbox(row);
  });

  app.post('/mailboxes', { schema: { tags, body: MailboxBody, response: { 201: Mailbox, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'mailboxes.manage');
    const view = await ctx.db.transaction().execute((tx) => createMailbox(tx, ctx.secrets, request.body, principal.id, ctx.clock.now()));
    return reply.code(201).send(view);
  });

  app.patch('/mailboxes/:id', { schema: { tags, params: IdParams, body: MailboxPatch, response: { 200: Mailbox, ...errors(400, 403, 404, 409, 422) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'mailboxes.manage');
    return ctx.db.transaction().execute((tx) => updateMailbox(tx, ctx.secrets, request.params.id, request.body, principal.id, ctx.clock.now()));
  });
};
