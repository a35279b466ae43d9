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

  // A browser (Accept prefers HTML) is sent to the dashboard; API clients and scripts get the status as before.
  app.get('/', { schema: { tags: ['status'], summary: 'Service status (a browser is redirected to /app/)' } }, async (request, reply) =>
    prefersHtml(request.headers.accept) ? reply.redirect('/app/', 302) : serviceStatus(deps),
  );
};

/** Whether an Accept header ranks text/html above application/json (a browser's navigation does; curl's does not). */
export function prefersHtml(accept: string | undefined): boolean {
  const quality = (type: string): number => {
    for (const part of (accept ?? '').split(',')) {
      const [media, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
      if (media !== type) continue;
      const q = params.find((p) => p.startsWith('q='));
      return q === undefined ? 1 : Number(q.slice(2)) || 0;
    }
    return 0;
  };
  const html = quality('text/html');
  return html > 0 && html > quality('application/json');
}
