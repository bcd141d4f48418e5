// HTTP for chat sites: admins set up the sites that embed the widget (/chat-sites).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { authorize } from '../../auth/policy.ts';
import { principalOf } from '../../http/auth-hook.ts';
import { notFound } from '../../errors.ts';
import { Id, IdParams, Name, Nullable, Strict, Timestamp, errors } from '../../http/schema-kit.ts';
import { MAX_ALLOWED_ORIGINS, MAX_TOPICS, createSite, deleteSite, findSite, listSites, presentSite, updateSite } from './verbs.ts';
import { MAX_RANGES_PER_DAY, weekdays } from './hours.ts';

const Line = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const SiteText = Strict({ greeting: Line(500), offline: Line(1000) });
export const ChatTexts = Strict(
  { en: Type.Optional(SiteText), ru: Type.Optional(SiteText), ka: Type.Optional(SiteText) },
  { description: "The widget's greeting and its words when nobody answers, per language; a language without them shows the built-in ones." },
);
const Label = Strict({ en: Line(100), ru: Line(100), ka: Line(100) });
export const ChatTopic = Strict({
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', description: 'Stable id, e.g. "billing".' }),
  label: Label,
  teamId: Type.Optional(Nullable(Id)),
});
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Ranges = Type.Array(Type.Tuple([Time, Time]), { maxItems: MAX_RANGES_PER_DAY });
const Hours = Strict(
  { timeZone: Type.String({ minLength: 1, maxLength: 64 }), days: Strict(Object.fromEntries(weekdays.map((day) => [day, Type.Optional(Ranges)]))) },
  { description: 'When someone answers, in the time zone; null: always. Outside them the widget says so and asks for an email address.' },
);
const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'The widget colour, #rrggbb.' });
const Position = Type.Union([Type.Literal('right'), Type.Literal('left')]);
const AskEmail = Type.Union([Type.Literal('never'), Type.Literal('offline'), Type.Literal('always')], { description: 'When the widget asks for an email address: never, when nobody answers (default), or always.' });

const fields = {
  name: Name({ minLength: 1, description: 'For admins: which site this is ("Shop").' }),
  teamId: Type.Optional(Nullable(Id)),
  mailboxId: Type.Optional(Nullable(Id)),
  allowedOrigins: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: MAX_ALLOWED_ORIGINS, description: 'Sites the widget may run on, as origins: "https://shop.example".' })),
  texts: Type.Optional(ChatTexts),
  color: Type.Optional(Color),
  position: Type.Optional(Position),
  topics: Type.Optional(Type.Array(ChatTopic, { maxItems: MAX_TOPICS, description: 'What a visitor may choose before writing; each topic may route to its own team.' })),
  hours: Type.Optional(Nullable(Hours)),
  askEmail: Type.Optional(AskEmail),
  active: Type.Optional(Type.Boolean()),
};
const SiteBody = Strict(fields);
const SitePatch = Strict({ ...fields, name: Type.Optional(fields.name) });

const ChatSite = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    key: Type.String({ description: 'The public site key the snippet carries (data-site).' }),
    teamId: Nullable(Type.Integer()),
    mailboxId: Nullable(Type.Integer({ description: 'Answers a visitor missed go by email from this mailbox (else the team\'s, else the first with a relay).' })),
    allowedOrigins: Type.Array(Type.String()),
    texts: ChatTexts,
    color: Type.String(),
    position: Position,
    topics: Type.Array(Type.Object({ id: Type.String(), label: Label, teamId: Nullable(Type.Integer()) })),
    hours: Nullable(Hours),
    askEmail: AskEmail,
    active: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'ChatSite' },
);

export const chatSiteRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['chat'];

  app.get('/chat-sites', { schema: { tags, response: { 200: Type.Object({ sites: Type.Array(ChatSite) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    return { sites: (await listSites(ctx.db)).map(presentSite) };
  });

  app.get('/chat-sites/:id', { schema: { tags, params: IdParams, response: { 200: ChatSite, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const row = await findSite(ctx.db, request.params.id);
    if (!row) throw notFound('chat_site_not_found', `There is no chat site ${request.params.id}.`);
    return presentSite(row);
  });

  app.post('/chat-sites', { schema: { tags, body: SiteBody, response: { 201: ChatSite, ...errors(400, 403, 422) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => createSite(tx, request.body, principal.id, ctx.clock.now()));
    return reply.code(201).send(view);
  });

  app.patch('/chat-sites/:id', { schema: { tags, params: IdParams, body: SitePatch, response: { 200: ChatSite, ...errors(400, 403, 404, 422) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'channels.manage');
    return ctx.db.transaction().execute((tx) => updateSite(tx, request.params.id, request.body, principal.id, ctx.clock.now()));
  });

  app.delete('/chat-sites/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'channels.manage');
    await ctx.db.transaction().execute((tx) => deleteSite(tx, request.params.id, principal.id));
    return reply.code(204).send(null);
  });
};
