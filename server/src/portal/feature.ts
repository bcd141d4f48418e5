// The customer portal in the manifest: its API under /api/v1/portal (the pages are the web app's).
import type { Feature } from '../feature.ts';
import { portalRoutes } from './routes.ts';

export const portalFeature: Feature = { name: 'portal', routes: [portalRoutes] };
