import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import type { Deps } from '../../src/deps.js';
import { signTwilioRequest } from '../../src/adapters/twilio/signature.js';
import { freshDatabase } from './databases.js';
import type { FreshDatabase, TestDialect } from './databases.js';
import { createUser } from '../../src/services/auth/users.js';
import type { Role } from '../../src/core/auth/roles.js';
import type { JsonBody } from './json.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdefghij';
export const AUTH_TOKEN = 'test-auth-token-abcdef';

/** A fixed Tuesday morning in New York, before the default slots' week. */
export const FIXED_NOW = new Date('2026-11-24T15:00:00Z');

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  /** Sends an admin request with the key. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonBody }>;
  /** Posts a form to a Twilio route, signed as Twilio would (or with `signature` to forge). */
  twilio(path: string, form: Record<string, string>, signature?: string): Promise<{ status: number; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export interface StartOptions {
  dialect: TestDialect;
  /** Reuse this database (e.g. to restart the service on it); it is then left for the caller to drop. */
  database?: FreshDatabase;
  env?: Record<string, string>;
  /** The clock: FIXED_NOW by default; 'service' for the service's own (real, or CLOCK_SPEED/CLOCK_EPOCH in `env`). */
  now?: (() => Date) | 'service';
  /** Starts the campaign engine once the app listens (off by default: other suites' attempts are never dialled). */
  campaigns?: boolean;
  /** The service's logger (default: silent); pass one writing to a stream to assert on log lines. */
  logger?: Logger;
}

/** Starts the real service on a fresh database, listening on a free port, with webhooks pointing at itself. */
export async function startApp(options: StartOptions): Promise<TestApp> {
  const database = options.database ?? (await freshDatabase(options.dialect));
  // A data folder of its own (the outbox of messages, generated secrets): apps of parallel tests never share one.
  const dataDir = await mkdtemp(join(tmpdir(), 'ic-app-data-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    TELEPHONY: 'simulated',
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    DNC_SECRET: 'test-do-not-call-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    LOG_FILE: '',
    CANDIDATE_PHONE: '+14155550123',
    CANDIDATE_NAME: 'Jordan Lee',
    CANDIDATE_EMAIL: 'jordan@example.com',
    // FIXED_NOW is 5 AM in Honolulu: suites that are not about calling hours dial at any time (test/security sets them).
    CALLING_HOURS: '00:00-24:00',
    // Suites sign in many people from 127.0.0.1 (signIn); test/auth sets the limit where it is the subject.
    LOGIN_RATE_LIMIT: '1000',
    ...options.env,
  });
  const now = options.now === 'service' ? undefined : (options.now ?? (() => FIXED_NOW));
  const deps = await createDeps(config, { logger: options.logger ?? pino({ level: 'silent' }), ...(now === undefined ? {} : { now }) });
  const app = await buildApp(deps, { adminKey: ADMIN_KEY });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  if (config.WEBHOOK_BASE_URL === undefined) deps.webhookBase.url = url;
  // Simulated campaign calls post to this app's own webhooks: the engine starts once it listens.
  if (options.campaigns === true) await deps.campaigns.start();
  return {
    app,
    deps,
    url,
    admin: (method, path, body) => adminRequest(url, ADMIN_KEY, method, path, body),
    async twilio(path, form, signature) {
      const signedUrl = `${deps.webhookBase.url}${path}`;
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature === '' ? {} : { 'x-twilio-signature': signature ?? signTwilioRequest(deps.authToken, signedUrl, form) }),
        },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async close() {
      await deps.campaigns.close();
      await app.close();
      await deps.close();
      if (options.database === undefined) await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Places a simulated call and waits until the simulator has played it to the end; returns the stored conversation. */
export async function simulatedCall(
  t: TestApp,
  replies: Array<string | null | { digits: string }>,
  candidate: Record<string, string> = {},
): Promise<{ callSid: string; conversation: JsonBody; transcript: Array<{ speaker: string; text: string }> }> {
  const res = await t.admin('POST', '/make-actual-call', { candidate, simulate: { replies } });
  if (res.status !== 201) throw new Error(`make-actual-call answered ${res.status}: ${JSON.stringify(res.body)}`);
  const callSid = res.body.call_sid as string;
  const telephony = t.deps.telephony as {
    finished?: (sid: string) => Promise<{ transcript: Array<{ speaker: string; text: string }> } | undefined>;
  };
  const recording = await telephony.finished?.(callSid);
  const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
  return { callSid, conversation, transcript: recording?.transcript ?? [] };
}

/** An admin API request with a bearer key; the JSON body parsed (undefined when empty). */
export async function adminRequest(
  base: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: JsonBody }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Places a call with the configured candidate and returns its CallSid (the request must succeed). */
export async function placeCall(t: Pick<TestApp, 'admin'>): Promise<string> {
  const res = await t.admin('POST', '/make-actual-call', {});
  if (res.status !== 201) throw new Error(`make-actual-call answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.call_sid as string;
}

/** A signed-in person: the `cookie` header value (ic_session=…), the session's CSRF token, and the credentials used. */
export interface SignedIn {
  cookie: string;
  csrf: string;
  email: string;
  password: string;
  userId: number;
}

/**
 * Creates a user with `role` and a password, and signs in through POST /auth/login (the real route).
 * Send `cookie` as the Cookie header and `csrf` as x-csrf-token on every non-GET request (see {@link userRequest}).
 */
export async function signIn(t: Pick<TestApp, 'deps' | 'url'>, role: Role = 'admin', email?: string): Promise<SignedIn> {
  const address = email ?? `${role}-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const password = `pw-${Math.random().toString(36).slice(2)}-long-enough`;
  const user = await createUser(t.deps, { email: address, role, password });
  const res = await fetch(`${t.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: address, password }),
  });
  const body: JsonBody = await res.json();
  if (res.status !== 200) throw new Error(`/auth/login answered ${res.status}: ${JSON.stringify(body)}`);
  const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('ic_session=')) ?? '').split(';')[0] ?? '';
  return { cookie, csrf: body.csrf_token as string, email: address, password, userId: user.id };
}

/** A request as a signed-in person: their cookie, and their CSRF token unless `csrf` is given ('' sends none). */
export async function userRequest(
  t: Pick<TestApp, 'url'>,
  who: Pick<SignedIn, 'cookie' | 'csrf'>,
  method: string,
  path: string,
  body?: unknown,
  csrf: string = who.csrf,
): Promise<{ status: number; body: JsonBody; headers: Headers }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: {
      cookie: who.cookie,
      ...(csrf === '' ? {} : { 'x-csrf-token': csrf }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: JsonBody = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON (an HTML page, a CSV): the text as it came
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
