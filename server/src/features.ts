// The manifest: every feature of Frontline, in the order its routes are mounted and its node-local
// parts start. The HTTP app (http/app.ts) and the workers (workers.ts) both register from this list.
import type { Feature } from './feature.ts';
import { authFeature } from './auth/feature.ts';
import { setupFeature } from './setup/feature.ts';
import { agentsFeature } from './agents/feature.ts';
import { teamsFeature } from './teams/feature.ts';
import { calendarsFeature } from './calendars/feature.ts';
import { customersFeature } from './customers/feature.ts';
import { ticketsFeature } from './tickets/feature.ts';
import { attachmentsFeature } from './attachments/feature.ts';
import { mailboxesFeature } from './mailboxes/feature.ts';
import { testChannelFeature } from './channels/test-channel/feature.ts';
import { emailFeature } from './channels/email/feature.ts';
import { webFormFeature } from './channels/web-form/feature.ts';
import { portalFeature } from './portal/feature.ts';
import { telegramFeature } from './channels/telegram/feature.ts';
import { whatsappFeature } from './channels/whatsapp/feature.ts';
import { vkFeature } from './channels/vk/feature.ts';
import { phoneFeature } from './channels/phone/feature.ts';
import { chatFeature } from './channels/chat/feature.ts';
import { auditFeature } from './audit/feature.ts';
import { deliveriesFeature } from './deliveries/feature.ts';
import { searchFeature } from './search/feature.ts';
import { tagsFeature } from './tags/feature.ts';
import { demoFeature } from './demo/feature.ts';
import { jobsFeature } from './jobs/feature.ts';
import { inboxFeature } from './inbox/feature.ts';
import { outboundFeature } from './outbound/feature.ts';
import { liveFeature } from './live/feature.ts';

export const features: readonly Feature[] = [
  authFeature,
  setupFeature,
  agentsFeature,
  teamsFeature,
  calendarsFeature,
  customersFeature,
  ticketsFeature,
  attachmentsFeature,
  mailboxesFeature,
  testChannelFeature,
  emailFeature,
  webFormFeature,
  portalFeature,
  telegramFeature,
  whatsappFeature,
  vkFeature,
  phoneFeature,
  chatFeature,
  auditFeature,
  deliveriesFeature,
  searchFeature,
  tagsFeature,
  demoFeature,
  jobsFeature,
  inboxFeature,
  outboundFeature,
  liveFeature,
];
