// HTTP for signing in and out, the current agent, and personal API tokens.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { SESSION_COOKIE, principalOf } from '../http/auth-hook.ts';
import { secureCookie } from '../http/transport-security.ts';
import { notFound } from '../errors.ts';
import { IdParams, errors } from '../http/schema-kit.ts';
import { findAgent, updateAgent } from '../agents/verbs.ts';
import { presentAgent } from '../agents/present.ts';
import { Agent, PasswordChangeBody, ProfileUpdateBody } from '../agents/schemas.ts';
import { authorize } from './policy.ts';
import { ApiToken, ApiTokenCreated, LoginBody, LoginResponse, TokenCreateBody } from './schemas.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { insertToken, listTokens, revokeToken } from './store.ts';
import { changeOwnPassword, login, logout, type SignedIn } from './verbs.ts';
import { appendEvent } from '../events/append.ts';
import { recordAudit } from '../audit/verbs.ts';

type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];
const presentToken = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

const Me = Type.Composite([Agent, Type.Object({ csrfToken: Type.Union([Type.String(), Type.Null()]) })], { title: 'Me' });

/** Sets the session cookie and answers with the session's token, as every way of signing in does. */
export function presentSession(ctx: Context, request: FastifyRequest, reply: FastifyReply, session: SignedIn) {
  void reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(ctx.config, request),
    expires: session.expiresAt,
  });
  return { token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
}

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: ctx.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        description: 'Repeated failures lock the email address for a growing time (429 account_locked with Retry-After), whether an agent has it or not.',
        body: LoginBody,
        response: { 200: LoginResponse, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const session = await login(ctx.db, { email, password, now: ctx.clock.now(), ttlHours: ctx.config.sessionTtlHours });
      request.log.info({ agentId: session.agentId }, 'agent signed in');
      return presentSession(ctx, request, reply, session);
    },
  );

  app.post('/auth/logout', { config: { public: true }, schema: { tags, response: { 204: Type.Null() } } }, async (request, reply) => {
    const secret = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? request.cookies[SESSION_COOKIE];
    if (secret?.startsWith('fls_')) await ctx.db.transaction().execute((tx) => logout(tx, secret));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/me', { schema: { tags, response: { 200: Me, ...errors(401) } } }, async (request) => {
    const principal = principalOf(request);
    const row = await findAgent(ctx.db, principal.id);
    if (!row) throw notFound('agent_not_found', 'Your account no longer exists.');
    return { ...presentAgent(row, principal.teamIds), csrfToken: principal.csrfToken };
  });

  app.patch('/me', { schema: { tags, body: ProfileUpdateBody, response: { 200: Agent, ...errors(400, 401, 422) } } }, async (request) => {
    const principal = principalOf(request);
    const row = await ctx.db.transaction().execute((tx) => updateAgent(tx, principal.id, request.body, ctx.clock.now(), principal.id, request.ip));
    return presentAgent(row, principal.teamIds);
  });

  app.post(
    '/me/password',
    {
      config: { rateLimit: { max: ctx.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        description: 'Needs the current password (failures count towards the sign-in lock). Every other session of the agent ends; this one stays.',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { currentPassword, newPassword } = request.body;
      await changeOwnPassword(ctx.db, { agentId: principal.id, currentPassword, newPassword, keepSessionHash: principal.sessionHash, now: ctx.clock.now() });
      request.log.info({ agentId: principal.id }, 'agent changed own password');
      return reply.code(204).send(null);
    },
  );

  app.get('/me/tokens', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(ApiToken) }) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'tokens.own');
    return { items: (await listTokens(ctx.db, principal.id)).map(presentToken) };
  });

  app.post('/me/tokens', { schema: { tags, body: TokenCreateBody, response: { 201: ApiTokenCreated, ...errors(400, 401) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'tokens.own');
    const token = newSecret('flt');
    const row = await ctx.db.transaction().execute(async (tx) => {
      const created = await insertToken(tx, { agent_id: principal.id, name: request.body.name, token_hash: hashSecret(token), prefix: token.slice(0, 10) });
      await recordAudit(tx, { actor: { agentId: principal.id, address: request.ip }, action: 'token.created', subject: { type: 'token', id: created.id }, after: { name: created.name, prefix: created.prefix, agentId: principal.id } }, ctx.clock.now());
      return created;
    });
    return reply.code(201).send({ ...presentToken(row), token });
  });

  app.delete('/me/tokens/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(404) } } }, async (request, reply) => {
    const principal = principalOf(request);
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (tx) => {
      if (!(await revokeToken(tx, principal.id, request.params.id, now))) throw notFound('token_not_found', `You have no active token ${request.params.id}.`);
      // Live connections opened with the token hear of it on every node and close.
      await appendEvent(tx, { type: 'token.revoked', actorAgentId: principal.id, payload: { agentId: principal.id, tokenId: request.params.id } });
      await recordAudit(tx, { actor: { agentId: principal.id, address: request.ip }, action: 'token.revoked', subject: { type: 'token', id: request.params.id } }, now);
    });
    return reply.code(204).send(null);
  });
};
