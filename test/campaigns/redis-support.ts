/** Shared by the Redis engine's suites: a job with slots and candidates through the API, and the limits measured. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ADMIN_KEY, ROOT } from '../durability/support.js';
import type { ServiceProcess } from '../durability/support.js';
import type { JsonBody } from '../helpers/json.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test (or service) uses: every key of one test's queue is under it. */
export function uniquePrefix(): string {
  return `ic-test-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `prefix` (SCAN + DEL; never FLUSHALL: other suites share this Redis). */
export async function deleteKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

type Admin = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: JsonBody }>;

export interface CampaignJobOptions {
  candidates: Array<{ name: string; phone: string; timezone?: string }>;
  maxAttempts?: number;
  retryMinutes?: number[];
  /** Seats in the one slot offered (default: one per candidate). */
  capacity?: number;
  slots?: number;
  /** `now` as the service reads it: the slots are a week after. */
  now?: Date;
}

/** A job open all day with slots a week ahead and the candidates imported; its id. */
export async function createCampaignJob(admin: Admin, options: CampaignJobOptions): Promise<number> {
  const job = await admin('POST', '/jobs', {
    title: 'Support Engineer',
    company: 'Initech',
    timezone: 'America/New_York',
    calling_hours: '00:00-23:59',
    max_attempts: options.maxAttempts ?? 1,
    retry_minutes: options.retryMinutes ?? [1],
  });
  if (job.status !== 201) throw new Error(`POST /jobs answered ${job.status}: ${JSON.stringify(job.body)}`);
  const jobId = job.body.id as number;
  const day = new Date((options.now ?? new Date()).getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  const slots = Array.from({ length: options.slots ?? 1 }, (_, i) => ({
    start: `${day}T${String(9 + (i % 8)).padStart(2, '0')}:${i < 8 ? '00' : '30'}`,
    capacity: options.capacity ?? Math.max(1, options.candidates.length),
  }));
  const added = await admin('POST', `/jobs/${jobId}/slots`, { slots });
  if (added.status !== 201) throw new Error(`POST slots answered ${added.status}: ${JSON.stringify(added.body)}`);
  const imported = await admin('POST', `/jobs/${jobId}/candidates`, { candidates: options.candidates });
  if (imported.status >= 300 || (imported.body.rejected as unknown[]).length > 0) {
    throw new Error(`import answered ${imported.status}: ${JSON.stringify(imported.body)}`);
  }
  return jobId;
}

/** `n` distinct US numbers (555-01xx: fictional) starting at `from`. */
export function phones(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+1310555${String(1000 + from + i).slice(-4)}`);
}

/** Polls GET /jobs/{id}/campaign until it is finished (or throws after `timeoutMs`); the last progress. */
export async function waitFinished(admin: Admin, jobId: number, timeoutMs: number, detail?: () => string): Promise<JsonBody> {
  const deadline = Date.now() + timeoutMs;
  let last: JsonBody;
  for (;;) {
    const res = await admin('GET', `/jobs/${jobId}/campaign`);
    last = res.body;
    if (res.status === 200 && last.status === 'finished') return last;
    if (Date.now() > deadline) {
      throw new Error(
        `the campaign did not finish in ${timeoutMs} ms: ${JSON.stringify(last)}${detail === undefined ? '' : `\n${detail()}`}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The most timestamps (ms) inside any window [t, t + windowMs). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** The most timestamps within one calendar second (floor(t / 1000)). */
export function maxInCalendarSecond(times: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const t of times) counts.set(Math.floor(t / 1000), (counts.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** The most intervals [start, end) overlapping at one instant (an interval with no end is open until `openUntil`). */
export function maxOverlap(
  intervals: ReadonlyArray<{ start: number; end: number | undefined }>,
  openUntil = Number.POSITIVE_INFINITY,
): number {
  const events: Array<[number, number]> = [];
  for (const { start, end } of intervals) events.push([start, 1], [end ?? openUntil, -1]);
  // An end and a start at the same millisecond: the end first (the line was free again).
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let live = 0;
  let best = 0;
  for (const [, delta] of events) {
    live += delta;
    best = Math.max(best, live);
  }
  return best;
}

/**
 * Spawns the service like test/durability/support.ts's spawnService (same base environment), with a longer wait for
 * it to answer GET /health: two processes compiling with tsx at once on a busy machine can take more than 30 s.
 */
export async function spawnSlowService(env: Record<string, string>, port: number, readyMs = 90_000): Promise<ServiceProcess> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      CALL_RATE_LIMIT: '10000',
      ADMIN_RATE_LIMIT: '100000',
      DRAIN_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let gone: number | string | undefined;
  void exited.then((c) => (gone = c));
  const deadline = Date.now() + readyMs;
  for (;;) {
    if (gone !== undefined) throw new Error(`the service exited (${gone}) before it was ready:\n${output}`);
    const ok = await fetch(`${url}/health`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not become ready in ${readyMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, port, output: () => output, exited };
}
