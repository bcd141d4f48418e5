// Business-hours calendars in the manifest.
import type { Feature } from '../feature.ts';
import { calendarRoutes } from './routes.ts';

export const calendarsFeature: Feature = { name: 'calendars', routes: [calendarRoutes] };
