// HTTP for organizations: list with search, one with its customer count, create, edit. Their
// customers and tickets are the customer and ticket lists filtered by organizationId.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { notFound } from '../errors.ts';
import { IdParams, Nullable, errors } from '../http/schema-kit.ts';
import { Organization, OrganizationBody, OrganizationDetail, OrganizationListQuery, OrganizationUpdateBody } from './schemas.ts';
import { countCustomersOf, findOrganization, listOrganizations } from './store.ts';
import { createOrganization, updateOrganization } from './organizations.ts';

const presentOrganization = (row: { id: number; name: string; domain: string | null; created_at: Date }) => ({
  id: row.id,
  name: row.name,
  domain: row.domain,
  createdAt: row.created_at.toISOString(),
});

export const organizationRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['customers'];
  const detail = async (id: number) => {
    const row = await findOrganization(ctx.db, id);
    if (!row) throw notFound('organization_not_found', `There is no organization ${id}.`);
    return { ...presentOrganization(row), customerCount: await countCustomersOf(ctx.db, id) };
  };

  app.get(
    '/organizations',
    { schema: { tags, querystring: OrganizationListQuery, response: { 200: Type.Object({ items: Type.Array(Organization), nextCursor: Nullable(Type.String()) }), ...errors(400) } } },
    async (request) => {
      authorize(principalOf(request), 'customers.read');
      const limit = request.query.limit ?? 1000;
      const after = request.query.cursor ? decodeCursor(request.query.cursor, ['string', 'number']) : undefined;
      const rows = await listOrganizations(ctx.db, { q: request.query.q, after, limit });
      const page = rows.slice(0, limit);
      return { items: page.map(presentOrganization), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.name, page.at(-1)!.id]) : null };
    },
  );

  app.get('/organizations/:id', { schema: { tags, params: IdParams, response: { 200: OrganizationDetail, ...errors(404) } } }, async (request) => {
    authorize(principalOf(request), 'customers.read');
    return detail(request.params.id);
  });

  app.post('/organizations', { schema: { tags, body: OrganizationBody, response: { 201: Organization, ...errors(400, 403, 409) } } }, async (request, reply) => {
    authorize(principalOf(request), 'customers.write');
    const row = await ctx.db.transaction().execute((tx) => createOrganization(tx, request.body));
    return reply.code(201).send(presentOrganization(row));
  });

  app.patch(
    '/organizations/:id',
    { schema: { tags, params: IdParams, body: OrganizationUpdateBody, response: { 200: OrganizationDetail, ...errors(400, 403, 404, 409) } } },
    async (request) => {
      authorize(principalOf(request), 'customers.write');
      await ctx.db.transaction().execute((tx) => updateOrganization(tx, request.params.id, request.body));
      return detail(request.params.id);
    },
  );
};
