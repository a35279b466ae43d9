/** Starts the real service (built, or from source for the smoke run) on a fresh database, for the benchmark. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import pg from 'pg';
import twilio from 'twilio';
import { startFakeTwilioRest, type FakeTwilioRest } from './fake-twilio.js';
import type { Client } from './load.js';
import { freePort, serviceCommand, startChild, type Child, type ServerMode } from './proc.js';

export type BenchDialect = 'sqlite' | 'postgres';

export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
export const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
export const PG_ADMIN_URL =
  process.env.BENCH_PG_ADMIN_URL ?? process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  dialect: BenchDialect;
  url: string;
  drop(): Promise<void>;
}

async function withPgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database: a SQLite file in a temp dir, or `CREATE DATABASE ic_bench_<random>`. */
export async function freshBenchDatabase(dialect: BenchDialect): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ic-bench-'));
    return { dialect, url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `ic_bench_${randomBytes(5).toString('hex')}`;
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: () => withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Weekday slots 09:00–17:00 (New York) for the next four weeks: ~180 slots, so the offer has real choices. */
export function benchSlots(now = new Date()): string {
  const out: string[] = [];
  let day = DateTime.fromJSDate(now, { zone: 'America/New_York' }).startOf('day').plus({ days: 1 });
  for (let i = 0; i < 28; i++, day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    for (let hour = 9; hour <= 17; hour++) out.push(day.set({ hour }).toFormat("yyyy-LL-dd'T'HH:mm"));
  }
  return out.join(',');
}

export interface RunningService {
  child: Child;
  url: string;
  database: BenchDatabase;
  /** The fake Twilio REST API the service places its calls with. */
  rest: FakeTwilioRest;
  stop(): Promise<void>;
}

/** A placed call as the benchmark plays it: Twilio's CallSid and the webhook path the service gave for the answer. */
export interface BenchCall {
  callSid: string;
  /** `/twilio-voice?conversation=…`: the conversation's id travels in every URL, so no webhook looks up the CallSid. */
  voicePath: string;
}

/** The service with TELEPHONY=twilio pointed at a fake Twilio REST API, local understanding, warn-level logs. */
export async function startService(options: {
  database: BenchDatabase;
  mode: ServerMode;
  env?: Record<string, string>;
}): Promise<RunningService> {
  const rest = await startFakeTwilioRest();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ic-bench-data-'));
  const url = `http://127.0.0.1:${port}`;
  let child: Child;
  try {
    child = await startChild(
      serviceCommand(options.mode),
      {
        NODE_ENV: 'production',
        DATABASE_URL: options.database.url,
        DATA_DIR: dataDir,
        ADMIN_API_KEY: ADMIN_KEY,
        TELEPHONY: 'twilio',
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_PHONE_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: rest.url,
        WEBHOOK_BASE_URL: url,
        OPENAI_API_KEY: '',
        CANDIDATE_PHONE: '+14155550123',
        CANDIDATE_NAME: 'Jordan Lee',
        CANDIDATE_EMAIL: 'jordan@example.com',
        INTERVIEW_SLOTS: benchSlots(),
        SLOT_CAPACITY: '1000000',
        CALL_RATE_LIMIT: '1000000',
        ADMIN_RATE_LIMIT: '1000000',
        CALLING_HOURS: '00:00-24:00',
        LOG_LEVEL: 'warn',
        LOG_FILE: '',
        LOG_PRETTY: 'false',
        ...options.env,
      },
      port,
    );
  } catch (err) {
    await rest.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    child,
    url,
    database: options.database,
    rest,
    async stop() {
      await child.stop();
      await rest.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POST /make-actual-call with the admin key; returns the CallSid and the voice webhook the service gave Twilio. */
export async function createCall(service: Pick<RunningService, 'url' | 'rest'>, client: Client, index: number): Promise<BenchCall> {
  const body = JSON.stringify({
    candidate: { name: `Candidate ${index}`, phone: `+1415555${String(1000 + (index % 9000)).padStart(4, '0')}` },
  });
  const res = await client.request(
    'POST',
    '/make-actual-call',
    { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body,
  );
  if (res.status !== 201) throw new Error(`make-actual-call answered ${res.status}: ${res.body}`);
  const callSid = (JSON.parse(res.body) as { call_sid: string }).call_sid;
  return { callSid, voicePath: voicePathOf(service.rest, callSid, service.url) };
}

/** The path of the voice URL the service asked (fake) Twilio to fetch for `callSid`, relative to `base`. */
export function voicePathOf(rest: Pick<FakeTwilioRest, 'voiceUrl'>, callSid: string, base: string): string {
  const url = rest.voiceUrl(callSid);
  if (url === undefined) throw new Error(`Twilio was not asked to dial ${callSid}`);
  return url.startsWith(base) ? url.slice(base.length) : url;
}

/** A webhook request exactly as Twilio would send it: form body and X-Twilio-Signature over base URL + path. */
export function signedForm(base: string, path: string, form: Record<string, string>): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${base}${path}`, form),
    },
    body: new URLSearchParams(form).toString(),
  };
}

/** The form Twilio posts to a voice/process webhook. */
export function twilioForm(callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'in-progress',
    Direction: 'outbound-api',
    From: '+15005550006',
    To: '+14155550123',
    ...extra,
  };
}

/** The next webhook path from a TwiML answer (the Gather action), or undefined when it hangs up. */
export function nextAction(twiml: string, base: string): string | undefined {
  const m = /<Gather[^>]*\baction="([^"]+)"/.exec(twiml);
  if (m?.[1] === undefined) return undefined;
  const action = m[1].replaceAll('&amp;', '&');
  return action.startsWith(base) ? action.slice(base.length) : action;
}
