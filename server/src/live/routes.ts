// The WebSocket at /api/v1/live: an authenticated agent receives the events it may see and the
// presence of other agents on the ticket it has open.
import type { FastifyPluginAsync } from 'fastify';
import type {} from '@fastify/websocket';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { liveCloseCodes } from '@frontline/shared';
import { credentialOf } from '../auth/verbs.ts';
import { principalOf, secretOf } from '../http/auth-hook.ts';
import { forbidden } from '../errors.ts';
import type { LiveHub } from './hub.ts';

export const liveRoutes: FastifyPluginAsync<{ ctx: Context; hub: LiveHub }> = async (app, { ctx, hub }) => {
  app.get(
    '/live',
    {
      websocket: true,
      schema: { hide: true },
      // A cookie-authenticated socket from another site would act for the agent: refuse foreign origins.
      preHandler: async (request) => {
        const principal = principalOf(request);
        authorize(principal, 'tickets.read');
        const origin = request.headers.origin;
        if (principal.via === 'cookie' && origin && origin !== `${request.protocol}://${request.host}` && !ctx.config.allowedOrigins.includes(origin)) {
          throw forbidden(`Live connections from ${origin} are not allowed.`);
        }
      },
    },
    (socket, request) => {
      const principal = principalOf(request);
      const credential = credentialOf(secretOf(request) ?? '', principal.via);
      if (!credential) return socket.close(liveCloseCodes.sessionEnded, 'session_ended');
      hub.attach(socket, principal, credential);
    },
  );
};
