// The public endpoint Meta calls for a WhatsApp number. GET answers the subscription handshake
// (hub.verify_token compared in constant time, hub.challenge echoed as text). POST checks
// X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret, constant time) before the
// body is parsed or stored; the body is bounded, split into its messages and statuses and stored
// (receiveRaw, deduplicated) before the 200 that tells Meta it may forget them.
import crypto from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { safeEqual } from '../../auth/secrets.ts';
import { AppError, invalidInput, notFound, unauthenticated } from '../../errors.ts';
import { receiveMany } from '../../inbox/receive.ts';
import { Strict, Id, errors } from '../../http/schema-kit.ts';
import { splitPayload } from './parse.ts';
import { sliceInput } from './receive.ts';
import { findNumber } from './store.ts';

/** Meta's calls are a few kilobytes (media comes by id); this is far above any real one. */
export const MAX_WEBHOOK_BYTES = 512 * 1024;
const SIGNATURE_HEADER = 'x-hub-signature-256';

export const whatsappWebhookRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // In this plugin only: the body is kept as bytes, for the signature and to be stored as it came.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const params = Strict({ numberId: Id });
  const forbidden = () => new AppError('forbidden', 'forbidden', 'The verify token is missing or wrong.');

  app.get(
    '/channels/whatsapp/:numberId/webhook',
    {
      config: { public: true },
      schema: {
        tags: ['whatsapp'],
        summary: 'Meta\'s webhook verification handshake for a WhatsApp number.',
        params,
        querystring: Type.Object({ 'hub.mode': Type.Optional(Type.String({ maxLength: 32 })), 'hub.verify_token': Type.Optional(Type.String({ maxLength: 256 })), 'hub.challenge': Type.Optional(Type.String({ maxLength: 256 })) }),
        response: { 200: Type.String(), ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const number = await findNumber(ctx.db, request.params.numberId);
      if (!number) throw notFound('whatsapp_number_not_found', 'No WhatsApp number takes webhook calls here.');
      const query = request.query;
      const token = query['hub.verify_token'];
      if (query['hub.mode'] !== 'subscribe' || typeof token !== 'string' || !safeEqual(token, number.verify_token)) throw forbidden();
      return reply.type('text/plain; charset=utf-8').send(query['hub.challenge'] ?? '');
    },
  );

  app.post(
    '/channels/whatsapp/:numberId/webhook',
    {
      config: { public: true },
      bodyLimit: Math.min(MAX_WEBHOOK_BYTES, ctx.config.maxBodyBytes),
      schema: { tags: ['whatsapp'], summary: 'Meta delivers a WhatsApp number\'s messages and statuses here.', params, response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(400, 401, 404, 413, 415) } },
      onRequest: async (request) => {
        const numberId = Number((request.params as Record<string, unknown>).numberId);
        const number = Number.isSafeInteger(numberId) && numberId > 0 ? await findNumber(ctx.db, numberId) : undefined;
        if (!number || !number.active) throw notFound('whatsapp_number_not_found', 'No WhatsApp number takes webhook calls here.');
        const signature = request.headers[SIGNATURE_HEADER];
        if (typeof signature !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(signature)) throw unauthenticated('The X-Hub-Signature-256 header is missing or malformed.');
      },
    },
    async (request) => {
      const raw = request.body as unknown;
      if (!Buffer.isBuffer(raw)) throw invalidInput('invalid_payload', 'The body must be a WhatsApp webhook payload (JSON).');
      const number = await findNumber(ctx.db, request.params.numberId);
      if (!number || !number.active) throw notFound('whatsapp_number_not_found', 'No WhatsApp number takes webhook calls here.');
      const expected = crypto.createHmac('sha256', ctx.secrets.open(number.app_secret_enc)).update(raw).digest('hex');
      const sent = String(request.headers[SIGNATURE_HEADER]).slice('sha256='.length).toLowerCase();
      if (!safeEqual(sent, expected)) throw unauthenticated('The X-Hub-Signature-256 header does not match the body.');
      let slices;
      try {
        slices = splitPayload(raw);
      } catch (error) {
        throw invalidInput('invalid_payload', `The body is not a WhatsApp webhook payload: ${(error as Error).message}.`);
      }
      await receiveMany(ctx.db, slices.map((slice) => sliceInput(number.id, slice)));
      return { ok: true };
    },
  );
};
