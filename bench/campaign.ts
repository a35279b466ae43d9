/**
 * The campaign section of `npm run bench` (also `tsx bench/campaign.ts [--candidates 10000] [--engines
 * embedded,embedded:postgres,redis] [--mode tsx|dist]` on its own): a campaign of N candidates dispatched with the
 * limits lifted, on each engine (and database), and how fast and how cheaply the dispatcher gets through it.
 *
 * What it measures: the dispatcher, not conversations. The service runs with TELEPHONY=twilio against the bench's fake
 * Twilio REST API; each call it places is answered at once by a signed `no-answer` status callback (the call ends
 * without a conversation), and the job allows one attempt, so every candidate takes exactly one attempt: claim, the
 * dial-time checks (campaign, job, candidate, do-not-call, calling hours, open slots), the session, the REST request,
 * then the status callback that ends the call and its attempt (the end hook: result, candidate unreachable, the
 * campaign finished at the last one). Playing 10,000 spoken conversations over HTTP would measure the conversation.
 *
 * How the dispatcher's own CPU is isolated: MAX_CONCURRENT_CALLS is lifted to at least N, so every call may be on the
 * line at once, and the fake Twilio holds the status callbacks until it has been asked for all N calls. Until then
 * the service does nothing but dispatch: the start request (which writes the N attempts), then the engine's passes
 * (the lines counted, a batch of due attempts claimed), the dial-time checks (campaign, job, candidate, do-not-call,
 * calling hours, open slots), the conversations written, the REST requests to Twilio and the recording of their
 * answers (the CallSid, the attempt dialled), the engine's housekeeping, and the process's own garbage collection and
 * SQLite checkpoints. No webhook arrives meanwhile (no candidate's turn, no status callback). The phase ends when the
 * database shows every attempt's answer recorded (dialled_at set; read by the bench over its own connection, so the
 * service spends nothing on it). That phase's service CPU (utime + stime of every thread, from /proc) over N is the
 * dispatcher's CPU per attempt, and N over its length is the dispatch rate. Then the callbacks are released, and the
 * second phase's CPU over N is the end path (the signed status callback, its transaction, the end hook, the bench's
 * progress reads). SQLite runs in the service's process, so its work is counted; a PostgreSQL server's is not, and is
 * reported beside it (its backends serving the bench's database, from /proc, the same phase); Redis's is not counted.
 * Logs are at warn level (at info, each call placed is a log line more). With BENCH_CAMPAIGN_CONCURRENCY below N the
 * calls end at once instead (nothing held: lines must free up) and only the whole process's CPU per attempt is reported.
 * Runs: `embedded` (SQLite, one instance, the default), `embedded:postgres`, and `redis` (REDIS_URL, a fresh
 * CAMPAIGN_QUEUE_PREFIX, on PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import twilio from 'twilio';
import { option } from './lib/args.js';
import { ROOT, type ServerMode } from './lib/proc.js';
import {
  ADMIN_KEY,
  AUTH_TOKEN,
  PG_ADMIN_URL,
  freshBenchDatabase,
  startService,
  type BenchDatabase,
  type BenchDialect,
  type RunningService,
} from './lib/service.js';

export type CampaignEngineKind = 'embedded' | 'redis';

/** One run of the section: an engine on a database (`embedded`, `embedded:postgres`, `redis`). */
export interface CampaignRun {
  engine: CampaignEngineKind;
  dialect: BenchDialect;
}

/** `embedded,embedded:postgres,redis` → the runs: the embedded engine on SQLite unless told, Redis on PostgreSQL. */
export function campaignRuns(spec: string): CampaignRun[] {
  return spec.split(',').map((word) => {
    const [engine, dialect] = word.trim().split(':');
    if (engine !== 'embedded' && engine !== 'redis') throw new Error(`unknown campaign engine "${word}" (embedded, redis)`);
    if (dialect !== undefined && dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`unknown dialect in "${word}"`);
    if (engine === 'redis' && dialect === 'sqlite') throw new Error('the redis engine runs on PostgreSQL');
    return { engine, dialect: dialect ?? (engine === 'redis' ? 'postgres' : 'sqlite') };
  });
}

export interface CampaignFigures {
  engine: CampaignEngineKind;
  dialect: BenchDialect;
  candidates: number;
  attempts: number;
  /** Calls the fake Twilio was asked to place (= attempts: none dialled twice). */
  calls_placed: number;
  /** MAX_CONCURRENT_CALLS of the run. */
  concurrency: number;
  /** Whether the status callbacks were held until every call was placed (the dispatcher's CPU isolated). */
  held: boolean;
  seconds: number;
  attempts_per_s: number;
  /** The service process's CPU per attempt over the whole run, in ms. */
  cpu_ms_per_attempt: number;
  /**
   * Held runs: the dispatch phase (the start request until every attempt's answer is recorded): attempts dialled a
   * second, the service's CPU per attempt, and (PostgreSQL) the database server's CPU per attempt beside it.
   */
  dispatch?: { seconds: number; attempts_per_s: number; cpu_ms_per_attempt: number; db_server_cpu_ms_per_attempt?: number };
  /** Held runs: the end phase's CPU per attempt (the status callback and the end hook). */
  end_cpu_ms_per_attempt?: number;
}

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** How long one engine's campaign may take before the section fails. */
const DEADLINE_MS = Number(process.env.BENCH_CAMPAIGN_DEADLINE_MS ?? 300_000);

/**
 * The limits lifted: far more than any Twilio account allows, so the dispatcher is what bounds the rate.
 * MAX_CONCURRENT_CALLS is the number of candidates unless BENCH_CAMPAIGN_CONCURRENCY says otherwise.
 */
const LIFTED = { TWILIO_CPS: '100000', CAMPAIGN_LEASE_SECONDS: '120' };
const concurrencyFor = (candidates: number): number => Number(process.env.BENCH_CAMPAIGN_CONCURRENCY ?? candidates);

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

/**
 * The CPU (ms) of the PostgreSQL backends serving database `name` so far, leaving out `except` (the bench's own
 * reader); on another machine than the bench, undefined. Backends that exited meanwhile are not counted (the pool keeps
 * its connections through a run).
 */
async function pgServerCpuMs(admin: pg.Client, name: string, except: number): Promise<number | undefined> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> $2', [name, except]);
  let total = 0;
  for (const { pid } of rows) {
    try {
      total += processCpuMs(pid);
    } catch {
      return undefined;
    }
  }
  return total;
}

/** Reads the bench's database beside the service: how many attempts have their REST answer recorded. */
interface DatabaseWatch {
  recorded(): Promise<number>;
  /** PostgreSQL: the server's CPU for this database so far (ms); SQLite: undefined (it is in the service). */
  serverCpuMs(): Promise<number | undefined>;
  close(): Promise<void>;
}

async function watchDatabase(database: BenchDatabase): Promise<DatabaseWatch> {
  const count = 'select count(*) as n from call_attempts where dialled_at is not null';
  if (database.dialect === 'sqlite') {
    const file = database.url.replace(/^sqlite:/, '');
    const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    return {
      recorded: async () => Number((sqlite.prepare(count).get() as { n: number }).n),
      serverCpuMs: async () => undefined,
      close: async () => {
        sqlite.close();
      },
    };
  }
  const reader = new pg.Client({ connectionString: database.url });
  const adminClient = new pg.Client({ connectionString: PG_ADMIN_URL });
  await reader.connect();
  await adminClient.connect();
  const name = new URL(database.url).pathname.slice(1);
  const own = Number((await reader.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid);
  return {
    recorded: async () => Number((await reader.query<{ n: string }>(count)).rows[0]?.n ?? 0),
    serverCpuMs: () => pgServerCpuMs(adminClient, name, own),
    close: async () => {
      await reader.end();
      await adminClient.end();
    },
  };
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

/**
 * Ends each call as Twilio would for a phone nobody picks up: one signed `no-answer` status callback, at once, or
 * (`hold`) only once `release()` is called. `placed()` counts the calls the fake Twilio created.
 */
function endCalls(service: RunningService, hold: boolean): { release(): void } {
  let held: Array<() => Promise<unknown>> | undefined = hold ? [] : undefined;
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
    const send = () => post().catch(() => new Promise((resolve) => setTimeout(resolve, 100)).then(post).catch(() => undefined));
    if (held === undefined) void send();
    else held.push(send);
  };
  return {
    release() {
      const sends = held ?? [];
      held = undefined;
      // A few dozen at a time, as Twilio's arrive from many calls ending: not 10,000 connections opened at once (the
      // service's accept queue would then time out the bench's own progress reads).
      const next = (): void => {
        const send = sends.shift();
        if (send !== undefined) void send().finally(next);
      };
      for (let i = 0; i < 64; i++) next();
    },
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
  const concurrency = concurrencyFor(options.candidates);
  const hold = concurrency >= options.candidates;
  const env: Record<string, string> = {
    ...LIFTED,
    MAX_CONCURRENT_CALLS: String(concurrency),
    ...(options.engine === 'redis' ? { REDIS_URL, CAMPAIGN_QUEUE_PREFIX: prefix } : {}),
  };
  let service: RunningService | undefined;
  let watch: DatabaseWatch | undefined;
  try {
    service = await startService({ database, mode: options.mode, env });
    const calls = endCalls(service, hold);
    const base = service.url;
    const pid = service.child.proc.pid ?? 0;
    const rest = service.rest;
    const jobId = await campaignJob(base, options.candidates);
    watch = await watchDatabase(database);
    const deadline = performance.now() + DEADLINE_MS;
    const failIfLate = async (what: string) => {
      if (performance.now() < deadline) return;
      const progress = await admin(base, 'GET', `/jobs/${jobId}/campaign`).catch(() => ({}));
      const logs = service?.child.output().slice(-3000);
      throw new Error(
        `campaign (${options.engine}) ${what} after ${DEADLINE_MS / 1000} s: ${JSON.stringify(progress).slice(0, 500)}\n${logs}`,
      );
    };
    const server0 = await watch.serverCpuMs();
    const cpu0 = processCpuMs(pid);
    const t0 = performance.now();
    await admin(base, 'POST', `/jobs/${jobId}/campaign`);
    let dispatch: CampaignFigures['dispatch'];
    let cpuDispatched = cpu0;
    if (hold) {
      // The dispatch phase: watched at the fake Twilio (in this process) and then in the database over the bench's
      // own connection (only once every call was asked for), so the service does nothing else.
      while (rest.created() < options.candidates) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await failIfLate(`placed ${rest.created()} calls of ${options.candidates}`);
      }
      while ((await watch.recorded()) < options.candidates) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await failIfLate(`recorded ${await watch.recorded()} answers of ${options.candidates}`);
      }
      cpuDispatched = processCpuMs(pid);
      const server1 = await watch.serverCpuMs();
      const seconds = (performance.now() - t0) / 1000;
      dispatch = {
        seconds: Math.round(seconds * 10) / 10,
        attempts_per_s: Math.round(options.candidates / seconds),
        cpu_ms_per_attempt: round3((cpuDispatched - cpu0) / options.candidates),
        ...(server0 === undefined || server1 === undefined
          ? {}
          : { db_server_cpu_ms_per_attempt: round3((server1 - server0) / options.candidates) }),
      };
      calls.release();
    }
    let progress: Record<string, unknown>;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      progress = await admin(base, 'GET', `/jobs/${jobId}/campaign`);
      if (progress.status === 'finished') break;
      await failIfLate('not finished');
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuEnd = processCpuMs(pid);
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
      calls_placed: rest.created(),
      concurrency,
      held: hold,
      seconds: Math.round(seconds * 10) / 10,
      attempts_per_s: Math.round(attempts / seconds),
      cpu_ms_per_attempt: round3((cpuEnd - cpu0) / attempts),
      ...(dispatch === undefined ? {} : { dispatch, end_cpu_ms_per_attempt: round3((cpuEnd - cpuDispatched) / attempts) }),
    };
  } finally {
    await watch?.close();
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

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** What the section prints under the table: the figures and how to read them. */
export function campaignLines(figures: readonly CampaignFigures[]): string[] {
  if (figures.length === 0) return [];
  return [
    'Campaign dispatch (calls end with no-answer at a fake Twilio: the dispatcher, not conversations; limits lifted: ' +
      `TWILIO_CPS=${LIFTED.TWILIO_CPS}, MAX_CONCURRENT_CALLS as below):`,
    ...figures.map((f) => {
      const head = `- ${f.engine} on ${f.dialect}, ${f.attempts.toLocaleString('en-US')} attempts, MAX_CONCURRENT_CALLS=${f.concurrency}: `;
      const cpu = f.cpu_ms_per_attempt.toFixed(3);
      const whole = `whole run ${f.seconds} s, ${f.attempts_per_s} attempts/s, service CPU ${cpu} ms per attempt`;
      if (f.dispatch === undefined) return `${head}${whole} (${f.calls_placed.toLocaleString('en-US')} calls placed)`;
      const server = f.dispatch.db_server_cpu_ms_per_attempt;
      return (
        `${head}dispatch ${f.dispatch.seconds} s, ${f.dispatch.attempts_per_s} attempts/s, ` +
        `dispatcher CPU ${f.dispatch.cpu_ms_per_attempt.toFixed(3)} ms per attempt` +
        `${server === undefined ? '' : ` (+ PostgreSQL server ${server.toFixed(3)} ms)`}; ` +
        `end path CPU ${(f.end_cpu_ms_per_attempt ?? 0).toFixed(3)} ms per attempt; ${whole} ` +
        `(${f.calls_placed.toLocaleString('en-US')} calls placed)`
      );
    }),
    "  Dispatcher CPU: the service process's CPU (every thread, utime + stime) from the start request until every " +
      "attempt's REST answer was recorded, over the attempts, the status callbacks held back meanwhile: the start " +
      '(N attempts written), the passes (lines counted, due attempts claimed in batches), the dial-time checks, the ' +
      'conversations written, the REST requests to Twilio and their answers recorded, housekeeping, GC and SQLite ' +
      'checkpoints; no webhook. SQLite is in the process and counted; the PostgreSQL server is shown beside it; Redis ' +
      'is not counted. End path: the CPU after the callbacks were released (the status callbacks, the end hook, ' +
      'progress reads). Logs at warn level.',
  ];
}

if (process.argv[1] !== undefined && relative(process.argv[1], `${ROOT}/bench/campaign.ts`) === '') {
  const argv = process.argv.slice(2);
  const candidates = Number(option(argv, 'candidates') ?? 10_000);
  const runs = campaignRuns(option(argv, 'engines') ?? 'embedded,embedded:postgres,redis');
  const mode = (option(argv, 'mode') ?? 'tsx') as ServerMode;
  const figures: CampaignFigures[] = [];
  for (const run of runs) {
    process.stderr.write(`campaign ${run.engine} on ${run.dialect}: ${candidates} candidates, limits lifted\n`);
    figures.push(await campaignBench({ ...run, mode, candidates }));
  }
  process.stdout.write(`${campaignLines(figures).join('\n')}\n`);
}
