// Mailboxes (their settings screens) in the manifest.
import type { Feature } from '../feature.ts';
import { mailboxRoutes } from './routes.ts';

export const mailboxesFeature: Feature = { name: 'mailboxes', routes: [mailboxRoutes] };
