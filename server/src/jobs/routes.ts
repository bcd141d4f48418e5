// HTTP for the job queue's admin screen: list jobs (dead ones above all) and give a dead job another go.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { authorize } from '../auth/policy.ts';
import { principalOf } from '../http/auth-hook.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { conflict, notFound } from '../errors.ts';
import { IdParams, Nullable, Strict, StringEnum, Timestamp, errors, Limit } from '../http/schema-kit.ts';
import { findJob, listJobs, resurrectJob, type JobRow } from './store.ts';

const jobStatuses = ['pending', 'running', 'done', 'dead'] as const;

const Job = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  payload: Type.Object({}, { additionalProperties: true }),
  status: StringEnum(jobStatuses),
  runAt: Timestamp,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  lockedBy: Nullable(Type.String()),
  lockedUntil: Nullable(Timestamp),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
}, { title: 'Job' });

const JobListQuery = Strict({
  status: Type.Optional(StringEnum(jobStatuses)),
  limit: Type.Optional(Limit(200, 50)),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const presentJob = (row: JobRow): Static<typeof Job> => ({
  id: row.id,
  kind: row.kind,
  payload: row.payload,
  status: row.status,
  runAt: row.run_at.toISOString(),
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  lastError: row.last_error,
  lockedBy: row.locked_by,
  lockedUntil: row.locked_until?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

export const jobRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['admin'];

  app.get(
    '/admin/jobs',
    { schema: { tags, querystring: JobListQuery, response: { 200: Type.Object({ items: Type.Array(Job), nextCursor: Nullable(Type.String()) }), ...errors(400, 403) } } },
    async (request) => {
      authorize(principalOf(request), 'jobs.manage');
      const limit = request.query.limit ?? 50;
      const beforeId = request.query.cursor ? decodeCursor(request.query.cursor, ['number'])[0] : undefined;
      const rows = await listJobs(ctx.db, { status: request.query.status, limit: limit + 1, beforeId });
      const page = rows.slice(0, limit);
      return { items: page.map(presentJob), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null };
    },
  );

  app.post(
    '/admin/jobs/:id/retry',
    { schema: { tags, params: IdParams, response: { 200: Job, ...errors(403, 404, 409) } } },
    async (request) => {
      authorize(principalOf(request), 'jobs.manage');
      const row = await resurrectJob(ctx.db, request.params.id, ctx.clock.now());
      if (row) {
        request.log.info({ jobId: row.id, kind: row.kind, by: request.principal?.id }, 'dead job retried');
        return presentJob(row);
      }
      const job = await findJob(ctx.db, request.params.id);
      if (!job) throw notFound('job_not_found', `There is no job ${request.params.id}.`);
      throw conflict('job_not_dead', `Job ${job.id} is ${job.status}; only a dead job can be retried.`, { status: job.status });
    },
  );
};
