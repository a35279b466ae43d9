import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createUnderstander } from './understander.js';
import type { AppUnderstander } from './understander.js';
import { createSimulatedTelephony } from './adapters/simulator/simulated-telephony.js';
import type { SimulatedTelephony } from './adapters/simulator/simulated-telephony.js';
import type { Telephony } from './adapters/telephony.js';
import { resolveDoNotCallSecret } from './admin-key.js';
import { createDb } from './db/create-db.js';
import type { DbHandle } from './db/create-db.js';
import { createClock } from './clock.js';
import { createLogger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createEmbeddedEngine } from './services/campaigns/embedded-engine.js';
import { createMessaging, type Messaging } from './services/messages/transports.js';
import type { CampaignEngine } from './services/campaigns/engine.js';
import { ensureDefaultJob } from './services/jobs.js';
import { startRetention } from './services/people.js';
import { createLiveBus, type LiveBus } from './services/live/bus.js';

/** Everything a request handler, a CLI command or a test needs; built once, closed once. */
export interface Deps {
  config: Config;
  database: DbHandle;
  telephony: Telephony | SimulatedTelephony;
  understander: AppUnderstander;
  logger: Logger;
  /** The clock (simulated when CLOCK_SPEED/CLOCK_EPOCH are set); tests inject a fixed one. */
  now: () => Date;
  /** Simulated seconds per real second (CLOCK_SPEED): a wait on `now` of d ms takes d / clockSpeed real ms. */
  clockSpeed: number;
  /** This process among the instances sharing the database (hostname:pid:random): who claimed an attempt. */
  instanceId: string;
  /** The campaign dispatcher (embedded, or BullMQ with REDIS_URL); started once the server listens. */
  campaigns: CampaignEngine;
  /** The token webhooks are signed with: Twilio's, or in simulated mode a random one made at start. */
  authToken: string;
  /** The secret do-not-call entries are keyed under (DNC_SECRET, or generated and kept in DATA_DIR). */
  doNotCallSecret: string;
  /** Public base URL of the webhooks; in simulated mode it can be set once the port is known. */
  webhookBase: { url: string };
  /** Email (SMTP_URL, else the outbox) and SMS (Twilio Messages, else the outbox) for confirmations and reminders. */
  messaging: Messaging;
  /** This instance's Prometheus registry and metrics (per Deps, so apps in one process never share counters). */
  metrics: Metrics;
  /** Set by main.ts on SIGTERM: /ready answers 503 from then on, while requests are still served. */
  lifecycle: { draining: boolean };
  /** Turns and call starts/ends as they are stored, for the open `GET /live` streams of this process. */
  live: LiveBus;
  close(): Promise<void>;
}

export interface DepsOverrides {
  logger?: Logger;
  now?: () => Date;
}

/** Opens the database (migrating it), writes the default job from the settings and picks the telephony and the engine. */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config);
  const clock = createClock({ speed: config.CLOCK_SPEED, epoch: config.CLOCK_EPOCH, anchor: config.CLOCK_ANCHOR });
  const now = overrides.now ?? clock.now;
  const database = await createDb(config.DATABASE_URL, {
    busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS,
    onCheckpointError: (err) => logger.warn({ err }, 'background WAL checkpoint failed; retrying'),
    onPoolError: (err) => logger.error({ err }, 'a database connection was lost; the pool opens a new one'),
  });
  await ensureDefaultJob(database.db, config, now());
  const authToken = config.TWILIO_AUTH_TOKEN ?? randomBytes(24).toString('hex');
  const dnc = resolveDoNotCallSecret(config.DNC_SECRET, config.DATA_DIR);
  // Without this secret the do-not-call list cannot be matched any more: it must be kept with the database.
  if (dnc.created) logger.warn({ file: dnc.file }, 'DNC_SECRET is not set: generated the do-not-call secret in this file; back it up');
  const doNotCallSecret = dnc.key;
  // The twilio REST client (the package root) is loaded only in twilio mode; simulated mode never needs it.
  const telephony: Telephony =
    config.TELEPHONY === 'twilio'
      ? (await import('./adapters/twilio/rest-client.js')).createTwilioTelephony({
          accountSid: config.TWILIO_ACCOUNT_SID ?? '',
          authToken,
          ...(config.TWILIO_API_BASE_URL === undefined ? {} : { apiBaseUrl: config.TWILIO_API_BASE_URL }),
        })
      : createSimulatedTelephony({
          authToken,
          onError: (callSid, err) => logger.error({ callSid, err }, 'simulated call stopped with an error'),
        });
  // Texts go through Twilio Messages with real calls; in simulated mode, like email without SMTP_URL, to the outbox.
  const sms =
    config.TELEPHONY === 'twilio'
      ? (await import('./adapters/twilio/messages.js')).createTwilioSms({
          accountSid: config.TWILIO_ACCOUNT_SID ?? '',
          authToken,
          from: config.TWILIO_PHONE_NUMBER ?? '',
          ...(config.TWILIO_API_BASE_URL === undefined ? {} : { apiBaseUrl: config.TWILIO_API_BASE_URL }),
        })
      : undefined;
  const messaging = createMessaging({
    smtpUrl: config.SMTP_URL,
    mailFrom: config.MAIL_FROM,
    outboxDir: join(config.DATA_DIR, 'outbox'),
    sms,
  });
  const metrics = createMetrics();
  const understander = createUnderstander(config, (event) => {
    metrics.fallbacks.inc({ reason: event.reason });
    logger.warn({ reason: event.reason, elapsedMs: event.elapsedMs }, 'understanding fell back to the local engine');
  });
  const webhookBase = { url: (config.WEBHOOK_BASE_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, '') };
  // RETENTION_DAYS: purge once now, then hourly on an unref'd timer, stopped by close().
  const stopRetention = await startRetention({ config, database, logger, now });
  const deps: Deps = {
    config,
    database,
    telephony,
    understander,
    logger,
    now,
    clockSpeed: clock.speed,
    instanceId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    campaigns: { kind: 'embedded', start: async () => undefined, poke: () => undefined, close: async () => undefined },
    authToken,
    doNotCallSecret,
    webhookBase,
    messaging,
    metrics,
    lifecycle: { draining: false },
    live: createLiveBus({ onListenerError: (err) => logger.warn({ err }, 'a live stream listener failed') }),
    async close() {
      // First: no new call is dialled while the rest closes (calls in flight keep their leases for reconcile).
      await deps.campaigns.close();
      stopRetention();
      messaging.close();
      await telephony.close();
      await database.close();
      logger.flush();
    },
  };
  // The engine needs the finished Deps; it dispatches nothing until start() (after the server listens).
  deps.campaigns =
    config.REDIS_URL === undefined
      ? createEmbeddedEngine(deps)
      : (await import('./services/campaigns/redis-engine.js')).createRedisEngine(deps);
  return deps;
}
