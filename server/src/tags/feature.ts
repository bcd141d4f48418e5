// Tags in the manifest.
import type { Feature } from '../feature.ts';
import { tagRoutes } from './routes.ts';

export const tagsFeature: Feature = { name: 'tags', routes: [tagRoutes] };
