// The web form channel in the manifest: the admin and submission API, the hosted page, and the
// adapter that turns stored submissions into tickets.
import type { Feature } from '../../feature.ts';
import { WebFormChannel } from './adapter.ts';
import { webFormPages } from './page-routes.ts';
import { webFormRoutes } from './routes.ts';

export const webFormFeature: Feature = {
  name: 'web-form',
  routes: [webFormRoutes],
  pages: [webFormPages],
  start(ctx) {
    ctx.channels.register(new WebFormChannel());
  },
};
