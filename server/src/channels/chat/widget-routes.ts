// Serves the built widget (widget/dist, `npm run build -w widget`): /widget.js, the loader a site's
// <script> tag names, and /widget/panel.js, the panel it loads on first use. Scripts for other
// sites' pages: any origin may load them; they are read again only when the build changes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.ts';
import { errorBody } from '../../http/errors.ts';

export const widgetDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../widget/dist');

const files = { '/widget.js': 'widget.js', '/widget/panel.js': 'panel.js' } as const;
const cache = new Map<string, { mtimeMs: number; data: Buffer }>();

async function read(name: string): Promise<Buffer | null> {
  const file = path.join(widgetDir, name);
  try {
    const stat = await fs.stat(file);
    const held = cache.get(file);
    if (held && held.mtimeMs === stat.mtimeMs) return held.data;
    const data = await fs.readFile(file);
    cache.set(file, { mtimeMs: stat.mtimeMs, data });
    return data;
  } catch {
    return null;
  }
}

export const widgetFiles: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app) => {
  for (const [route, name] of Object.entries(files)) {
    app.get(route, { schema: { hide: true } }, async (_request, reply) => {
      const data = await read(name);
      if (!data) return reply.code(503).send(errorBody('widget_not_built', 'The chat widget is not built yet: run `npm run build -w widget` (npm start does it for you).'));
      return reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('x-content-type-options', 'nosniff')
        .send(data);
    });
  }
};
