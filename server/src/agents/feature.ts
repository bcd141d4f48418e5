// Agents in the manifest.
import type { Feature } from '../feature.ts';
import { agentRoutes } from './routes.ts';

export const agentsFeature: Feature = { name: 'agents', routes: [agentRoutes] };
