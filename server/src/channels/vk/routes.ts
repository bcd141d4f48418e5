// HTTP for VK communities: admins connect a community by its id, token, confirmation string and
// secret key, change them, its team and state, and remove it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { authorize } from '../../auth/policy.ts';
import { principalOf } from '../../http/auth-hook.ts';
import { notFound } from '../../errors.ts';
import { Id, IdParams, Nullable, Strict, Timestamp, errors } from '../../http/schema-kit.ts';
import { connectCommunity, presentCommunity, removeCommunity, updateCommunity } from './communities.ts';
import { findCommunity, listCommunities } from './store.ts';

const GroupId = Type.Integer({ minimum: 1, maximum: 1e12, description: 'The community\'s id (the digits of club123456).' });
const Token = Type.String({
  minLength: 20,
  maxLength: 512,
  pattern: '^[A-Za-z0-9._-]{20,512}$',
  description: 'Write-only: a community access token (Settings → API usage) with the messages, photos and docs rights; checked with groups.getById, stored encrypted, never returned.',
});
const Confirmation = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9]{1,64}$', description: 'The string VK shows in the Callback API settings ("String to be returned").' });
const SecretKey = Type.String({ minLength: 8, maxLength: 50, pattern: '^[A-Za-z0-9]{8,50}$', description: 'Write-only: the secret key VK sends with every event; made by Frontline when left out, returned once.' });
const fields = { confirmation: Type.Optional(Confirmation), secretKey: Type.Optional(SecretKey), teamId: Type.Optional(Nullable(Id)), active: Type.Optional(Type.Boolean()) };
const CommunityBody = Strict({ groupId: GroupId, token: Token, ...fields, confirmation: Confirmation });
const CommunityPatch = Strict({ token: Type.Optional(Token), newSecretKey: Type.Optional(Type.Boolean({ description: 'Make a new secret key (returned once).' })), ...fields });

const VkCommunity = Type.Object(
  {
    id: Type.Integer(),
    groupId: Type.Integer(),
    name: Type.String(),
    confirmation: Type.String(),
    teamId: Nullable(Type.Integer()),
    active: Type.Boolean(),
    callbackUrl: Nullable(Type.String({ description: 'The URL to give VK; null while PUBLIC_URL is not set (then PUBLIC_URL + callbackPath).' })),
    callbackPath: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    secretKey: Type.Optional(Type.String({ description: 'Only in the answer that set it.' })),
  },
  { title: 'VkCommunity' },
);

export const vkCommunityRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['vk'];
  const missing = (id: number) => notFound('vk_community_not_found', `There is no VK community ${id}.`);

  app.get('/vk/communities', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(VkCommunity) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    return { items: (await listCommunities(ctx.db)).map((row) => presentCommunity(ctx, row)) };
  });

  app.get('/vk/communities/:id', { schema: { tags, params: IdParams, response: { 200: VkCommunity, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const row = await findCommunity(ctx.db, request.params.id);
    if (!row) throw missing(request.params.id);
    return presentCommunity(ctx, row);
  });

  app.post('/vk/communities', { schema: { tags, body: CommunityBody, response: { 201: VkCommunity, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    authorize(principalOf(request), 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => connectCommunity(ctx, tx, request.body, ctx.clock.now()));
    ctx.log.info({ communityId: view.id, groupId: view.groupId }, 'VK community connected');
    return reply.code(201).send(view);
  });

  app.patch('/vk/communities/:id', { schema: { tags, params: IdParams, body: CommunityPatch, response: { 200: VkCommunity, ...errors(400, 403, 404, 422) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => updateCommunity(ctx, tx, request.params.id, request.body, ctx.clock.now()));
    if (!view) throw missing(request.params.id);
    return view;
  });

  app.delete('/vk/communities/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } }, async (request, reply) => {
    authorize(principalOf(request), 'channels.manage');
    const removed = await ctx.db.transaction().execute((tx) => removeCommunity(tx, request.params.id));
    if (!removed) throw missing(request.params.id);
    return reply.code(204).send(null);
  });
};
