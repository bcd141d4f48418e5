// Attachments in the manifest.
import type { Feature } from '../feature.ts';
import { attachmentRoutes } from './routes.ts';

export const attachmentsFeature: Feature = { name: 'attachments', routes: [attachmentRoutes] };
