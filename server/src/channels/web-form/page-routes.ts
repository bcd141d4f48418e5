// The hosted page of a contact form, at /forms/:key: shown (GET) and sent (POST, a plain HTML form,
// no JavaScript). Answers are pages in the reader's language, errors included.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { openForm, originAllowed, readSubmission, receiveSubmission, type SubmissionFields } from './verbs.ts';
import { formPage, messagePage, pageHeaders, pageLocale, sentPage } from './page.ts';
import { ownOrigin } from '../origins.ts';
import { submissionRateLimit } from './routes.ts';

/** A posted form is small: the largest message and every other field fit well inside this. */
const MAX_FORM_BYTES = 128 * 1024;

const Params = Type.Object({ key: Type.String({ maxLength: 64 }) });
const Query = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })), page: Type.Optional(Type.String({ maxLength: 2000 })) });

export const webFormPages: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // Only this plugin reads posted HTML forms; the API takes JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_FORM_BYTES }, (_request, body, done) => {
    try {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  // Every failure is a page too: a person is reading it.
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const locale = pageLocale((request.query as { lang?: unknown } | undefined)?.lang, request.headers['accept-language']);
    const status = error instanceof AppError ? (error.kind === 'not_found' ? 404 : error.kind === 'forbidden' ? 403 : 400) : (error.statusCode ?? 500);
    if (status >= 500) request.log.error({ err: error }, 'web form page failed');
    const page = status === 429 ? messagePage(locale, (t) => t.tooMany) : status === 404 ? messagePage(locale, (t) => t.notFound) : messagePage(locale, () => error.message);
    return reply.code(status >= 500 ? 500 : status).headers(pageHeaders(undefined)).send(page);
  });

  app.get('/forms/:key', { schema: { hide: true, params: Params, querystring: Query } }, async (request, reply) => {
    const form = await openForm(ctx.db, request.params.key);
    const locale = pageLocale(request.query.lang, request.headers['accept-language']);
    // Framed by a site, the page it is on comes as ?page= (the snippet adds it) or as the Referer.
    const page = request.query.page ?? request.headers.referer ?? null;
    return reply.headers(pageHeaders(form)).send(formPage(form, locale, { page }));
  });

  app.post(
    '/forms/:key',
    { config: { rateLimit: submissionRateLimit(ctx) }, schema: { hide: true, params: Params, querystring: Query } },
    async (request, reply) => {
      const form = await openForm(ctx.db, request.params.key);
      const fields = (request.body && typeof request.body === 'object' ? request.body : {}) as SubmissionFields & { submissionId?: unknown };
      const locale = pageLocale(request.query.lang ?? fields.language, request.headers['accept-language']);
      // Sent from the page itself (or one framing it on an allowed site), never from elsewhere.
      if (!originAllowed(form, request.headers.origin, ownOrigin(request))) {
        return reply.code(403).headers(pageHeaders(form)).send(messagePage(locale, (t) => t.wrongSite));
      }
      const read = readSubmission(form.id, fields);
      if ('problems' in read) {
        const values = Object.fromEntries((['name', 'email', 'subject', 'message'] as const).map((field) => [field, typeof fields[field] === 'string' ? (fields[field] as string) : '']));
        const page = typeof fields.page === 'string' ? fields.page : null;
        return reply.code(422).headers(pageHeaders(form)).send(formPage(form, locale, { values, problems: read.problems, page }));
      }
      await receiveSubmission(ctx.db, { ...read.submission, language: read.submission.language ?? locale }, {
        ip: request.ip,
        submissionId: typeof fields.submissionId === 'string' ? fields.submissionId : undefined,
      });
      return reply.headers(pageHeaders(form)).send(sentPage(form, locale, read.submission.email));
    },
  );
};
