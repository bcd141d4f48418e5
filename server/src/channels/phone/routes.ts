// HTTP for the phone channel: admins manage the integrations (telephony systems) and their tokens;
// the systems post call events to the public webhook that carries an integration's token.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { authorize } from '../../auth/policy.ts';
import { principalOf } from '../../http/auth-hook.ts';
import { IdParams, Strict, errors } from '../../http/schema-kit.ts';
import { listIntegrations } from './store.ts';
import { createIntegration, deleteIntegration, getIntegration, presentIntegration, rotateToken, updateIntegration } from './integrations.ts';
import { CallAck, CallEvent, Integration, IntegrationBody, IntegrationPatch, IntegrationWithToken } from './schemas.ts';
import { receiveCallEvent } from './webhook.ts';

/** A call event is a few hundred bytes; this leaves room for long notes and nothing more. */
const WEBHOOK_BODY_LIMIT = 16 * 1024;

/** An admin managing integrations, as the audit log records them (authorized here). */
function actorOf(request: FastifyRequest) {
  const principal = principalOf(request);
  authorize(principal, 'channels.manage');
  return { agentId: principal.id, address: request.ip };
}

export const phoneRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['phone'];

  app.get('/phone/integrations', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Integration) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    return { items: (await listIntegrations(ctx.db)).map(presentIntegration) };
  });

  app.get('/phone/integrations/:id', { schema: { tags, params: IdParams, response: { 200: Integration, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    return getIntegration(ctx.db, request.params.id);
  });

  app.post('/phone/integrations', { schema: { tags, body: IntegrationBody, response: { 201: IntegrationWithToken, ...errors(400, 403, 422) } } }, async (request, reply) => {
    const actor = actorOf(request);
    const created = await ctx.db.transaction().execute((tx) => createIntegration(tx, request.body, actor, ctx.clock.now()));
    return reply.code(201).send(created);
  });

  app.patch('/phone/integrations/:id', { schema: { tags, params: IdParams, body: IntegrationPatch, response: { 200: Integration, ...errors(400, 403, 404, 422) } } }, async (request) => {
    const actor = actorOf(request);
    return ctx.db.transaction().execute((tx) => updateIntegration(tx, request.params.id, request.body, actor, ctx.clock.now()));
  });

  app.post('/phone/integrations/:id/token', { schema: { tags, params: IdParams, response: { 200: IntegrationWithToken, ...errors(403, 404) } } }, async (request) => {
    const actor = actorOf(request);
    return ctx.db.transaction().execute((tx) => rotateToken(tx, request.params.id, actor, ctx.clock.now()));
  });

  app.delete('/phone/integrations/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } }, async (request, reply) => {
    const actor = actorOf(request);
    await ctx.db.transaction().execute((tx) => deleteIntegration(tx, request.params.id, actor, ctx.clock.now()));
    return reply.code(204).send(null);
  });

  app.post(
    '/channels/phone/:token/events',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      // A PBX behind one address sends every call's events: generous, but a flood of guesses stops.
      config: { public: true, rateLimit: { max: ctx.config.phoneWebhookRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A telephony system reports a call event (docs/channels.md).',
        params: Strict({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: CallEvent,
        response: { 200: CallAck, ...errors(400, 401, 413, 429) },
      },
    },
    async (request) => {
      const { duplicate } = await receiveCallEvent(ctx.db, request.params.token, request.body, ctx.clock.now());
      return { received: true as const, duplicate };
    },
  );
};
