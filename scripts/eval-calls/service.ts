/**
 * The real service, built in process for one scenario and reached only through its public HTTP endpoints, so the
 * harness measures whatever the turn path, the machine and the understanding engine become.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import type { Deps } from '../../src/deps.js';
import type { Reply, Scenario } from './sets.js';

/** 40 characters: long enough for any minimum length the configuration asks of an admin key. */
const ADMIN_KEY = 'eval-calls-admin-key-0123456789abcdefghi';

/** What the harness reads of `GET /conversations/{call_sid}`; other fields are ignored. */
const Conversation = z.object({
  status: z.string(),
  outcome: z.string().nullable(),
  confirmed_slot_start: z.string().nullable(),
  turns: z.array(
    z.object({
      turn_number: z.number(),
      user_input: z.string().nullable(),
      digits: z.string().nullable().optional(),
      bot_response: z.string(),
      /** Set when the turn scheduled a call back (the promise it says is then kept). */
      callback_at: z.string().nullable().optional(),
    }),
  ),
  questions: z.array(z.unknown()).optional(),
  /** What the call's booking queued (a confirmation on a channel keeps the promise to send the details there). */
  messages: z.array(z.object({ channel: z.string(), purpose: z.string() })).optional(),
});
export type Conversation = z.infer<typeof Conversation>;

export interface CandidateBody {
  name: string;
  phone: string;
  email?: string;
  timezone?: string;
  company: string;
  position: string;
}

export interface RunningService {
  /** Places one simulated call and returns its conversation once it has ended (or as it stands at the timeout). */
  play(candidate: CandidateBody, replies: Reply[]): Promise<{ conversation: Conversation; ended: boolean }>;
  close(): Promise<void>;
}

/** The app builder, typed to accept the admin-key option whether or not the current buildApp still takes it. */
const build: (deps: Deps, options: { adminKey: string }) => Promise<FastifyInstance> = buildApp;

/** Starts the service for `scenario` on a fresh SQLite file, listening on a free loopback port. */
export async function startService(scenario: Scenario, maxTurns: number, timeoutMs = 10_000): Promise<RunningService> {
  const dir = await mkdtemp(join(tmpdir(), 'eval-calls-'));
  try {
    const config = loadConfig({
      DATABASE_URL: `sqlite:${join(dir, 'calls.db')}`,
      DATA_DIR: dir,
      TELEPHONY: 'simulated',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      SLOT_CAPACITY: '1000',
      INTERVIEW_TIMEZONE: scenario.zone,
      INTERVIEW_SLOTS: scenario.slots.join(','),
      MAX_TURNS: String(maxTurns),
      INTERVIEW_DURATION_MINUTES: String(scenario.duration_minutes),
      INTERVIEW_FORMAT: scenario.format,
      CANDIDATE_COMPANY: scenario.company,
      CANDIDATE_POSITION: scenario.position,
      CALLING_HOURS: '00:00-24:00',
      CALL_RATE_LIMIT: '100000',
      ADMIN_RATE_LIMIT: '100000',
    });
    const now = DateTime.fromISO(scenario.now, { zone: scenario.zone }).toJSDate();
    const deps = await createDeps(config, { now: () => now, logger: pino({ level: 'silent' }) });
    const app = await build(deps, { adminKey: ADMIN_KEY });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address !== 'object') throw new Error('the service is not listening on a port');
    const base = `http://127.0.0.1:${address.port}`;
    deps.webhookBase.url = base;
    return {
      play: (candidate, replies) => play(base, candidate, replies, timeoutMs),
      async close() {
        await app.close();
        await deps.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function play(
  base: string,
  candidate: CandidateBody,
  replies: Reply[],
  timeoutMs: number,
): Promise<{ conversation: Conversation; ended: boolean }> {
  const placed = await request(base, 'POST', '/make-actual-call', { candidate, simulate: { replies } });
  const callSid = z.object({ call_sid: z.string() }).safeParse(placed.body);
  if (placed.status !== 201 || !callSid.success) {
    throw new Error(`POST /make-actual-call answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  }
  const path = `/conversations/${encodeURIComponent(callSid.data.call_sid)}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await request(base, 'GET', path);
    const conversation = Conversation.safeParse(got.body);
    if (got.status !== 200 || !conversation.success) {
      throw new Error(`GET ${path} answered ${got.status}: ${JSON.stringify(got.body).slice(0, 500)}`);
    }
    const ended = conversation.data.status !== 'active';
    if (ended || Date.now() > deadline) return { conversation: conversation.data, ended };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function request(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      'x-api-key': ADMIN_KEY,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
