// HTTP for business-hours calendars: every agent reads them (with whether each is open now); admins
// create, change, delete, make one the default and import holidays from iCal.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { IdParams, errors } from '../http/schema-kit.ts';
import { Calendar, CalendarBody, CalendarPatch, ImportBody, ImportResult, MAX_ICS_LENGTH } from './schemas.ts';
import { createCalendar, deleteCalendar, getCalendar, importHolidays, listCalendars, makeDefaultCalendar, presentCalendar, updateCalendar } from './verbs.ts';

/**
 * An iCal file of MAX_ICS_LENGTH characters is more bytes as a JSON string (every line break is
 * written "\r\n", non-Latin names take more bytes than characters): room for that, nothing more.
 */
const IMPORT_BODY_LIMIT = 4 * MAX_ICS_LENGTH;

/** An admin changing calendars, as the audit log records them (authorized here). */
function actorOf(request: FastifyRequest) {
  const principal = principalOf(request);
  authorize(principal, 'calendars.manage');
  return { agentId: principal.id, address: request.ip };
}

export const calendarRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['calendars'];

  app.get('/calendars', { schema: { tags, description: 'The default first, then by name.', response: { 200: Type.Object({ items: Type.Array(Calendar) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'calendars.read');
    const now = ctx.clock.now();
    return { items: (await listCalendars(ctx.db)).map((row) => presentCalendar(row, now)) };
  });

  app.get('/calendars/:id', { schema: { tags, params: IdParams, response: { 200: Calendar, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'calendars.read');
    return getCalendar(ctx.db, request.params.id, ctx.clock.now());
  });

  app.post('/calendars', { schema: { tags, body: CalendarBody, response: { 201: Calendar, ...errors(400, 403, 409, 422) } } }, async (request, reply) => {
    const actor = actorOf(request);
    const created = await ctx.db.transaction().execute((tx) => createCalendar(tx, request.body, actor, ctx.clock.now()));
    return reply.code(201).send(created);
  });

  app.patch('/calendars/:id', { schema: { tags, params: IdParams, body: CalendarPatch, response: { 200: Calendar, ...errors(400, 403, 404, 409, 422) } } }, async (request) => {
    const actor = actorOf(request);
    return ctx.db.transaction().execute((tx) => updateCalendar(tx, request.params.id, request.body, actor, ctx.clock.now()));
  });

  app.delete(
    '/calendars/:id',
    { schema: { tags, description: 'The default calendar cannot be deleted (409 `calendar_is_default`): make another the default first.', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404, 409) } } },
    async (request, reply) => {
      const actor = actorOf(request);
      await ctx.db.transaction().execute((tx) => deleteCalendar(tx, request.params.id, actor, ctx.clock.now()));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/calendars/:id/default',
    { schema: { tags, description: 'Makes this calendar the default; the previous default stops being it.', params: IdParams, response: { 200: Calendar, ...errors(403, 404) } } },
    async (request) => {
      const actor = actorOf(request);
      return ctx.db.transaction().execute((tx) => makeDefaultCalendar(tx, request.params.id, actor, ctx.clock.now()));
    },
  );

  app.post(
    '/calendars/:id/holidays/import',
    {
      bodyLimit: Math.max(ctx.config.maxBodyBytes, IMPORT_BODY_LIMIT),
      schema: {
        tags,
        description:
          'Holidays from an iCal file for the next three years: added to those there (a day already closed is not added twice), or in their place with `replace`. ' +
          'A file that cannot be read answers 422 `invalid_ical`; one that would make more than 500 holidays, 422 `too_many_holidays`.',
        params: IdParams,
        body: ImportBody,
        response: { 200: ImportResult, ...errors(400, 403, 404, 413, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return ctx.db.transaction().execute((tx) => importHolidays(tx, request.params.id, request.body, actor, ctx.clock.now()));
    },
  );
};
