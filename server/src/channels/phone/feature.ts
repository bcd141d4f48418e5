// The phone channel (CTI webhook) in the manifest: its routes and its adapter.
import type { Feature } from '../../feature.ts';
import { phoneRoutes } from './routes.ts';
import { PhoneChannel } from './adapter.ts';

export const phoneFeature: Feature = {
  name: 'phone',
  routes: [phoneRoutes],
  start(ctx) {
    ctx.channels.register(new PhoneChannel());
  },
};
