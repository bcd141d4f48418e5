// HTTP for the desk's settings: every agent reads them (the workspace shows what they mean),
// supervisors and admins change them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { errors } from '../http/schema-kit.ts';
import { DeskSettings, DeskSettingsBody } from './schemas.ts';
import { changeDeskSettings, deskSettings } from './verbs.ts';

export const deskSettingsRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['settings'];

  app.get('/desk-settings', { schema: { tags, description: 'The help desk\'s settings.', response: { 200: DeskSettings } } }, async (request) => {
    authorize(principalOf(request), 'tickets.read');
    return deskSettings(ctx.db);
  });

  app.patch(
    '/desk-settings',
    { schema: { tags, description: 'Changes the help desk\'s settings (supervisors and admins); the change is in the audit log.', body: DeskSettingsBody, response: { 200: DeskSettings, ...errors(400, 403) } } },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'inbox.manage');
      return ctx.db.transaction().execute((tx) => changeDeskSettings(tx, request.body, { agentId: principal.id, address: request.ip }, ctx.clock.now()));
    },
  );
};
