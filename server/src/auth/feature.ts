// The auth feature in the manifest: sign-in, sessions and API tokens.
import type { Feature } from '../feature.ts';
import { authRoutes } from './routes.ts';

export const authFeature: Feature = { name: 'auth', routes: [authRoutes] };
