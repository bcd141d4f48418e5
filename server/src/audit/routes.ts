// HTTP for the audit log: admins read who changed what, newest first, filtered by actor, action or subject.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { errors } from '../http/schema-kit.ts';
import { presentAudit } from './present.ts';
import { AuditListQuery, AuditPage } from './schemas.ts';
import { listAudit, type AuditFilter, type AuditRow } from './store.ts';

/** One page of the log as the API shows it (also the customer's history). */
export async function auditPage(ctx: Context, filter: Omit<AuditFilter, 'beforeId'> & { cursor?: string | undefined }, withAddress: boolean) {
  const beforeId = filter.cursor ? decodeCursor(filter.cursor, ['number'])[0] : undefined;
  const rows: AuditRow[] = await listAudit(ctx.db, { ...filter, beforeId });
  const page = rows.slice(0, filter.limit);
  return { items: page.map((row) => presentAudit(row, withAddress)), nextCursor: rows.length > filter.limit ? encodeCursor([page.at(-1)!.id]) : null };
}

export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    '/admin/audit',
    { schema: { tags: ['admin'], description: 'Who changed what: customer identities and merges, agent roles and teams, team members, API tokens, phone integrations, business-hours calendars, the desk\'s settings.', querystring: AuditListQuery, response: { 200: AuditPage, ...errors(400, 403) } } },
    async (request) => {
      authorize(principalOf(request), 'audit.read');
      const { limit = 50, ...filter } = request.query;
      return auditPage(ctx, { ...filter, limit }, true);
    },
  );
};
