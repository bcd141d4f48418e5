// Resolves who a request acts for (bearer secret or session cookie) and guards cookie sessions
// against cross-site requests: an unsafe method needs a matching X-CSRF-Token and a trusted Origin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import type { Principal } from '../auth/principal.ts';
import { authenticate } from '../auth/verbs.ts';
import { safeEqual } from '../auth/secrets.ts';
import { forbidden, unauthenticated } from '../errors.ts';

export const SESSION_COOKIE = 'frontline_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The route answers without signing in. */
    public?: boolean;
    /**
     * The route is for anyone on the web (a contact form's submissions): it ignores any session or
     * token sent along and checks the request's Origin itself, against its own allowed sites.
     */
    anonymous?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: FastifyInstance, ctx: Context): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config.anonymous) return;
    if (!SAFE_METHODS.has(request.method)) checkOrigin(request, ctx.config.allowedOrigins);
    const bearer = bearerOf(request);
    if (bearer) {
      request.principal = (await authenticate(ctx.db, bearer, 'bearer', ctx.clock.now())) ?? null;
      if (!request.principal) throw unauthenticated('The bearer token is unknown, expired or revoked.');
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) request.principal = (await authenticate(ctx.db, cookie, 'cookie', ctx.clock.now())) ?? null;
    if (request.principal && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !request.principal.csrfToken || !safeEqual(sent, request.principal.csrfToken)) {
        throw forbidden('This change needs the X-CSRF-Token header from sign-in (GET /api/v1/me returns it).');
      }
    }
  });

  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config.public) return;
    if (!request.principal) throw unauthenticated();
  });
}

/** The signed-in agent; route handlers call this after the auth hook has run. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

/** The secret a request presented (bearer first, then the session cookie), e.g. to check it again later. */
export const secretOf = (request: FastifyRequest): string | undefined => bearerOf(request) ?? request.cookies[SESSION_COOKIE];

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  return match[1];
}

function checkOrigin(request: FastifyRequest, allowed: string[]): void {
  const origin = request.headers.origin;
  if (!origin) return;
  const own = `${request.protocol}://${request.host}`;
  if (origin !== own && !allowed.includes(origin)) throw forbidden(`Requests from ${origin} are not allowed.`);
}
