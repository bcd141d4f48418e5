// HTTP for the first-run set-up: GET /setup says whether it is needed, POST /setup creates the
// first admin, names the desk and signs the admin in. Both are public; POST works only while no
// agent exists and is rate limited like sign-in.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { errors } from '../http/schema-kit.ts';
import { LoginResponse } from '../auth/schemas.ts';
import { openSession } from '../auth/verbs.ts';
import { presentSession } from '../auth/routes.ts';
import { SetupBody, SetupState } from './schemas.ts';
import { deskName, isSetupNeeded, runSetup, setupDone } from './verbs.ts';

export const setupRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['setup'];

  app.get('/setup', { config: { public: true }, schema: { tags, response: { 200: SetupState } } }, async () => ({
    needed: await isSetupNeeded(ctx.db),
    deskName: await deskName(ctx.db),
  }));

  app.post(
    '/setup',
    {
      config: { public: true, rateLimit: { max: ctx.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        description: 'Creates the first admin and names the help desk, only while no agent exists (409 setup_done afterwards, and for the loser of two set-ups at once). Signs the admin in.',
        body: SetupBody,
        response: { 201: LoginResponse, ...errors(400, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      // Refused before any password hashing: after the set-up this route costs an attacker's request nothing more.
      if (!(await isSetupNeeded(ctx.db))) throw setupDone();
      const now = ctx.clock.now();
      const session = await ctx.db.transaction().execute(async (tx) => {
        const admin = await runSetup(tx, request.body, now, request.ip);
        return openSession(tx, admin.id, now, ctx.config.sessionTtlHours);
      });
      request.log.warn({ agentId: session.agentId, address: request.ip }, 'first-run set-up: first admin created');
      return reply.code(201).send(presentSession(ctx, request, reply, session));
    },
  );
};
