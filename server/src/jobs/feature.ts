// The job queue's admin routes in the manifest (the runner itself is built by workers.ts).
import type { Feature } from '../feature.ts';
import { jobRoutes } from './routes.ts';

export const jobsFeature: Feature = { name: 'jobs', routes: [jobRoutes] };
