// Customers and their organizations in the manifest.
import type { Feature } from '../feature.ts';
import { customerRoutes } from './routes.ts';
import { organizationRoutes } from './organization-routes.ts';

export const customersFeature: Feature = { name: 'customers', routes: [customerRoutes, organizationRoutes] };
