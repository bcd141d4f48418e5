// The feature route plugins mounted under /api/v1 besides auth, agents and teams.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';

export const apiRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (_api, _options) => {};
