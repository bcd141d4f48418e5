// HTTP for Telegram bots: admins connect a bot by its token, change its team, mode and state, and remove it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { authorize } from '../../auth/policy.ts';
import { principalOf } from '../../http/auth-hook.ts';
import { notFound } from '../../errors.ts';
import { Id, IdParams, Nullable, Strict, StringEnum, Timestamp, errors } from '../../http/schema-kit.ts';
import { connectBot, presentBot, removeBot, updateBot } from './bots.ts';
import { findBot, listBots } from './store.ts';

const Token = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[0-9]{1,20}:[A-Za-z0-9_-]{20,150}$',
  description: 'Write-only: the token @BotFather gave (123456789:AA…); checked with getMe, stored encrypted, never returned.',
});
const Mode = StringEnum(['webhook', 'polling'] as const, { description: 'webhook: Telegram calls Frontline (needs PUBLIC_URL); polling: Frontline asks Telegram (getUpdates).' });
const fields = { teamId: Type.Optional(Nullable(Id)), mode: Type.Optional(Mode), active: Type.Optional(Type.Boolean()) };
const BotBody = Strict({ token: Token, ...fields });
const BotPatch = Strict({ token: Type.Optional(Token), ...fields });

const TelegramBot = Type.Object(
  {
    id: Type.Integer(),
    telegramId: Type.Integer(),
    username: Type.String(),
    name: Type.String(),
    teamId: Nullable(Type.Integer()),
    mode: StringEnum(['webhook', 'polling'] as const),
    active: Type.Boolean(),
    webhookUrl: Nullable(Type.String()),
    updateOffset: Type.Integer(),
    polledAt: Nullable(Timestamp),
    error: Nullable(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'TelegramBot' },
);

export const telegramBotRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['telegram'];
  const missing = (id: number) => notFound('telegram_bot_not_found', `There is no Telegram bot ${id}.`);

  app.get('/telegram/bots', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(TelegramBot) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    return { items: (await listBots(ctx.db)).map(presentBot) };
  });

  app.get('/telegram/bots/:id', { schema: { tags, params: IdParams, response: { 200: TelegramBot, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const row = await findBot(ctx.db, request.params.id);
    if (!row) throw missing(request.params.id);
    return presentBot(row);
  });

  app.post('/telegram/bots', { schema: { tags, body: BotBody, response: { 201: TelegramBot, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    authorize(principalOf(request), 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => connectBot(ctx, tx, request.body, ctx.clock.now()));
    ctx.log.info({ botId: view.id, username: view.username, mode: view.mode }, 'Telegram bot connected');
    return reply.code(201).send(view);
  });

  app.patch('/telegram/bots/:id', { schema: { tags, params: IdParams, body: BotPatch, response: { 200: TelegramBot, ...errors(400, 403, 404, 422) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => updateBot(ctx, tx, request.params.id, request.body, ctx.clock.now()));
    if (!view) throw missing(request.params.id);
    return view;
  });

  app.delete('/telegram/bots/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } }, async (request, reply) => {
    authorize(principalOf(request), 'channels.manage');
    const removed = await ctx.db.transaction().execute((tx) => removeBot(ctx, tx, request.params.id));
    if (!removed) throw missing(request.params.id);
    return reply.code(204).send(null);
  });
};
