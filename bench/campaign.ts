/**
 * The campaign section of `npm run bench` (also `tsx bench/campaign.ts [--candidates 10000] [--engines embedded,redis]
 * [--mode tsx|dist]` on its own): a campaign of N candidates dispatched with the limits lifted, on each engine, and
 * how fast and how cheaply the dispatcher gets through it.
 *
 * What it measures: the dispatcher, not conversations. The service runs with TELEPHONY=twilio against the bench's fake
 * Twilio REST API; each call it places is answered at once by a signed `no-answer` status callback (the call ends
 * without a conversation), and the job allows one attempt, so every candidate takes exactly one attempt: claim, the
 * dial-time checks (campaign, job, candidate, do-not-call, calling hours, open slots), the session, the REST request,
 * then the status callback that ends the call and its attempt (the end hook: result, candidate unreachable, the
 * campaign finished at the last one). Playing 10,000 spoken conversations over HTTP would measure the conversation.
 *
 * CPU per attempt is the service process's own CPU (utime + stime from /proc, the whole process) from the start of
 * the campaign to its end, divided by the attempts: the dispatch work and the status callback that ends each call
 * (an HTTP request, a transaction), the engine's housekeeping and the bench's progress polls (one GET every 500 ms).
 * It is an upper bound on the dispatcher's own CPU; the database's and Redis's own processes are not counted (SQLite
 * runs in the service's process, so its work is). Embedded runs on SQLite (one instance, the default); redis
 * (REDIS_URL, a fresh CAMPAIGN_QUEUE_PREFIX) on PostgreSQL, as several instances would run.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Redis } from 'ioredis';
import twilio from 'twilio';
import { option } from './lib/args.js';
import { ROOT, type ServerMode } from './lib/proc.js';
import { ADMIN_KEY, AUTH_TOKEN, freshBenchDatabase, startService, type BenchDialect, type RunningService } from './lib/service.js';

export type CampaignEngineKind = 'embedded' | 'redis';

export interface CampaignFigures {
  engine: CampaignEngineKind;
  dialect: BenchDialect;
  candidates: number;
  attempts: number;
  /** Calls the fake Twilio was asked to place (= attempts: none dialled twice). */
  calls_placed: number;
  seconds: number;
  attempts_per_s: number;
  /** The service process's CPU per attempt (see the module's notes), in ms. */
  cpu_ms_per_attempt: number;
}

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** How long one engine's campaign may take before the section fails. */
const DEADLINE_MS = Number(process.env.BENCH_CAMPAIGN_DEADLINE_MS ?? 150_000);

/** The limits lifted: far more than any Twilio account allows, so the dispatcher is what bounds the rate. */
const LIFTED = {
  MAX_CONCURRENT_CALLS: process.env.BENCH_CAMPAIGN_CONCURRENCY ?? '50',
  TWILIO_CPS: '100000',
  CAMPAIGN_LEASE_SECONDS: '120',
};

const clockTicks = (() => {
  const res = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(res.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** User + system CPU of process `pid` so far, in ms (Linux /proc). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

async function admin(base: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

/** Ends each call as Twilio would for a phone nobody picks up: one signed `no-answer` status callback. */
function endAtOnce(service: RunningService): void {
  service.rest.onCall = (callSid, request) => {
    const url = request.get('StatusCallback');
    if (url === null) return;
    const form: Record<string, string> = {
      AccountSid: `AC${'0'.repeat(32)}`,
      ApiVersion: '2010-04-01',
      CallSid: callSid,
      CallStatus: 'no-answer',
      CallDuration: '0',
      Direction: 'outbound-api',
      From: request.get('From') ?? '',
      To: request.get('To') ?? '',
      SequenceNumber: '0',
    };
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, form),
        },
        body: new URLSearchParams(form).toString(),
      }).then((res) => res.text());
    // Twilio retries a callback that failed to arrive; so does the bench (a connection refused under load).
    void post().catch(() => new Promise((resolve) => setTimeout(resolve, 100)).then(post).catch(() => undefined));
  };
}

/** A job with one attempt per candidate, one open slot, and `n` candidates with distinct New York numbers. */
async function campaignJob(base: string, n: number): Promise<number> {
  const job = await admin(base, 'POST', '/jobs', {
    title: 'Bench Engineer',
    company: 'Bench',
    timezone: 'America/New_York',
    calling_hours: '00:00-24:00',
    max_attempts: 1,
  });
  const jobId = Number(job.id);
  const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await admin(base, 'POST', `/jobs/${jobId}/slots`, { slots: [{ start: `${day}T10:00`, capacity: 1000 }] });
  const candidates = Array.from({ length: n }, (_, i) => ({
    name: `Bench Candidate ${i}`,
    phone: `+1212${String(2_000_000 + i).padStart(7, '0')}`,
  }));
  const imported = await admin(base, 'POST', `/jobs/${jobId}/candidates`, { candidates });
  const rejected = imported.rejected as unknown[];
  if (rejected.length > 0) throw new Error(`the import rejected ${rejected.length} rows: ${JSON.stringify(rejected[0])}`);
  return jobId;
}

/** One engine's run: a fresh database (and queue prefix), the campaign to its end, the service's CPU around it. */
export async function campaignBench(options: {
  engine: CampaignEngineKind;
  mode: ServerMode;
  candidates: number;
  dialect?: BenchDialect;
}): Promise<CampaignFigures> {
  const dialect = options.dialect ?? (options.engine === 'redis' ? 'postgres' : 'sqlite');
  const prefix = `ic-bench-${randomBytes(4).toString('hex')}`;
  const database = await freshBenchDatabase(dialect);
  const env: Record<string, string> = { ...LIFTED, ...(options.engine === 'redis' ? { REDIS_URL, CAMPAIGN_QUEUE_PREFIX: prefix } : {}) };
  let service: RunningService | undefined;
  try {
    service = await startService({ database, mode: options.mode, env });
    endAtOnce(service);
    const base = service.url;
    const pid = service.child.proc.pid ?? 0;
    const jobId = await campaignJob(base, options.candidates);
    const cpu0 = processCpuMs(pid);
    const t0 = performance.now();
    await admin(base, 'POST', `/jobs/${jobId}/campaign`);
    let progress: Record<string, unknown>;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      progress = await admin(base, 'GET', `/jobs/${jobId}/campaign`);
      if (progress.status === 'finished') break;
      if (performance.now() - t0 > DEADLINE_MS) {
        const logs = service.child.output().slice(-3000);
        throw new Error(
          `campaign (${options.engine}) not finished after ${DEADLINE_MS / 1000} s: ${JSON.stringify(progress).slice(0, 500)}\n${logs}`,
        );
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuMs = processCpuMs(pid) - cpu0;
    const attempts = Number(progress.attempts_total);
    const noAnswer = Number((progress.finished as Record<string, number>).no_answer ?? 0);
    if (attempts !== options.candidates || noAnswer !== attempts) {
      throw new Error(`campaign (${options.engine}): ${attempts} attempts, ${noAnswer} no_answer for ${options.candidates} candidates`);
    }
    return {
      engine: options.engine,
      dialect,
      candidates: options.candidates,
      attempts,
      calls_placed: service.rest.created(),
      seconds: Math.round(seconds * 10) / 10,
      attempts_per_s: Math.round(attempts / seconds),
      cpu_ms_per_attempt: Math.round((cpuMs / attempts) * 1000) / 1000,
    };
  } finally {
    await service?.stop();
    await database.drop();
    if (options.engine === 'redis') await dropKeys(prefix);
  }
}

/** Removes the queue's keys under `prefix` (a bench run leaves nothing in the shared Redis). */
async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** What the section prints under the table: the figures and how to read them. */
export function campaignLines(figures: readonly CampaignFigures[]): string[] {
  if (figures.length === 0) return [];
  return [
    'Campaign dispatch (calls end at once with no-answer at a fake Twilio: the dispatcher, not conversations; limits lifted: ' +
      `MAX_CONCURRENT_CALLS=${LIFTED.MAX_CONCURRENT_CALLS}, TWILIO_CPS=${LIFTED.TWILIO_CPS}):`,
    ...figures.map(
      (f) =>
        `- ${f.engine} on ${f.dialect}: ${f.attempts.toLocaleString('en-US')} attempts in ${f.seconds} s, ` +
        `${f.attempts_per_s} attempts/s, ` +
        `service CPU ${f.cpu_ms_per_attempt.toFixed(3)} ms per attempt (${f.calls_placed.toLocaleString('en-US')} calls placed)`,
    ),
    '  CPU per attempt: the whole service process (dispatch, REST request, the status callback ending the call, housekeeping), ' +
      'an upper bound on the dispatcher alone; the PostgreSQL and Redis processes are not counted.',
  ];
}

if (process.argv[1] !== undefined && relative(process.argv[1], `${ROOT}/bench/campaign.ts`) === '') {
  const argv = process.argv.slice(2);
  const candidates = Number(option(argv, 'candidates') ?? 10_000);
  const engines = (option(argv, 'engines') ?? 'embedded,redis').split(',') as CampaignEngineKind[];
  const mode = (option(argv, 'mode') ?? 'tsx') as ServerMode;
  const figures: CampaignFigures[] = [];
  for (const engine of engines) {
    process.stderr.write(`campaign ${engine}: ${candidates} candidates, limits lifted\n`);
    figures.push(await campaignBench({ engine, mode, candidates }));
  }
  process.stdout.write(`${campaignLines(figures).join('\n')}\n`);
}
