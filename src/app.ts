import { randomUUID } from 'node:crypto';
import type { ServerOptions } from 'node:http';
import formbody from '@fastify/formbody';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from './deps.js';
import cookie from '@fastify/cookie';
import { decorateAuth, requireSignIn } from './http/plugins/auth.js';
import { createLoginThrottle } from './services/auth/login-throttle.js';
import { auditRoutes } from './http/routes/audit.js';
import { authPublicRoutes, authRoutes } from './http/routes/auth.js';
import { userRoutes } from './http/routes/users.js';
import { clientErrorHandler, errorBody, jsonErrorHandler } from './http/plugins/errors.js';
import { bindCallIds } from './http/plugins/call-logging.js';
import { metricsRoute, timeRequests } from './http/plugins/metrics.js';
import { securityHeaders } from './http/plugins/security-headers.js';
import { strictJsonBody } from './http/plugins/strict-body.js';
import { twilioWebhook } from './http/plugins/twilio-webhook.js';
import { analyticsRoutes } from './http/routes/analytics.js';
import { appShellRoutes } from './http/routes/app-shell.js';
import { callRoutes } from './http/routes/calls.js';
import { messageRoutes } from './http/routes/messages.js';
import { bookingPageRoutes } from './http/routes/booking-page.js';
import { calendarFeedRoutes, calendarTokenRoutes } from './http/routes/calendar-feed.js';
import { twilioSmsRoutes } from './http/routes/twilio-sms.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { campaignRoutes } from './http/routes/campaigns.js';
import { candidateRoutes } from './http/routes/candidates.js';
import { conversationRoutes } from './http/routes/conversations.js';
import { jobRoutes } from './http/routes/jobs.js';
import { liveRoutes } from './http/routes/live.js';
import { tryCallRoutes } from './http/routes/try-call.js';
import { peopleRoutes } from './http/routes/people.js';
import { statusRoutes } from './http/routes/status.js';
import { twilioRoutes } from './http/routes/twilio.js';
import { VERSION } from './version.js';

export interface AppOptions {
  adminKey: string;
}

/** Wiring only: plugins and routes over the given dependencies. Never reads process.env. */
export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the instance is the plain FastifyInstance (pino's own type would reach its generics).
  const httpLogger: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const serverOptions: ServerOptions = {
    headersTimeout: Math.min(deps.config.HTTP_HEADERS_TIMEOUT_MS, deps.config.HTTP_REQUEST_TIMEOUT_MS),
    connectionsCheckingInterval: Math.min(1000, deps.config.HTTP_HEADERS_TIMEOUT_MS),
  };
  const app = Fastify({
    loggerInstance: httpLogger,
    // Turns are logged by the services with their CallSid and timing; per-request access logs would double that.
    logController: new LogController({ disableRequestLogging: true }),
    // Unique across instances and restarts (Fastify's default counts from req-1 in each process).
    genReqId: () => randomUUID(),
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    // A hop count as the function Fastify builds from one (its types take no number): trust the nearest `n` peers.
    trustProxy: typeof deps.config.TRUST_PROXY === 'number' ? hopsTrusted(deps.config.TRUST_PROXY) : deps.config.TRUST_PROXY,
    // Slow clients (headers or a body at a byte a second) are cut off: Twilio itself gives up on a webhook after
    // 15 s, so nothing legitimate takes longer. Node checks these every connectionsCheckingInterval.
    requestTimeout: deps.config.HTTP_REQUEST_TIMEOUT_MS,
    http: serverOptions,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    return503OnClosing: true,
    // Router errors (a path parameter over 100 characters, a malformed %-escape) answer in the same JSON shape.
    frameworkErrors: (err, request, reply) => {
      void jsonErrorHandler.call(request.server, err, request, reply);
    },
    clientErrorHandler,
  });
  app.setErrorHandler(jsonErrorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
  await app.register(formbody);
  await app.register(cookie);
  decorateAuth(app);
  securityHeaders(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'interview-caller',
        version: VERSION,
        description: 'Phones job candidates through Twilio, talks with them and books their interview.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'ic_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  timeRequests(app, deps.metrics);
  // Without METRICS_TOKEN the main port has no /metrics (404); METRICS_PORT serves them on localhost (main.ts).
  if (deps.config.METRICS_TOKEN !== undefined) metricsRoute(app, deps.metrics, deps.config.METRICS_TOKEN);
  await app.register(statusRoutes, { deps });
  // The dashboard's files (no key: the app signs in through the API, which checks every request).
  await app.register(appShellRoutes);
  // The candidate's reschedule/cancel page: no key (the link's token is the credential), its own rate limit.
  await app.register(bookingPageRoutes, { deps, rateLimit: { max: deps.config.BOOKING_PAGE_RATE_LIMIT, timeWindowMs: 60_000 } });
  // A job's calendar feed: no key (the feed's own token in the URL is the key, as calendar apps subscribe by URL).
  await app.register(calendarFeedRoutes, { deps });
  await app.register(async (twilio) => {
    // Form only, capped, signed; clients whose signatures keep failing are shed (see the plugin).
    twilioWebhook(twilio, deps);
    bindCallIds(twilio); // after the signature hook: only a genuine webhook's ids are bound to its log lines
    await twilio.register(twilioRoutes, { deps });
    await twilio.register(twilioSmsRoutes, { deps });
  });
  // Signing in: no credentials asked (the password or the link's token is the credential), its own rate limits.
  const throttle = createLoginThrottle({
    now: deps.now,
    accountLimit: deps.config.LOGIN_FAILURE_LIMIT,
    ipLimit: deps.config.LOGIN_IP_FAILURE_LIMIT,
    windowMs: 15 * 60_000,
  });
  await app.register(authPublicRoutes, { deps, throttle, perMinute: deps.config.LOGIN_RATE_LIMIT });
  await app.register(async (admin) => {
    // Rate limits (admin scope only: Twilio routes and /health are never limited), checked before the key so
    // guessing it is throttled too. POST /make-actual-call has its own, stricter budget: CALL_RATE_LIMIT a minute.
    await admin.register(rateLimit, { global: false });
    const isCall = (request: FastifyRequest) => request.routeOptions.url === '/make-actual-call' && request.method === 'POST';
    admin.addHook(
      'onRequest',
      admin.rateLimit({
        timeWindow: 60_000,
        max: (request) => (isCall(request) ? deps.config.CALL_RATE_LIMIT : deps.config.ADMIN_RATE_LIMIT),
        keyGenerator: (request) => `${isCall(request) ? 'call' : 'admin'}|${normalizeIP(request.ip)}`,
        errorResponseBuilder: (_request, context) =>
          Object.assign(new Error(`Too many requests: retry in ${context.after}.`), { statusCode: context.statusCode }),
      }),
    );
    // Who is asking (ADMIN_API_KEY, a user's API token or session), their role, CSRF for sessions, the audit log.
    requireSignIn(admin, deps, options.adminKey);
    // JSON bodies are checked without type coercion (ajv's coercion is for querystrings): a wrong type is a 400.
    admin.addHook('preValidation', strictJsonBody);
    await admin.register(authRoutes, { deps });
    await admin.register(userRoutes, { deps });
    await admin.register(auditRoutes, { deps });
    await admin.register(callRoutes, { deps });
    await admin.register(conversationRoutes, { deps });
    await admin.register(analyticsRoutes, { deps });
    await admin.register(liveRoutes, { deps });
    await admin.register(tryCallRoutes, { deps });
    await admin.register(peopleRoutes, { deps });
    await admin.register(jobRoutes, { deps });
    await admin.register(candidateRoutes, { deps });
    await admin.register(campaignRoutes, { deps });
    await admin.register(messageRoutes, { deps });
    await admin.register(webhookRoutes, { deps });
    await admin.register(calendarTokenRoutes, { deps });
  });
  return app;
}

function hopsTrusted(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
