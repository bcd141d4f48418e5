// Tickets in the manifest: the tickets themselves, their messages, participants, and merging.
import type { Feature } from '../feature.ts';
import { ticketRoutes } from './routes.ts';
import { messageRoutes } from './message-routes.ts';
import { ticketMergeRoutes } from './merge-routes.ts';
import { participantRoutes } from './participant-routes.ts';

export const ticketsFeature: Feature = { name: 'tickets', routes: [ticketRoutes, messageRoutes, participantRoutes, ticketMergeRoutes] };
