// The feature route plugins mounted under /api/v1 besides auth, agents and teams.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { customerRoutes } from '../customers/routes.ts';
import { organizationRoutes } from '../customers/organization-routes.ts';
import { ticketRoutes } from '../tickets/routes.ts';
import { messageRoutes } from '../tickets/message-routes.ts';
import { ticketMergeRoutes } from '../tickets/merge-routes.ts';
import { attachmentRoutes } from '../attachments/routes.ts';
import { mailboxRoutes } from '../mailboxes/routes.ts';
import { participantRoutes } from '../email/participant-routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { deliveryRoutes } from '../deliveries/routes.ts';
import { searchRoutes } from '../search/routes.ts';
import { tagRoutes } from '../tags/routes.ts';
import { demoRoutes } from '../demo/routes.ts';

export const apiRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (api, { ctx }) => {
  await api.register(customerRoutes, { ctx });
  await api.register(organizationRoutes, { ctx });
  await api.register(ticketRoutes, { ctx });
  await api.register(messageRoutes, { ctx });
  await api.register(ticketMergeRoutes, { ctx });
  await api.register(attachmentRoutes, { ctx });
  await api.register(mailboxRoutes, { ctx });
  await api.register(participantRoutes, { ctx });
  await api.register(auditRoutes, { ctx });
  await api.register(deliveryRoutes, { ctx });
  await api.register(searchRoutes, { ctx });
  await api.register(tagRoutes, { ctx });
  await api.register(demoRoutes, { ctx });
};
