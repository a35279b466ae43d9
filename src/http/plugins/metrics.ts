import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../../metrics.js';
import { errorBody } from './errors.js';

/**
 * Prometheus: every request timed by route pattern, and GET /metrics served either on the main port behind
 * METRICS_TOKEN (a bearer token) or on a separate METRICS_PORT bound to 127.0.0.1 (no token: only the host reaches
 * it). With neither configured, the main port has no /metrics route (404): metrics name routes and volumes, not
 * something to publish.
 */

/** Times every request of `app` (hooks added to this instance, so call it on the root one). */
export function timeRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The pattern ('/conversations/:id'), never the URL: an id in a label would make a series per call.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}

/** GET /metrics on the main port, answered only with `Authorization: Bearer <token>` (401 otherwise). */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, token: string): void {
  // Compared as digests, in constant time, so neither the token's content nor its length shows in the timing.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(`Bearer ${token}`);
  const authorised = (request: FastifyRequest) => timingSafeEqual(digest(request.headers.authorization ?? ''), expected);
  app.get(
    '/metrics',
    { schema: { tags: ['status'], summary: 'Prometheus metrics (bearer METRICS_TOKEN)', hide: true } },
    async (request, reply) => {
      if (!authorised(request)) {
        return reply.status(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'Missing or wrong metrics token.'));
      }
      return sendMetrics(reply, metrics);
    },
  );
}

/** A second, bare server for METRICS_PORT: /metrics only, no token; main.ts binds it to 127.0.0.1. */
export function buildMetricsApp(metrics: Metrics): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) => sendMetrics(reply, metrics));
  return app;
}

async function sendMetrics(reply: FastifyReply, metrics: Metrics): Promise<FastifyReply> {
  const text = await metrics.registry.metrics();
  return reply.type(metrics.registry.contentType).send(text);
}
