// The WhatsApp Cloud API channel in the manifest: the numbers' admin routes, the public webhook
// (handshake and signed deliveries) and the channel adapter.
import type { Feature } from '../../feature.ts';
import { WhatsappChannel } from './adapter.ts';
import { whatsappNumberRoutes } from './routes.ts';
import { whatsappWebhookRoutes } from './webhook.ts';

export const whatsappFeature: Feature = {
  name: 'whatsapp',
  routes: [whatsappNumberRoutes, whatsappWebhookRoutes],
  start(ctx) {
    ctx.channels.register(new WhatsappChannel(ctx));
  },
};
