import { isIP } from 'node:net';
import { z } from 'zod';
import { isValidZone } from './core/scheduling/zones.js';

/**
 * One schema for every setting. `loadConfig(env)` reads only the object it is given (never process.env
 * directly) and reports every problem at once, so a user fixes their .env in one go.
 */

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A secret someone could otherwise guess: at least 32 characters, or unset to have one generated in DATA_DIR. */
const secret = optional.pipe(
  z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`), or unset to have one generated in DATA_DIR').optional(),
);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('sqlite:./data/interview-caller.db'),
  /** SQLite only: how long a write waits for the write lock before it fails (and the turn is asked again). */
  SQLITE_BUSY_TIMEOUT_MS: positiveInt(5000),
  ADMIN_API_KEY: secret,
  /** The key do-not-call entries are stored under (an HMAC of the number); generated in DATA_DIR when unset. */
  DNC_SECRET: secret,
  DATA_DIR: z.string().default('./data'),

  TELEPHONY: z.enum(['twilio', 'simulated']).optional(),
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_PHONE_NUMBER: optional,
  TWILIO_API_BASE_URL: optional.pipe(z.string().url().optional()),
  WEBHOOK_BASE_URL: optional.pipe(z.string().url().optional()),
  /**
   * Which peers may set X-Forwarded-*: false (none), true (any: only when nothing else can reach the port), a hop
   * count, or a comma list of addresses/CIDRs, as Fastify's `trustProxy` takes them.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => parseTrustProxy(v, ctx)),
  /** Other public hosts (host[:port], comma-separated) a trusted proxy may forward Twilio's webhooks for. */
  WEBHOOK_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    ),
  /** Failed Twilio signatures per minute from one client before its requests are shed with one cheap check. */
  SIGNATURE_FAILURE_LIMIT: positiveInt(10),
  /** How long a client may take to send its headers; then the socket is closed (Twilio gives up after 15 s). */
  HTTP_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  /** How long a client may take to send a whole request (headers and body). */
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(15_000),

  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional.pipe(z.string().url().optional()),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  UNDERSTANDING_TIMEOUT_MS: positiveInt(1500),

  CANDIDATE_NAME: z.string().default('Alex Candidate'),
  CANDIDATE_PHONE: optional,
  CANDIDATE_EMAIL: optional,
  CANDIDATE_POSITION: z.string().default('Software Engineer'),
  CANDIDATE_COMPANY: z.string().default('TechCorp'),

  INTERVIEW_TIMEZONE: z.string().default('America/New_York'),
  INTERVIEW_SLOTS: optional,
  SLOT_CAPACITY: positiveInt(1),
  /** What the caller says when asked how long the interview takes ("a 45-minute video call"). */
  INTERVIEW_DURATION_MINUTES: positiveInt(45),
  /** How the interview is held, as spoken after its length: "video call", "phone call", "in-person interview". */
  INTERVIEW_FORMAT: z.string().min(1).default('video call'),
  MAX_TURNS: positiveInt(6),
  SPEECH_TIMEOUT: positiveInt(10),
  CALLING_HOURS: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected HH:MM-HH:MM, e.g. 08:00-21:00')
    .default('08:00-21:00'),
  CALL_RATE_LIMIT: positiveInt(30),
  /** Requests per minute per client IP on the other admin routes (Twilio routes and /health are never limited). */
  ADMIN_RATE_LIMIT: positiveInt(300),
  /** Requests a minute per client address to the candidates' reschedule page (/b/…). */
  BOOKING_PAGE_RATE_LIMIT: positiveInt(30),
  /** Requests a minute per client address to POST /auth/login and the sign-in links, failed or not. */
  LOGIN_RATE_LIMIT: positiveInt(30),
  /** Failed sign-ins per account in 15 minutes before the account's sign-ins are refused (429) until they age out. */
  LOGIN_FAILURE_LIMIT: positiveInt(5),
  /** Failed sign-ins per client address in 15 minutes (across accounts) before that address is refused (429). */
  LOGIN_IP_FAILURE_LIMIT: positiveInt(20),
  /** The owner account made on first start when there is no user yet (an admin; signs in with the printed link). */
  OWNER_EMAIL: z.string().default('owner@localhost'),
  RETENTION_DAYS: z.coerce.number().int().positive().optional(),
  BODY_LIMIT_BYTES: positiveInt(64 * 1024),

  /** GET /metrics on the main port only with `Authorization: Bearer <METRICS_TOKEN>`; unset (and no METRICS_PORT): 404. */
  METRICS_TOKEN: optional.pipe(z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional()),
  /** A second port for GET /metrics, bound to 127.0.0.1 and open without a token (a scraper on the same host). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** After SIGTERM, how long /ready answers 503 while requests are still served, before the server closes. */
  DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(5),
  /** Redis, for the coming campaign queue; when set, /ready checks that it answers PING. */
  REDIS_URL: optional.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'expected redis://[user:password@]host:port or rediss://…')
      .optional(),
  ),

  /** Campaign calls in progress at most, across every instance (claimed or dialled attempts in the database). */
  MAX_CONCURRENT_CALLS: positiveInt(5),
  /** Campaign calls started per second at most, across every instance (Twilio's default per account is 1). */
  TWILIO_CPS: positiveInt(1),
  /** How long a dispatcher's claim on an attempt holds unless renewed; an expired one is reconciled by any instance. */
  CAMPAIGN_LEASE_SECONDS: positiveInt(30),
  /** Simulated clock: how many simulated seconds pass per real second (demos and tests only; never with real calls). */
  CLOCK_SPEED: z.coerce.number().positive().max(1_000_000).default(1),
  /** Simulated clock: the simulated time at CLOCK_ANCHOR (ISO 8601); default the real time then. */
  CLOCK_EPOCH: optional.pipe(
    z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 date-time, e.g. 2026-11-24T15:00:00Z')
      .optional(),
  ),
  /**
   * Simulated clock: the real instant at which it reads CLOCK_EPOCH (ISO 8601); default the start of the process.
   * Several instances given the same CLOCK_EPOCH and CLOCK_ANCHOR read the same simulated time.
   */
  CLOCK_ANCHOR: optional.pipe(
    z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 date-time, e.g. 2026-11-24T15:00:00Z')
      .optional(),
  ),
  /** Email through this SMTP server (smtp://user:pass@host:587 or smtps://…:465); unset: every email goes to DATA_DIR/outbox. */
  SMTP_URL: optional.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, 'expected smtp://[user:password@]host:port or smtps://…')
      .optional(),
  ),
  /** The From of every email and the invites' ORGANIZER: "Name <address>" or an address. */
  MAIL_FROM: z.string().min(3).default('Interview scheduling <interviews@localhost>'),
  /** The prefix of the campaign queue's keys in Redis (REDIS_URL), so several services can share one Redis. */
  CAMPAIGN_QUEUE_PREFIX: z.string().min(1).default('interview-caller'),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FILE: z.string().default('conversation.log'),
  LOG_REDACT_PII: bool.default(false),
  LOG_PRETTY: bool.optional(),
});

/** TRUST_PROXY as Fastify's `trustProxy` takes it: a boolean, a hop count, or a list of addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

function parseTrustProxy(value: string, ctx: z.RefinementCtx): TrustProxy {
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === 'yes') return true;
  if (text === 'false' || text === 'no' || text === '' || text === '0') return false;
  // A number is a hop count (1: trust the nearest proxy only), as it was for the old boolean's '1'.
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    if (family === 0 || (prefix !== undefined && (!/^\d+$/.test(prefix) || Number(prefix) > maxPrefix))) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not an address or CIDR (expected true, false, a hop count or a list)` });
    }
  }
  return entries;
}

export type RawConfig = z.infer<typeof schema>;

export interface Config extends Omit<RawConfig, 'TELEPHONY'> {
  TELEPHONY: 'twilio' | 'simulated';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** True when the REST base URL is a test server: set, and its host is neither twilio.com nor one of its subdomains. */
function offTwilio(apiBaseUrl: string | undefined): boolean {
  if (apiBaseUrl === undefined) return false;
  const host = new URL(apiBaseUrl).hostname.toLowerCase().replace(/\.$/, '');
  return host !== 'twilio.com' && !host.endsWith('.twilio.com');
}

const TWILIO_REQUIRED = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'] as const;

/** Validates `env` once; throws a ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty line in .env (`TELEPHONY=`) means "not set", as it did for the prototype.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(present);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  const hasTwilio = TWILIO_REQUIRED.every((k) => raw[k] !== undefined);
  const telephony = raw.TELEPHONY ?? (hasTwilio ? 'twilio' : 'simulated');
  if (telephony === 'twilio') {
    for (const k of TWILIO_REQUIRED) {
      if (raw[k] === undefined) problems.push(`${k}: required when TELEPHONY=twilio`);
    }
    if (raw.WEBHOOK_BASE_URL === undefined) {
      problems.push('WEBHOOK_BASE_URL: required when TELEPHONY=twilio (the public URL Twilio calls back, e.g. your ngrok URL)');
    }
  }
  if (!isValidZone(raw.INTERVIEW_TIMEZONE)) {
    problems.push(`INTERVIEW_TIMEZONE: unknown IANA time zone "${raw.INTERVIEW_TIMEZONE}"`);
  }
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(raw.DATABASE_URL)) {
    problems.push('DATABASE_URL: expected sqlite:PATH, sqlite::memory: or postgres://...');
  }
  const [open, close] = raw.CALLING_HOURS.split('-');
  if (open !== undefined && close !== undefined && open >= close) {
    problems.push('CALLING_HOURS: the start must come before the end (00:00-24:00 allows any time)');
  }
  const simulatedClock = raw.CLOCK_SPEED !== 1 || raw.CLOCK_EPOCH !== undefined || raw.CLOCK_ANCHOR !== undefined;
  if (simulatedClock && telephony === 'twilio' && !offTwilio(raw.TWILIO_API_BASE_URL)) {
    const which = raw.CLOCK_SPEED !== 1 ? 'CLOCK_SPEED' : raw.CLOCK_EPOCH !== undefined ? 'CLOCK_EPOCH' : 'CLOCK_ANCHOR';
    problems.push(
      `${which}: the simulated clock is for simulated calls only (TELEPHONY=simulated, or TWILIO_API_BASE_URL pointing at a ` +
        'test server that is not *.twilio.com); real calls always run on the real clock (unset it)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...raw, TELEPHONY: telephony };
}
