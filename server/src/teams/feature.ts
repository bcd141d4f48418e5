// Teams in the manifest.
import type { Feature } from '../feature.ts';
import { teamRoutes } from './routes.ts';

export const teamsFeature: Feature = { name: 'teams', routes: [teamRoutes] };
