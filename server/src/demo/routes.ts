// POST /admin/demo-data: seed-demo inside the running server, so the embedded database (which only
// one process may open) need not be stopped first. Admins only; a second call adds nothing.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Context } from '../context.ts';
import { principalOf } from '../http/auth-hook.ts';
import { errors } from '../http/schema-kit.ts';
import { authorize } from '../auth/policy.ts';
import { seedDemo } from '../cli/seed-demo.ts';

const SeedAnswer = Type.Object({
  skipped: Type.Boolean({ description: 'True when the demo data was already there (nothing was added).' }),
  organizations: Type.Integer(),
  customers: Type.Integer(),
  tickets: Type.Integer(),
  messages: Type.Integer(),
  agents: Type.Array(Type.Object({ email: Type.String(), name: Type.String(), role: Type.String() })),
  agentPassword: Type.String({ description: 'The password every demo agent signs in with.' }),
}, { title: 'DemoDataResult' });

export const demoRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    '/admin/demo-data',
    {
      schema: {
        tags: ['admin'],
        description: 'Fills the instance with demo organizations, customers, agents and tickets (what `npm run frontline -- seed-demo` does). Admins only.',
        response: { 200: SeedAnswer, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // It creates agents with a known password: the same permission as creating agents.
      authorize(principal, 'agents.manage');
      const result = await seedDemo(ctx.db, ctx.clock.now());
      request.log.info({ agentId: principal.id, skipped: result.skipped, tickets: result.tickets }, 'demo data seeded');
      return result;
    },
  );
};
