import 'dotenv/config';
import { buildApp } from './app.js';
import { resolveAdminKey } from './admin-key.js';
import { ConfigError, loadConfig } from './config.js';
import { createDeps } from './deps.js';

/** loadConfig -> createDeps -> buildApp -> listen; SIGTERM/SIGINT stop taking requests, finish, close. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const deps = await createDeps(config);
  const admin = resolveAdminKey(config.ADMIN_API_KEY, config.DATA_DIR);
  if (admin.file !== undefined) {
    deps.logger.warn({ file: admin.file, created: admin.created }, 'ADMIN_API_KEY is not set: using the generated key stored in this file');
  }
  const app = await buildApp(deps, { adminKey: admin.key });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  if (config.WEBHOOK_BASE_URL === undefined) {
    const port = app.server.address();
    if (port !== null && typeof port === 'object') deps.webhookBase.url = `http://127.0.0.1:${port.port}`;
  }
  deps.logger.info(
    { address, telephony: deps.telephony.mode, database: deps.database.dialect, webhooks: deps.webhookBase.url, docs: `${address}/docs` },
    'interview-caller is listening',
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    deps.logger.info({ signal }, 'shutting down: finishing requests in flight');
    await app.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`interview-caller could not start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  }
  process.exit(1);
});
