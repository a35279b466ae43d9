import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { signTwilioRequest } from '../../src/adapters/twilio/signature.js';
import { requireAdminKey } from '../../src/http/plugins/admin-auth.js';
import { strictJsonBody } from '../../src/http/plugins/strict-body.js';
import { twilioWebhook } from '../../src/http/plugins/twilio-webhook.js';
import { calendarFeedRoutes, calendarTokenRoutes } from '../../src/http/routes/calendar-feed.js';
import { twilioSmsRoutes } from '../../src/http/routes/twilio-sms.js';
import { webhookRoutes } from '../../src/http/routes/webhooks.js';
import { ADMIN_KEY, AUTH_TOKEN, FIXED_NOW, adminRequest, type TestApp } from '../helpers/app.js';
import { freshDatabase, type TestDialect } from '../helpers/databases.js';

/** A clock the test moves by hand. */
export interface TestClock {
  now: Date;
  advance(ms: number): void;
}

export function testClock(start: Date = FIXED_NOW): TestClock {
  const clock = {
    now: new Date(start),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  return clock;
}

/**
 * The real service as test/helpers/app.ts starts it (same settings), with this capability's routes registered the
 * way app.ts registers them (admin scope, public feed, signed Twilio scope) when app.ts does not have them yet.
 */
export async function startWithWebhooks(dialect: TestDialect, clock: TestClock): Promise<TestApp> {
  const database = await freshDatabase(dialect);
  const config = loadConfig({
    DATABASE_URL: database.url,
    TELEPHONY: 'simulated',
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    DNC_SECRET: 'test-do-not-call-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    LOG_FILE: '',
    CANDIDATE_PHONE: '+14155550123',
    CANDIDATE_NAME: 'Jordan Lee',
    CANDIDATE_EMAIL: 'jordan@example.com',
    CALLING_HOURS: '00:00-24:00',
  });
  const deps = await createDeps(config, { logger: pino({ level: 'silent' }), now: () => clock.now });
  const app: FastifyInstance = await buildApp(deps, { adminKey: ADMIN_KEY });
  if (!app.hasRoute({ method: 'POST', url: '/webhooks' })) {
    await app.register(async (admin) => {
      admin.addHook('onRequest', requireAdminKey(ADMIN_KEY));
      admin.addHook('preValidation', strictJsonBody);
      await admin.register(webhookRoutes, { deps });
      await admin.register(calendarTokenRoutes, { deps });
    });
  }
  if (!app.hasRoute({ method: 'GET', url: '/jobs/:id/calendar.ics' })) await app.register(calendarFeedRoutes, { deps });
  if (!app.hasRoute({ method: 'POST', url: '/twilio-sms' })) {
    await app.register(async (twilio) => {
      twilioWebhook(twilio, deps);
      await twilio.register(twilioSmsRoutes, { deps });
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  deps.webhookBase.url = url;
  return {
    app,
    deps,
    url,
    admin: (method, path, body) => adminRequest(url, ADMIN_KEY, method, path, body),
    async twilio(path, form, signature) {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature === '' ? {} : { 'x-twilio-signature': signature ?? signTwilioRequest(deps.authToken, `${url}${path}`, form) }),
        },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async close() {
      await deps.campaigns.close();
      await app.close();
      await deps.close();
      await database.drop();
    },
  };
}

/** One request the receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers a request: a status, or 'hang' (never answers). */
export type Answer = number | 'hang';

/** An HTTP receiver of webhooks: records every request and answers from a script (then 200). */
export interface Receiver {
  url: string;
  received: Received[];
  /** The answers to the next requests, in order; 200 once they run out. */
  script: Answer[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = { url: '', received, script: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = receiver.script.shift() ?? 200;
      if (answer === 'hang') return;
      if (answer >= 300 && answer < 400) res.setHeader('location', `${receiver.url}/redirected`);
      res.writeHead(answer).end(answer >= 400 ? 'nope' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
