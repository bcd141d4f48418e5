// Serves the built agent workspace (app/dist) at / with a fallback to index.html for the app's
// own routes; /api stays the API's. Without a build, / says how to make one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorBody } from './errors.ts';

export const webAppDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../app/dist');

const securityHeaders = {
  'content-security-policy': "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export async function serveWebApp(app: FastifyInstance, dir = webAppDir): Promise<void> {
  const built = fs.existsSync(path.join(dir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: ['index.html'],
      setHeaders: (res, file) => {
        for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
        // Hashed assets never change; the shell and the service worker must be fresh.
        res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/') || request.url === '/healthz' || request.url === '/readyz') return;
    // A feature's own page (a contact form's): its route answers, not the web app.
    if (request.url.startsWith('/forms/')) return;
    const pathname = request.url.split('?')[0]!;
    if (built && (pathname === '/' || fs.existsSync(path.join(dir, path.normalize(pathname))))) return;
    if (built && !path.extname(pathname) && (request.headers.accept ?? '').includes('text/html')) {
      return reply.headers({ ...securityHeaders, 'cache-control': 'no-cache' }).sendFile('index.html');
    }
    if (!built && pathname === '/') {
      return reply.code(503).send(errorBody('web_app_not_built', 'The web app is not built yet: run `npm run build -w app` (npm start does it for you). The API is at /api/v1.'));
    }
  });
}
