// HTTP for contact forms: admins set them up (/web-forms); a site's own form posts submissions as
// JSON (/web-forms/:key/submissions, public, rate-limited, CORS for the form's allowed origins).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Context } from '../../context.ts';
import { authorize } from '../../auth/policy.ts';
import { principalOf } from '../../http/auth-hook.ts';
import { forbidden, notFound, refused } from '../../errors.ts';
import { ownOrigin } from '../origins.ts';
import { Id, IdParams, Name, Nullable, Strict, Timestamp, errors } from '../../http/schema-kit.ts';
import {
  MAX_ALLOWED_ORIGINS,
  createWebForm,
  deleteWebForm,
  findWebForm,
  listWebForms,
  openForm,
  originAllowed,
  presentWebForm,
  readSubmission,
  receiveSubmission,
  submissionLimits,
  updateWebForm,
  type WebFormRow,
} from './verbs.ts';

const FormText = Strict({ title: Type.Optional(Type.String({ maxLength: 200 })), intro: Type.Optional(Type.String({ maxLength: 2000 })) });
const Texts = Strict(
  { en: Type.Optional(FormText), ru: Type.Optional(FormText), ka: Type.Optional(FormText) },
  { description: "The form's own heading and introduction per language; a language without them shows the built-in ones." },
);
const fields = {
  name: Name({ minLength: 1, description: 'For admins: which form this is ("Shop contact form").' }),
  teamId: Type.Optional(Nullable(Id)),
  mailboxId: Type.Optional(Nullable(Id)),
  allowedOrigins: Type.Optional(
    Type.Array(Type.String({ maxLength: 300 }), { maxItems: MAX_ALLOWED_ORIGINS, description: 'Sites that may embed the form or post to it, as origins: "https://shop.example".' }),
  ),
  texts: Type.Optional(Texts),
  active: Type.Optional(Type.Boolean()),
};
const WebFormBody = Strict(fields);
const WebFormPatch = Strict({ ...fields, name: Type.Optional(fields.name) });

const WebForm = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    publicKey: Type.String(),
    pagePath: Type.String({ description: 'The hosted page, relative to the help desk: link to it or frame it.' }),
    teamId: Nullable(Type.Integer()),
    mailboxId: Nullable(Type.Integer({ description: 'Replies and acknowledgements go from this mailbox (else the team\'s, else the first with a relay).' })),
    allowedOrigins: Type.Array(Type.String()),
    texts: Texts,
    active: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'WebForm' },
);

const KeyParams = Strict({ key: Type.String({ minLength: 1, maxLength: 64 }) });
const SubmissionBody = Strict({
  name: Type.Optional(Type.String({ maxLength: submissionLimits.name })),
  email: Type.String({ maxLength: submissionLimits.email }),
  subject: Type.Optional(Type.String({ maxLength: submissionLimits.subject })),
  message: Type.String({ maxLength: submissionLimits.message }),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  page: Type.Optional(Type.String({ maxLength: submissionLimits.page, description: 'The page the form was on.' })),
  website: Type.Optional(Type.String({ maxLength: 200, description: 'The hidden field: leave it out or empty. A filled one is kept as spam.' })),
  submissionId: Type.Optional(Type.String({ maxLength: 64, description: 'Your id for this submission (8–64 letters, digits, - or _): sent again, it makes no second ticket.' })),
});

/** Submissions per client address an hour, on the hosted page and on the API (each counts its own). */
export const submissionRateLimit = (ctx: Context) => ({ max: ctx.config.webFormRateLimit, timeWindow: '1 hour' });

function allowCrossOrigin(request: FastifyRequest, reply: FastifyReply, form: WebFormRow): void {
  const origin = request.headers.origin;
  if (!originAllowed(form, origin, ownOrigin(request))) throw forbidden(`This form does not take submissions from ${origin}; an admin can add it to the form's allowed origins.`);
  if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}

export const webFormRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['web forms'];

  app.get('/web-forms', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(WebForm) }), ...errors(403) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    return { items: (await listWebForms(ctx.db)).map(presentWebForm) };
  });

  app.get('/web-forms/:id', { schema: { tags, params: IdParams, response: { 200: WebForm, ...errors(403, 404) } } }, async (request) => {
    authorize(principalOf(request), 'channels.manage');
    const row = await findWebForm(ctx.db, request.params.id);
    if (!row) throw notFound('web_form_not_found', `There is no web form ${request.params.id}.`);
    return presentWebForm(row);
  });

  app.post('/web-forms', { schema: { tags, body: WebFormBody, response: { 201: WebForm, ...errors(400, 403, 422) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'channels.manage');
    const view = await ctx.db.transaction().execute((tx) => createWebForm(tx, request.body, principal.id, ctx.clock.now()));
    return reply.code(201).send(view);
  });

  app.patch('/web-forms/:id', { schema: { tags, params: IdParams, body: WebFormPatch, response: { 200: WebForm, ...errors(400, 403, 404, 422) } } }, async (request) => {
    const principal = principalOf(request);
    authorize(principal, 'channels.manage');
    return ctx.db.transaction().execute((tx) => updateWebForm(tx, request.params.id, request.body, principal.id, ctx.clock.now()));
  });

  app.delete('/web-forms/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } }, async (request, reply) => {
    const principal = principalOf(request);
    authorize(principal, 'channels.manage');
    await ctx.db.transaction().execute((tx) => deleteWebForm(tx, request.params.id, principal.id));
    return reply.code(204).send(null);
  });

  // A site's own form, posting with fetch from one of the form's allowed origins.
  app.options('/web-forms/:key/submissions', { config: { public: true, anonymous: true }, schema: { hide: true, params: KeyParams } }, async (request, reply) => {
    allowCrossOrigin(request, reply, await openForm(ctx.db, request.params.key));
    return reply.header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '600').code(204).send();
  });

  app.post(
    '/web-forms/:key/submissions',
    {
      config: { public: true, anonymous: true, rateLimit: submissionRateLimit(ctx) },
      schema: {
        tags,
        description:
          'Public: what a site\'s own contact form sends. Stored before it is answered, then opened as a ticket (channel "web") from the customer with that email address; the answer goes by email. ' +
          `Browsers may post from the form's allowed origins only. At most WEB_FORM_RATE_LIMIT submissions per hour per client address.`,
        params: KeyParams,
        body: SubmissionBody,
        response: { 202: Type.Object({ received: Type.Literal(true), duplicate: Type.Boolean() }, { title: 'SubmissionReceived' }), ...errors(400, 403, 404, 422, 429) },
      },
    },
    async (request, reply) => {
      const form = await openForm(ctx.db, request.params.key);
      allowCrossOrigin(request, reply, form);
      const read = readSubmission(form.id, request.body);
      if ('problems' in read) {
        const list = read.problems.map((problem) => `${problem.field}: ${problem.code.replace('_', ' ')}`).join('; ');
        throw refused('invalid_submission', `The submission cannot be taken: ${list}.`, { problems: read.problems });
      }
      const { duplicate } = await receiveSubmission(ctx.db, read.submission, { ip: request.ip, submissionId: request.body.submissionId });
      return reply.code(202).send({ received: true, duplicate });
    },
  );
};
