// Live updates in the manifest: the WebSocket route and its hub, which fans committed events out to
// the browsers of this node from the in-memory bus (not work that must happen, so not a reaction).
import type { Feature, FeatureRoutes } from '../feature.ts';
import { LiveHub } from './hub.ts';
import { liveRoutes } from './routes.ts';

const liveWithHub: FeatureRoutes = async (api, { ctx }) => {
  const hub = new LiveHub(ctx);
  await hub.start();
  api.addHook('onClose', () => hub.stop());
  await api.register(liveRoutes, { ctx, hub });
};

export const liveFeature: Feature = { name: 'live', routes: [liveWithHub] };
