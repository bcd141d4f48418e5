// The public endpoint Telegram delivers a webhook bot's updates to. The secret Telegram was given
// (X-Telegram-Bot-Api-Secret-Token) is checked in constant time before the body is read; the
// update is stored exactly as it came (receiveRaw, deduplicated by bot and update_id) before the
// 200 that tells Telegram it may forget it. Bodies are bounded and must be a JSON update.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { hashSecret, safeEqual } from '../../auth/secrets.ts';
import { invalidInput, notFound, unauthenticated } from '../../errors.ts';
import { receiveRaw } from '../../inbox/receive.ts';
import { Strict, Id, errors } from '../../http/schema-kit.ts';
import { updateIdOf } from './parse.ts';
import { updateInput } from './receive.ts';
import { findBot } from './store.ts';

/** An update is a few kilobytes (files come by reference); this is far above any real one. */
export const MAX_UPDATE_BYTES = 256 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export const telegramWebhookRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // In this plugin only: the body is kept as bytes, to be stored as it came.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(
    '/channels/telegram/:botId/webhook',
    {
      config: { public: true },
      bodyLimit: Math.min(MAX_UPDATE_BYTES, ctx.config.maxBodyBytes),
      schema: { tags: ['telegram'], summary: 'Telegram delivers a bot\'s updates here (webhook mode).', params: Strict({ botId: Id }), response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(400, 401, 404, 413, 415) } },
      onRequest: async (request) => {
        const botId = Number((request.params as Record<string, unknown>).botId);
        const bot = Number.isSafeInteger(botId) && botId > 0 ? await findBot(ctx.db, botId) : undefined;
        if (!bot || !bot.active || bot.mode !== 'webhook' || !bot.webhook_secret_hash) throw notFound('telegram_bot_not_found', 'No bot takes webhook updates here.');
        const sent = request.headers[SECRET_HEADER];
        if (typeof sent !== 'string' || sent.length > 256 || !safeEqual(hashSecret(sent), bot.webhook_secret_hash)) {
          throw unauthenticated('The X-Telegram-Bot-Api-Secret-Token header is missing or wrong.');
        }
      },
    },
    async (request) => {
      const raw = request.body as unknown;
      if (!Buffer.isBuffer(raw)) throw invalidInput('invalid_update', 'The body must be a Telegram update (JSON).');
      let updateId: number;
      try {
        updateId = updateIdOf(raw);
      } catch (error) {
        throw invalidInput('invalid_update', `The body is not a Telegram update: ${(error as Error).message}.`);
      }
      const update = JSON.parse(raw.toString('utf8')) as { update_id: number; message?: unknown };
      await receiveRaw(ctx.db, updateInput(request.params.botId, raw, { ...update, update_id: updateId }));
      return { ok: true };
    },
  );
};
