import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { bookingPageRoutes } from '../../src/http/routes/booking-page.js';
import { ADMIN_KEY, type TestApp } from '../helpers/app.js';

/**
 * The service's app over the test app's dependencies with the booking page in it: registered here until src/app.ts
 * registers it (then that registration is used as is). Not listening: `listen` when a browser needs it.
 */
export async function pagesApp(t: TestApp, rateLimit = { max: 10_000, timeWindowMs: 60_000 }): Promise<FastifyInstance> {
  // The page's limit is a setting (BOOKING_PAGE_RATE_LIMIT, a minute's window): this app's is the one asked for.
  const app = await buildApp({ ...t.deps, config: { ...t.deps.config, BOOKING_PAGE_RATE_LIMIT: rateLimit.max } }, { adminKey: ADMIN_KEY });
  if (!app.hasRoute({ method: 'GET', url: '/b/:token' })) await app.register(bookingPageRoutes, { deps: t.deps, rateLimit });
  return app;
}
