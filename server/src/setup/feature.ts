// The first-run set-up in the manifest.
import type { Feature } from '../feature.ts';
import { setupRoutes } from './routes.ts';

export const setupFeature: Feature = { name: 'setup', routes: [setupRoutes] };
