// Tickets in the manifest: the tickets themselves, their messages, and merging.
import type { Feature } from '../feature.ts';
import { ticketRoutes } from './routes.ts';
import { messageRoutes } from './message-routes.ts';
import { ticketMergeRoutes } from './merge-routes.ts';

export const ticketsFeature: Feature = { name: 'tickets', routes: [ticketRoutes, messageRoutes, ticketMergeRoutes] };
