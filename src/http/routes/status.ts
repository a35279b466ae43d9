import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { health, readiness, serviceStatus } from '../../services/status.js';

/** Open routes: liveness, readiness and a status page with no secrets and no candidate data. */
export const statusRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/health', { schema: { tags: ['status'], summary: 'Liveness and database reachability' } }, async (_request, reply) => {
    const result = await health(deps);
    return reply.status(result.status === 'ok' ? 200 : 503).send(result);
  });

  // For a load balancer or an orchestrator: 503 while draining (after SIGTERM) or when a dependency is not usable.
  app.get(
    '/ready',
    { schema: { tags: ['status'], summary: 'Readiness: not draining, database writable and migrated, Redis (when configured) up' } },
    async (_request, reply) => {
      const result = await readiness(deps);
      return reply.status(result.ready ? 200 : 503).send(result);
    },
  );

  app.get('/', { schema: { tags: ['status'], summary: 'Service status' } }, async () => serviceStatus(deps));
};
