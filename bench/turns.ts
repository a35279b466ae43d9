/**
 * Part 1 and 2: the baseline (bare Fastify constant route, own process) and full signed turns against the real
 * service, driven by the same client at the same concurrency.
 *
 * A call = signed POST /twilio-voice, then signed POST /twilio-process?turn=N with realistic replies until the
 * TwiML hangs up (normally: alternatives, "tuesday at two works", "yes" -> booked). Calls are created beforehand
 * through POST /make-actual-call (TELEPHONY=twilio against a fake Twilio REST API); that set-up is not timed.
 */
import {
  createClient,
  Latencies,
  loadResult,
  runUsers,
  seededRandom,
  serverTimes,
  timed,
  type LoadResult,
  type Reply,
  type ServerTimes,
} from './lib/load.js';
import { freePort, startChild, type ServerMode } from './lib/proc.js';
import {
  createCall,
  freshBenchDatabase,
  nextAction,
  signedForm,
  startService,
  twilioForm,
  type BenchCall,
  type BenchDialect,
  type RunningService,
} from './lib/service.js';

/** What the candidate says, turn after turn; after the script, "yes" until the call ends. */
export const SCRIPT = ['um what times do you have', 'tuesday at two works', 'yes'];
const MAX_TURNS_PER_CALL = 8;
const BOOKED = 'your interview is booked';

export interface TurnsResult extends LoadResult, ServerTimes {
  dialect: BenchDialect;
  /** Think time between turns, uniform in [think_ms, think_max_ms] (0 = back to back). */
  think_ms: number;
  think_max_ms: number;
  concurrency: number;
  calls: number;
  booked: number;
  turns_per_call: number;
}

/** Plays one call through to the end; each webhook request is timed into `lat`. Returns whether it booked. */
async function playCall(
  client: ReturnType<typeof createClient>,
  base: string,
  call: BenchCall,
  lat: Latencies,
  server: Latencies,
  think: () => number = () => 0,
): Promise<{ turns: number; booked: boolean }> {
  const { callSid } = call;
  // Every URL as the service gave it: the voice URL Twilio was asked to fetch, then each Gather's action.
  let path: string | undefined = call.voicePath;
  let form = twilioForm(callSid);
  let turns = 0;
  let booked = false;
  while (path !== undefined && turns < MAX_TURNS_PER_CALL) {
    const signed = signedForm(base, path, form);
    const currentPath = path;
    const res = record(server, await timed(lat, () => client.request('POST', currentPath, signed.headers, signed.body)));
    if (res.status !== 200) throw new Error(`${currentPath} answered ${res.status}: ${res.body.slice(0, 200)}`);
    if (res.body.includes(BOOKED)) booked = true;
    path = nextAction(res.body, base);
    const reply = SCRIPT[turns] ?? 'yes';
    // The candidate listening and answering (not timed); 0 = back-to-back turns, the saturation test.
    const pause = think();
    if (pause > 0 && path !== undefined) await sleep(pause);
    form = twilioForm(callSid, { SpeechResult: reply, Confidence: '0.92' });
    turns++;
  }
  return { turns, booked };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Adds the server's own time for `res` (its Server-Timing header) to `server`. */
function record(server: Latencies, res: Reply): Reply {
  if (res.serverMs !== undefined) server.add(res.serverMs);
  return res;
}

/** Creates `n` calls through the admin API (not timed), `parallel` at a time. */
async function createCalls(service: RunningService, n: number, parallel = 8): Promise<BenchCall[]> {
  const client = createClient(service.url, parallel);
  const calls: BenchCall[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        calls[i] = await createCall(service, client, i);
      }
    }),
  );
  client.close();
  return calls;
}

export interface TurnsOptions {
  dialect: BenchDialect;
  mode: ServerMode;
  concurrency: number;
  calls: number;
  warmupCalls?: number;
  /**
   * Pause between a call's turns, for the latency-at-N-calls figure; 0 (default) = saturation. With a pause, each
   * candidate thinks a random time in [thinkMs, thinkMaxMs] (seeded per virtual user, so runs are comparable) and
   * the users start spread over the first [0, thinkMaxMs]: real callers do not answer in lockstep. thinkMaxMs =
   * thinkMs (the default) is the fixed, lockstep pause of the earlier harness.
   */
  thinkMs?: number;
  thinkMaxMs?: number;
  /** Other traffic started beside the measured calls (after the warm-up) and stopped when they end. */
  beside?: (serviceUrl: string) => Promise<{ stop(): Promise<void> }>;
}

/** The service on a fresh database of `dialect`, for `use`; stopped and dropped after. */
export async function withBenchService<T>(
  dialect: BenchDialect,
  mode: ServerMode,
  use: (service: RunningService) => Promise<T>,
): Promise<T> {
  const database = await freshBenchDatabase(dialect);
  const service = await startService({ database, mode }).catch(async (err: unknown) => {
    await database.drop();
    throw err;
  });
  try {
    return await use(service);
  } finally {
    await service.stop();
    await database.drop();
  }
}

/** Signed calls played through a fresh service (see TurnsOptions). */
export function benchTurns(options: TurnsOptions): Promise<TurnsResult> {
  return withBenchService(options.dialect, options.mode, (service) => playTurns(service, options));
}

/** Signed calls played through a running `service`: a warm-up, then the measured calls. */
export async function playTurns(service: RunningService, options: TurnsOptions): Promise<TurnsResult> {
  const thinkMs = options.thinkMs ?? 0;
  const thinkMaxMs = Math.max(thinkMs, options.thinkMaxMs ?? thinkMs);
  const warmup = options.warmupCalls ?? Math.min(options.calls, options.concurrency * 2);
  const calls = await createCalls(service, warmup + options.calls);
  const client = createClient(service.url, options.concurrency);
  const queue = (start: number, end: number) => {
    let i = start;
    return () => (i < end ? calls[i++] : undefined);
  };
  // Warm-up (JIT, statement caches, pools): same work, not recorded.
  const warm = queue(0, warmup);
  await runUsers({
    concurrency: options.concurrency,
    total: warmup,
    step: async () => {
      const call = warm();
      if (call !== undefined) await playCall(client, service.url, call, new Latencies(), new Latencies());
    },
  });
  const take = queue(warmup, warmup + options.calls);
  let booked = 0;
  const rngs = Array.from({ length: options.concurrency }, (_, user) => seededRandom(0x5eed + user));
  const started = new Set<number>();
  const server = new Latencies();
  const beside = await options.beside?.(service.url);
  const run = await runUsers({
    concurrency: options.concurrency,
    total: options.calls,
    step: async (user, lat) => {
      const rng = rngs[user] ?? Math.random;
      const think = thinkMs > 0 ? () => thinkMs + rng() * (thinkMaxMs - thinkMs) : () => 0;
      if (thinkMaxMs > thinkMs && !started.has(user)) {
        started.add(user);
        await sleep(rng() * thinkMaxMs);
      }
      const call = take();
      if (call === undefined) return;
      if ((await playCall(client, service.url, call, lat, server, think)).booked) booked++;
    },
  }).finally(() => beside?.stop());
  client.close();
  if (run.errors > 0) throw new Error(`turns (${options.dialect}): ${run.errors} calls failed: ${String(run.firstError)}`);
  const result = loadResult(run.latencies, run.seconds, run.errors);
  return {
    dialect: options.dialect,
    think_ms: thinkMs,
    think_max_ms: thinkMaxMs,
    concurrency: options.concurrency,
    calls: options.calls,
    booked,
    turns_per_call: Math.round((result.requests / options.calls) * 100) / 100,
    ...result,
    ...serverTimes(server),
  };
}

/**
 * The bare-Fastify baseline, with the same signed requests, the same client and the same concurrency. With
 * `thinkMs`, each virtual user pauses between requests exactly as the paced turns do (seeded random in
 * [thinkMs, thinkMaxMs], staggered starts): the floor a turn's latency sits on at that pace on this machine.
 */
export async function benchBaseline(options: {
  concurrency: number;
  requests: number;
  thinkMs?: number;
  thinkMaxMs?: number;
}): Promise<LoadResult & ServerTimes & { concurrency: number }> {
  const port = await freePort();
  const child = await startChild(['--import', 'tsx', 'bench/baseline-server.ts'], {}, port);
  const thinkMs = options.thinkMs ?? 0;
  const thinkMaxMs = Math.max(thinkMs, options.thinkMaxMs ?? thinkMs);
  const rngs = Array.from({ length: options.concurrency }, (_, user) => seededRandom(0x5eed + user));
  const started = new Set<number>();
  try {
    const client = createClient(child.url, options.concurrency);
    const perCall = SCRIPT.length + 1;
    const server = new Latencies();
    const oneCall = async (lat: Latencies, n: number, user: number, paced: boolean) => {
      const rng = rngs[user] ?? Math.random;
      if (paced && thinkMaxMs > thinkMs && !started.has(user)) {
        started.add(user);
        await sleep(rng() * thinkMaxMs);
      }
      const sid = `CA${String(n).padStart(32, '0')}`;
      for (let t = 0; t < perCall; t++) {
        const path = t === 0 ? '/twilio-voice' : `/twilio-process?turn=${t}`;
        const signed = signedForm(
          child.url,
          path,
          twilioForm(sid, t === 0 ? {} : { SpeechResult: SCRIPT[t - 1] ?? 'yes', Confidence: '0.92' }),
        );
        const res = await timed(lat, () => client.request('POST', path, signed.headers, signed.body));
        if (paced) record(server, res);
        if (res.status !== 200) throw new Error(`baseline answered ${res.status}`);
        if (paced && thinkMs > 0 && t < perCall - 1) await sleep(thinkMs + rng() * (thinkMaxMs - thinkMs));
      }
    };
    const calls = Math.ceil(options.requests / perCall);
    let n = 0;
    await runUsers({
      concurrency: options.concurrency,
      total: Math.min(calls, options.concurrency * 4),
      step: (user) => oneCall(new Latencies(), n++, user, false),
    });
    const run = await runUsers({ concurrency: options.concurrency, total: calls, step: (user, lat) => oneCall(lat, n++, user, true) });
    client.close();
    if (run.errors > 0) throw new Error(`baseline: ${run.errors} failed: ${String(run.firstError)}`);
    return { concurrency: options.concurrency, ...loadResult(run.latencies, run.seconds, run.errors), ...serverTimes(server) };
  } finally {
    await child.stop();
  }
}

/** Autocannon's view of the same baseline (requests per second; its latencies are whole milliseconds). */
export async function benchBaselineAutocannon(options: {
  concurrency: number;
  seconds: number;
}): Promise<{ rps: number; p50_ms: number; p99_ms: number }> {
  const moduleName = 'autocannon'; // untyped package: imported by name
  const { default: autocannon } = (await import(moduleName)) as {
    default: (opts: Record<string, unknown>) => Promise<{ requests: { average: number }; latency: { p50: number; p99: number } }>;
  };
  const port = await freePort();
  const child = await startChild(['--import', 'tsx', 'bench/baseline-server.ts'], {}, port);
  try {
    const path = '/twilio-process?turn=1';
    const signed = signedForm(child.url, path, twilioForm(`CA${'0'.repeat(32)}`, { SpeechResult: 'yes' }));
    const out = await autocannon({
      url: `${child.url}${path}`,
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
      connections: options.concurrency,
      duration: options.seconds,
    });
    return { rps: out.requests.average, p50_ms: out.latency.p50, p99_ms: out.latency.p99 };
  } finally {
    await child.stop();
  }
}
