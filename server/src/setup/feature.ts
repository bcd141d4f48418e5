// The first-run set-up and the desk's settings in the manifest.
import type { Feature } from '../feature.ts';
import { setupRoutes } from './routes.ts';
import { deskSettingsRoutes } from './desk-settings-routes.ts';

export const setupFeature: Feature = { name: 'setup', routes: [setupRoutes, deskSettingsRoutes] };
