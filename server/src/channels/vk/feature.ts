// The VK channel in the manifest: the communities' admin routes, the public Callback API endpoint, and the channel adapter.
import type { Feature } from '../../feature.ts';
import { VkChannel } from './adapter.ts';
import { vkCallbackRoutes } from './callback.ts';
import { vkCommunityRoutes } from './routes.ts';

export const vkFeature: Feature = {
  name: 'vk',
  routes: [vkCommunityRoutes, vkCallbackRoutes],
  start(ctx) {
    ctx.channels.register(new VkChannel());
  },
};
