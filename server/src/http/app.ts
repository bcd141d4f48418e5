// Builds the Fastify application: plugins, the auth hook, error mapping, OpenAPI, and each
// feature's routes (from the manifest, features.ts) under /api/v1. Listening is left to the caller so tests can inject requests.
import { TextDecoder } from 'node:util';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { Context } from '../context.ts';
import { isMigrated } from '../db/migrate.ts';
import { installAuth } from './auth-hook.ts';
import { frameworkErrors, installErrorHandler } from './error-handler.ts';
import { installInputGuard } from './input-guard.ts';
import { installSerializer } from './serializer.ts';
import { installTransportSecurity, trustedProxies } from './transport-security.ts';
import { badRequest } from './errors.ts';
import { finiteKeyword } from './schema-kit.ts';
import { nameTitledSchemas } from './openapi-components.ts';
import { serveWebApp } from './web-app.ts';
import type { Feature } from '../feature.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export async function buildApp(ctx: Context, features: readonly Feature[]): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.maxBodyBytes,
    // Forwarded headers are believed only from the proxies named in TRUST_PROXY: otherwise a client
    // could choose its own address (and so its sign-in rate-limit key) or claim HTTPS.
    trustProxy: trustedProxies(ctx.config),
    // Requests Node's HTTP parser refuses (raw non-ASCII in the URL, broken headers) still get the API's error shape.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify({ error: { code: 'malformed_request', message: `The HTTP request is malformed (${error.message}); percent-encode non-ASCII characters in the URL.` } });
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    // One line per request only when debugging; otherwise features log the events that matter.
    logController: new LogController({ disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace' }),
    frameworkErrors,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false }, plugins: [finiteKeyword] },
  }) as unknown as FastifyInstance;

  installSerializer(app);

  // JSON bodies must be valid UTF-8: a mangled byte is refused rather than silently replaced.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(badRequest('invalid_encoding', 'The request body is not valid UTF-8 text.'), undefined);
      return;
    }
    parseJson(request, text, done);
  });

  installErrorHandler(app);
  installTransportSecurity(app, ctx.config);
  installInputGuard(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: ctx.config.maxAttachmentBytes, files: 20, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Frontline API', version: '1', description: 'The help desk API. Errors answer { error: { code, message, details } }.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /auth/login or an API token.' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'frontline_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    // Titled response schemas become named components: the web app's types are generated from them.
    transformObject: (document) => ('openapiObject' in document ? nameTitledSchemas(document.openapiObject) : document.swaggerObject),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  installAuth(app, ctx);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      if (await isMigrated(ctx.db)) return { ok: true, database: ctx.database.kind };
      return reply.code(503).send({ ok: false, reason: 'migrations pending' });
    } catch {
      return reply.code(503).send({ ok: false, reason: 'database unreachable' });
    }
  });

  await app.register(
    async (api) => {
      for (const feature of features) {
        for (const routes of feature.routes ?? []) await api.register(routes, { ctx });
      }
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  for (const feature of features) {
    for (const pages of feature.pages ?? []) await app.register(pages, { ctx });
  }
  await serveWebApp(app);
  return app;
}
