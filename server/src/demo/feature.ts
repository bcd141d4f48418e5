// The demo data routes in the manifest.
import type { Feature } from '../feature.ts';
import { demoRoutes } from './routes.ts';

export const demoFeature: Feature = { name: 'demo', routes: [demoRoutes] };
