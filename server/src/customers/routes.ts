// HTTP for customers and organizations.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize, seesAllTickets } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { notFound } from '../errors.ts';
import { idempotent } from '../http/idempotency.ts';
import { IdParams, Nullable, errors } from '../http/schema-kit.ts';
import { presentCustomer } from './present.ts';
import {
  Customer,
  CustomerCreateBody,
  CustomerDetail,
  CustomerHistoryQuery,
  CustomerListQuery,
  CustomerUpdateBody,
  MergeBody,
} from './schemas.ts';
import { findCustomer, findCustomers, findOrganization, identitiesOf, listCustomers, matchingCustomers } from './store.ts';
import { authorizeContactChange } from './policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { TicketStatus } from '@frontline/shared';
import { listTickets } from '../tickets/verbs.ts';
import { AuditPage } from '../audit/schemas.ts';
import { auditPage } from '../audit/routes.ts';

const RECENT_TICKETS = 20;
import { createCustomer, mergeCustomers, updateCustomer } from './verbs.ts';

export const customerRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['customers'];

  /** The customer with the recent tickets the principal may see (filtered in the query, not after). */
  const detail = async (principal: Principal, id: number) => {
    const row = await findCustomer(ctx.db, id);
    if (!row) throw notFound('customer_not_found', `There is no customer ${id}.`);
    const identities = (await identitiesOf(ctx.db, [row.id])).get(row.id) ?? [];
    const scope = { all: seesAllTickets(principal), agentId: principal.id, teamIds: principal.teamIds };
    const recent = (await listTickets(ctx.db, { scope, customerId: row.id, sort: '-updated', limit: RECENT_TICKETS })).slice(0, RECENT_TICKETS);
    const organization = row.organization_id === null ? undefined : await findOrganization(ctx.db, row.organization_id);
    return {
      ...presentCustomer(row, identities),
      organization: organization ? { id: organization.id, name: organization.name, domain: organization.domain } : null,
      recentTickets: recent.map((t) => ({ id: t.id, number: t.number, subject: t.subject, status: t.status as TicketStatus, updatedAt: t.updated_at.toISOString() })),
    };
  };

  app.post('/customers', { schema: { tags, body: CustomerCreateBody, response: { 201: Customer, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'customers.write');
    const answer = await idempotent(ctx.db, request, principal, async (tx) => {
      const row = await createCustomer(tx, request.body, { agentId: principal.id }, ctx.clock.now());
      return { status: 201, body: presentCustomer(row, (await identitiesOf(tx, [row.id])).get(row.id) ?? []) };
    });
    return reply.code(answer.status as 201).send(answer.body);
  });

  app.get(
    '/customers',
    { schema: { tags, querystring: CustomerListQuery, response: { 200: Type.Object({ items: Type.Array(Customer), nextCursor: Nullable(Type.String()) }) } } },
    async (request) => {
      authorize(principalOf(request), 'customers.read');
      const limit = request.query.limit ?? 50;
      const afterId = request.query.cursor ? decodeCursor(request.query.cursor, ['number'])[0] : undefined;
      const rows = await listCustomers(ctx.db, { q: request.query.q, organizationId: request.query.organizationId, afterId, limit });
      const page = rows.slice(0, limit);
      const identities = await identitiesOf(ctx.db, page.map((row) => row.id));
      return {
        items: page.map((row) => presentCustomer(row, identities.get(row.id) ?? [])),
        nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null,
      };
    },
  );

  app.get('/customers/:id', { schema: { tags, params: IdParams, response: { 200: CustomerDetail, ...errors(404) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'customers.read');
    return detail(principal, request.params.id);
  });

  app.get(
    '/customers/:id/matches',
    {
      schema: {
        tags,
        description:
          'Customers who may be the same person, to offer a merge: a phone or WhatsApp number ending in the same 9 digits (reason "number"), or the same name of two words or more ("name"). At most 10, numbers first.',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Composite([Customer, Type.Object({ reason: Type.Union([Type.Literal('number'), Type.Literal('name')]) })], { title: 'CustomerMatch' })) }), ...errors(400, 404) },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'customers.read');
      if (!(await findCustomer(ctx.db, request.params.id))) throw notFound('customer_not_found', `There is no customer ${request.params.id}.`);
      const matches = await matchingCustomers(ctx.db, request.params.id, 10);
      const rows = await findCustomers(ctx.db, matches.map((match) => match.id));
      const identities = await identitiesOf(ctx.db, matches.map((match) => match.id));
      return { items: matches.flatMap((match) => (rows.has(match.id) ? [{ ...presentCustomer(rows.get(match.id)!, identities.get(match.id) ?? []), reason: match.reason }] : [])) };
    },
  );

  app.get(
    '/customers/:id/history',
    {
      schema: {
        tags,
        description: 'What changed on the customer, newest first: fields, identities, merges, and who changed them.',
        params: IdParams,
        querystring: CustomerHistoryQuery,
        response: { 200: AuditPage, ...errors(400, 404) },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'customers.read');
      if (!(await findCustomer(ctx.db, request.params.id))) throw notFound('customer_not_found', `There is no customer ${request.params.id}.`);
      return auditPage(ctx, { subjectType: 'customer', subjectId: request.params.id, limit: request.query.limit ?? 50, cursor: request.query.cursor }, false);
    },
  );

  app.patch('/customers/:id', { schema: { tags, params: IdParams, body: CustomerUpdateBody, response: { 200: CustomerDetail, ...errors(400, 403, 404, 409, 422) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'customers.write');
    const { addIdentities, removeIdentityIds } = request.body;
    await ctx.db.transaction().execute(async (tx) => {
      if (addIdentities?.length || removeIdentityIds?.length) await authorizeContactChange(tx, principal, [request.params.id]);
      return updateCustomer(tx, request.params.id, request.body, { agentId: principal.id, address: request.ip }, ctx.clock.now());
    });
    return detail(principal, request.params.id);
  });

  app.post(
    '/customers/:id/merge',
    {
      schema: {
        tags,
        description: 'Merges the customer `sourceId` into this one: identities, tickets and messages move here.',
        params: IdParams,
        body: MergeBody,
        response: { 200: CustomerDetail, ...errors(400, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      authorize(principal, 'customers.write');
      await ctx.db.transaction().execute(async (tx) => {
        await authorizeContactChange(tx, principal, [request.body.sourceId, request.params.id]);
        return mergeCustomers(tx, request.body.sourceId, request.params.id, { agentId: principal.id, address: request.ip }, ctx.clock.now());
      });
      return detail(principal, request.params.id);
    },
  );
};
