// The public endpoint VK's Callback API delivers a community's events to. The body is bounded and
// parsed strictly; a confirmation event for the community's group_id is answered with the
// confirmation string; every other event must carry the community's secret key (compared as
// digests in constant time; wrong or missing → 401 and nothing stored), is stored exactly as it came
// (receiveRaw, deduplicated by community and event_id) and only then answered "ok" — VK delivers
// again until it reads "ok", and the duplicate is stored once.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { hashSecret, safeEqual } from '../../auth/secrets.ts';
import { invalidInput, notFound, unauthenticated } from '../../errors.ts';
import { receiveRaw } from '../../inbox/receive.ts';
import { Id, Strict, errors } from '../../http/schema-kit.ts';
import { envelopeOf } from './parse.ts';
import { eventInput } from './receive.ts';
import { findCommunity } from './store.ts';

/** An event is a few kilobytes (files come as links); this is far above any real one. */
export const MAX_EVENT_BYTES = 256 * 1024;

export const vkCallbackRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // In this plugin only: the body is kept as bytes, to be stored as it came, whatever content type
  // it is labelled with; it must be JSON all the same (envelopeOf).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(
    '/channels/vk/:communityId/callback',
    {
      config: { public: true },
      bodyLimit: Math.min(MAX_EVENT_BYTES, ctx.config.maxBodyBytes),
      schema: {
        tags: ['vk'],
        summary: 'VK\'s Callback API delivers a community\'s events here; answers the confirmation string or "ok" (text/plain).',
        params: Strict({ communityId: Id }),
        response: { 200: Type.String(), ...errors(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const community = await findCommunity(ctx.db, request.params.communityId);
      if (!community || !community.active) throw notFound('vk_community_not_found', 'No VK community takes events here.');
      const raw = request.body as unknown;
      if (!Buffer.isBuffer(raw)) throw invalidInput('invalid_event', 'The body must be a VK Callback API event (JSON).');
      let envelope;
      try {
        envelope = envelopeOf(raw);
      } catch (error) {
        throw invalidInput('invalid_event', `The body is not a VK Callback API event: ${(error as Error).message}.`);
      }
      if (envelope.groupId !== community.group_id) throw unauthenticated('The event\'s group_id is not this community\'s.');
      if (envelope.type === 'confirmation') return reply.type('text/plain; charset=utf-8').send(community.confirmation);
      if (envelope.secret === null || !safeEqual(hashSecret(envelope.secret), hashSecret(ctx.secrets.open(community.secret_enc)))) throw unauthenticated('The event\'s secret is missing or wrong.');
      const event = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      await receiveRaw(ctx.db, eventInput(community.id, envelope.eventId!, raw, event));
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );
};
