// Delivery reports (where a reply went) in the manifest.
import type { Feature } from '../feature.ts';
import { deliveryRoutes } from './routes.ts';

export const deliveriesFeature: Feature = { name: 'deliveries', routes: [deliveryRoutes] };
