// HTTP for WhatsApp numbers: admins connect a business number by its ids and credentials, change
// its template, team and state, and remove it. The access token and app secret are write-only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { authorize } from '../../auth/policy.ts';
import { principalOf } from '../../http/auth-hook.ts';
import { notFound } from '../../errors.ts';
import { Id, IdParams, Nullable, Strict, Timestamp, errors } from '../../http/schema-kit.ts';
import { connectNumber, presentNumber, removeNumber, updateNumber } from './numbers.ts';
import { findNumber, listNumbers } from './store.ts';

const MetaId = (description: string) => Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9]{1,32}$', description });
const AccessToken = Type.String({ minLength: 20, maxLength: 1024, pattern: '^[A-Za-z0-9_\\-.|]{20,1024}$', description: 'Write-only: a system user\'s access token with whatsapp_business_messaging; checked with GET /{phone-number-id}, stored encrypted, never returned.' });
const AppSecret = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9]{16,128}$', description: 'Write-only: the Meta app\'s secret, which signs webhook calls (X-Hub-Signature-256); stored encrypted, never returned.' });
const TemplateName = Type.String({ minLength: 1, maxLength: 512, pattern: '^[a-z0-9_]{1,512}$', description: 'An approved template sent instead of a reply when the 24-hour window has closed.' });
const TemplateLanguage = Type.String({ minLength: 2, maxLength: 15, pattern: '^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})?$', description: 'The template\'s language code, e.g. en_US.' });
const fields = {
  templateName: Type.Optional(Nullable(TemplateName)),
  templateLanguage: Type.Optional(Nullable(TemplateLanguage)),
  teamId: Type.Optional(Nullable(Id)),
  active: Type.Optional(Type.Boolean()),
};
const NumberBody = Strict({ phoneNumberId: MetaId('The phone number id (WhatsApp → API Setup).'), businessAccountId: MetaId('The WhatsApp Business account id.'), accessToken: AccessToken, appSecret: AppSecret, ...fields });
const NumberPatch = Strict({ businessAccountId: Type.Optional(MetaId('The WhatsApp Business account id.')), accessToken: Type.Optional(AccessToken), appSecret: Type.Optional(AppSecret), ...fields });

const WhatsappNumber = Type.Object(
  {
    id: Type.Integer(),
    phoneNumberId: Type.String(),
    businessAccountId: Type.String(),
    displayPhoneNumber: Type.String(),
    verifiedName: Type.String(),
    verifyToken: Type.String({ description: 'Paste into Meta\'s dashboard (Webhooks → Verify token).' }),
    webhookUrl: Nullable(Type.String({ description: 'The callback URL for Meta\'s dashboard; null until PUBLIC_URL is set.' })),
    templateName: Nullable(Type.String()),
    templateLanguage: Nullable(Type.String()),
    teamId: Nullable(Type.Integer()),
    active: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'WhatsappNumber' },
);

export const whatsappNumberRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['whatsapp'];
  const missing = (id: number) => notFound('whatsapp_number_not_found', `There is no WhatsApp number ${id}.`);

  app.get('/whatsapp/numbers', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(WhatsappNumber) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    return { items: (await listNumbers(ctx.db)).map((row) => presentNumber(ctx, row)) };
  });

  app.get('/whatsapp/numbers/:id', { schema: { tags, params: IdParams, response: { 200: WhatsappNumber, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const row = await findNumber(ctx.db, request.params.id);
    if (!row) throw missing(request.params.id);
    return presentNumber(ctx, row);
  });

  app.post('/whatsapp/numbers', { schema: { tags, body: NumberBody, response: { 201: WhatsappNumber, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    authorize(principalOf(request), 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => connectNumber(ctx, tx, request.body, ctx.clock.now()));
    ctx.log.info({ numberId: view.id, phoneNumberId: view.phoneNumberId }, 'WhatsApp number connected');
    return reply.code(201).send(view);
  });

  app.patch('/whatsapp/numbers/:id', { schema: { tags, params: IdParams, body: NumberPatch, response: { 200: WhatsappNumber, ...errors(400, 403, 404, 422) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => updateNumber(ctx, tx, request.params.id, request.body, ctx.clock.now()));
    if (!view) throw missing(request.params.id);
    return view;
  });

  app.delete('/whatsapp/numbers/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } }, async (request, reply) => {
    authorize(principalOf(request), 'channels.manage');
    const removed = await ctx.db.transaction().execute((tx) => removeNumber(tx, request.params.id));
    if (!removed) throw missing(request.params.id);
    return reply.code(204).send(null);
  });
};
