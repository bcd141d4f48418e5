// HTTPS-only protections: HSTS on responses that went out over HTTPS, and the Secure flag for
// cookies set there. "Over HTTPS" is the socket's own TLS, or a trusted proxy's X-Forwarded-Proto.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

/** Fastify's trustProxy from TRUST_PROXY: no list means no proxy is believed. */
export const trustedProxies = (config: Config): string[] | false => (config.trustProxy.length > 0 ? config.trustProxy : false);

export const isHttps = (request: FastifyRequest): boolean => request.protocol === 'https';

/** Whether a cookie set in answer to this request gets Secure: forced by COOKIE_SECURE, else when the request is HTTPS. */
export const secureCookie = (config: Config, request: FastifyRequest): boolean => config.cookieSecure || isHttps(request);

export function installTransportSecurity(app: FastifyInstance, config: Config): void {
  if (config.hstsMaxAge === 0) return;
  // Sent only over HTTPS: over plain HTTP a browser ignores it, and a header a proxy could have forged would pin nothing.
  const value = `max-age=${config.hstsMaxAge}`;
  app.addHook('onSend', async (request, reply) => {
    if (isHttps(request)) void reply.header('strict-transport-security', value);
  });
}
