import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { health, serviceStatus } from '../../services/status.js';

/** Open routes: liveness and a status page with no secrets and no candidate data. */
export const statusRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/health', { schema: { tags: ['status'], summary: 'Liveness and database reachability' } }, async (_request, reply) => {
    const result = await health(deps);
    return reply.status(result.status === 'ok' ? 200 : 503).send(result);
  });

  app.get('/', { schema: { tags: ['status'], summary: 'Service status' } }, async () => serviceStatus(deps));
};
