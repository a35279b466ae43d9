import 'dotenv/config';
import { mkdirSync } from 'node:fs';
import { buildApp } from './app.js';
import { resolveAdminKey } from './admin-key.js';
import { ConfigError, loadConfig } from './config.js';
import { tighten } from './db/sqlite-files.js';
import { createDeps } from './deps.js';
import { buildMetricsApp } from './http/plugins/metrics.js';
import { ensureOwner, signInLinkUrl } from './services/auth/users.js';

/**
 * loadConfig -> createDeps -> buildApp -> listen. SIGTERM drains first (/ready answers 503 for DRAIN_SECONDS while
 * requests are still served, so the load balancer stops sending work), then stops taking requests, finishes, closes;
 * SIGINT (a person at a terminal) skips the drain.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // DATA_DIR holds the database, its WAL and the secrets: owner-only, created so and tightened when looser.
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  tighten(config.DATA_DIR, 0o700);
  const deps = await createDeps(config);
  const admin = resolveAdminKey(config.ADMIN_API_KEY, config.DATA_DIR);
  if (admin.file !== undefined) {
    deps.logger.warn({ file: admin.file, created: admin.created }, 'ADMIN_API_KEY is not set: using the generated key stored in this file');
  }
  const app = await buildApp(deps, { adminKey: admin.key });
  let closing = false;
  // While draining and closing, every answer ends its connection: a load balancer's keep-alive socket then opens its
  // next one elsewhere, and an idle socket cannot hold app.close() open until keepAliveTimeout (72 s).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  // Metrics for a scraper on this host only: bound to 127.0.0.1, so no token is asked.
  const metricsApp = config.METRICS_PORT === undefined ? undefined : buildMetricsApp(deps.metrics);
  await metricsApp?.listen({ port: config.METRICS_PORT, host: '127.0.0.1' });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  if (config.WEBHOOK_BASE_URL === undefined) {
    const port = app.server.address();
    if (port !== null && typeof port === 'object') deps.webhookBase.url = `http://127.0.0.1:${port.port}`;
  }
  // First start: no user yet, so an owner (admin) is made, who signs in once with this link and sets a password.
  const owner = await ensureOwner(deps, config.OWNER_EMAIL);
  if (owner !== undefined) {
    const port = app.server.address();
    const base = config.WEBHOOK_BASE_URL ?? `http://localhost:${port !== null && typeof port === 'object' ? port.port : config.PORT}`;
    deps.logger.warn(
      { email: owner.email, link: signInLinkUrl(base, owner.token) },
      'No user yet: created the owner account; open this one-time sign-in link within 24 hours to set its password',
    );
  }
  // Campaign calls are dialled only now: a simulated call posts to this server's own webhooks.
  await deps.campaigns.start();
  deps.logger.info(
    {
      address,
      campaigns: deps.campaigns.kind,
      clockSpeed: deps.clockSpeed,
      telephony: deps.telephony.mode,
      database: deps.database.dialect,
      webhooks: deps.webhookBase.url,
      docs: `${address}/docs`,
    },
    'interview-caller is listening',
  );
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    // An instance on its way out starts no new campaign call (the others, or its successor, take the due ones).
    await deps.campaigns.close().catch((err: unknown) => deps.logger.error({ err }, 'the campaign engine did not close cleanly'));
    if (signal === 'SIGTERM' && config.DRAIN_SECONDS > 0) {
      deps.lifecycle.draining = true;
      deps.logger.info({ signal, seconds: config.DRAIN_SECONDS }, 'draining: /ready answers 503, requests are still served');
      await new Promise((resolve) => setTimeout(resolve, config.DRAIN_SECONDS * 1000));
    }
    deps.lifecycle.draining = true;
    deps.logger.info({ signal }, 'shutting down: finishing requests in flight');
    // A turn is bounded by the understanding budget; past this the process gives up on what is left.
    const deadline = setTimeout(
      () => {
        deps.logger.error({ signal }, 'shutdown took too long: exiting with requests still open');
        process.exit(1);
      },
      Math.max(10_000, config.UNDERSTANDING_TIMEOUT_MS + 5_000),
    );
    deadline.unref();
    // Connections that go idle after the close began (their answer was already on its way) are closed too.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
    reaper.unref();
    try {
      await app.close(); // stops accepting connections at once; resolves when the requests in flight are answered
      await metricsApp?.close();
      await deps.close();
    } catch (err) {
      deps.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`interview-caller could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
