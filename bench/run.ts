/**
 * `npm run bench`: every performance figure from one run on one machine, with ratios, as one table;
 * writes bench/results.json.
 *
 *   npm run bench                        full run (builds dist first when it is stale; PostgreSQL on 127.0.0.1)
 *   npm run bench -- --max 100000        analytics up to 100k conversations only (quicker)
 *   npm run bench -- --smoke             tiny N, SQLite only, from source (what the test suite runs)
 * Options: --dialects sqlite,postgres  --concurrency 50  --calls 2000  --paced-calls 8  --think 1000 --think-max 3000
 *          --max N  --mode dist|tsx
 *          --import-rows 100000  --funnel-candidates 1000000  --funnel-requests 200
 *          --forged-calls 3  --forged-connections 32
 *          --campaign-candidates 10000  --campaign-engines embedded,embedded:postgres,redis
 *          --out bench/results.json  --skip baseline,turns,paced,understanding,analytics,memory,import,funnel,forged,campaign
 * BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof" profiles the service processes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { benchAnalytics, type AnalyticsPoint } from './analytics.js';
import { campaignBench, campaignLines, campaignRuns, type CampaignFigures, type CampaignRun } from './campaign.js';
import { benchForged, type ForgedResult } from './forged.js';
import { funnelBench, type FunnelFigures } from './funnel.js';
import { importBench, postgresReachable, type ImportFigures } from './import.js';
import { option } from './lib/args.js';
import type { ServerTimes } from './lib/load.js';
import { benchMemory, type MemoryResult } from './memory.js';
import { ROOT, type ServerMode } from './lib/proc.js';
import type { BenchDialect } from './lib/service.js';
import { benchBaseline, benchBaselineAutocannon, benchTurns, type TurnsResult } from './turns.js';

export interface BenchOptions {
  dialects: BenchDialect[];
  mode: ServerMode;
  concurrency: number;
  /** Calls played in the saturation run (4 turns each). */
  calls: number;
  /** Calls per user in the paced latency run. */
  pacedCalls: number;
  thinkMs: number;
  /** Think time is uniform in [thinkMs, thinkMaxMs] with staggered starts; = thinkMs (default) is a fixed, lockstep pause. */
  thinkMaxMs?: number;
  baselineRequests: number;
  autocannonSeconds: number;
  understandingSeconds: number;
  levels: number[];
  memoryCalls: number;
  /** CSV rows in the import section (SQLite). */
  importRows: number;
  /** Candidates seeded into one job for the funnel section, and GETs timed per route. */
  funnelCandidates: number;
  funnelRequests: number;
  /** Calls per user in each of the forged section's two paced runs, and the forged flood's connections. */
  forgedCalls: number;
  forgedConnections: number;
  /** Candidates in the campaign section's campaign, and the engines (and databases) it runs on (default: 50, embedded). */
  campaignCandidates?: number;
  campaignEngines?: CampaignRun[];
  skip: Set<string>;
  out: string;
  log: (line: string) => void;
}

export interface BenchResults {
  command: string;
  machine: { cpus: number; cpu_model: string; memory_gb: number; node: string; note: string };
  started_at: string;
  seconds: number;
  baseline?: { rps: number; p50_ms: number; p99_ms: number; concurrency: number; requests: number } & ServerTimes;
  baseline_autocannon?: { rps: number; p50_ms: number; p99_ms: number };
  /** The baseline driven at the paced runs' pace: the latency floor of this machine at that pace. */
  baseline_paced?: { rps: number; p50_ms: number; p99_ms: number; concurrency: number; requests: number } & ServerTimes;
  turns: Partial<Record<BenchDialect, TurnsResult & { ratio_to_baseline: number }>>;
  paced: Partial<Record<BenchDialect, TurnsResult>>;
  understanding?: { utterances_per_s: number };
  analytics: AnalyticsPoint[];
  memory: Partial<Record<BenchDialect, MemoryResult>>;
  import?: ImportFigures;
  funnel: FunnelFigures[];
  forged?: ForgedResult;
  campaign: CampaignFigures[];
  targets: Array<{ target: string; value: number; limit: number; met: boolean }>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when dist/src/main.js is missing or older than any file in src/. */
export function buildIfStale(log: (line: string) => void): void {
  const main = join(ROOT, 'dist', 'src', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  log('dist is stale: npm run build');
  const res = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('npm run build failed');
  // tsc rewrites every output, but make sure the next run does not rebuild for nothing.
  const now = new Date();
  if (existsSync(main)) utimesSync(main, now, now);
}

/** The colleague's understanding benchmark (bench/understanding.ts) in its own process, on one core. */
function benchUnderstanding(seconds: number): { utterances_per_s: number } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/understanding.ts', '--seconds', String(seconds)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const m = /throughput:\s*(\d+)\s*utterances\/s/.exec(res.stdout ?? '');
  if (res.status !== 0 || m?.[1] === undefined) throw new Error(`bench/understanding.ts failed:\n${res.stdout}\n${res.stderr}`);
  return { utterances_per_s: Number(m[1]) };
}

const r2 = (n: number) => Math.round(n * 100) / 100;

type BaselineFigures = NonNullable<BenchResults['baseline']>;

/** What the results keep of a baseline run: the load figures, and the server's own time when it sent one. */
function baselineFigures(b: BaselineFigures): BaselineFigures {
  const { rps, p50_ms, p99_ms, concurrency, requests, server_p50_ms, server_p99_ms } = b;
  return { rps, p50_ms, p99_ms, concurrency, requests, ...(server_p50_ms === undefined ? {} : { server_p50_ms, server_p99_ms }) };
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const t0 = performance.now();
  const { log } = options;
  const results: BenchResults = {
    command: `npm run bench${process.argv.slice(2).length > 0 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_gb: Math.round(totalmem() / 1e9),
      node: process.version,
      note: `${cpus().length} cores shared by the load generator and the server (and anything else running)`,
    },
    started_at: new Date().toISOString(),
    seconds: 0,
    turns: {},
    paced: {},
    analytics: [],
    memory: {},
    funnel: [],
    campaign: [],
    targets: [],
  };
  if (options.mode === 'dist') buildIfStale(log);
  const on = (part: string) => !options.skip.has(part);

  if (on('baseline')) {
    log(`baseline: bare Fastify constant route, ${options.concurrency} connections`);
    const b = await benchBaseline({ concurrency: options.concurrency, requests: options.baselineRequests });
    results.baseline = baselineFigures(b);
    if (options.autocannonSeconds > 0) {
      log('baseline: autocannon');
      results.baseline_autocannon = await benchBaselineAutocannon({ concurrency: options.concurrency, seconds: options.autocannonSeconds });
    }
  }
  if (on('baseline') && on('paced')) {
    log(`baseline: bare Fastify constant route, ${options.concurrency} calls in progress at the paced runs' pace`);
    const b = await benchBaseline({
      concurrency: options.concurrency,
      requests: options.concurrency * options.pacedCalls * 4,
      thinkMs: options.thinkMs,
      ...(options.thinkMaxMs === undefined ? {} : { thinkMaxMs: options.thinkMaxMs }),
    });
    results.baseline_paced = baselineFigures(b);
  }
  for (const dialect of options.dialects) {
    if (on('turns')) {
      log(`turns ${dialect}: ${options.calls} calls, ${options.concurrency} at a time, back to back`);
      const t = await benchTurns({ dialect, mode: options.mode, concurrency: options.concurrency, calls: options.calls });
      results.turns[dialect] = { ...t, ratio_to_baseline: results.baseline === undefined ? 0 : r2(t.rps / results.baseline.rps) };
    }
    if (on('paced')) {
      log(
        `turns ${dialect}: ${options.concurrency} calls in progress, ` +
          `${options.thinkMs}–${options.thinkMaxMs ?? options.thinkMs} ms between turns`,
      );
      results.paced[dialect] = await benchTurns({
        dialect,
        mode: options.mode,
        concurrency: options.concurrency,
        calls: options.concurrency * options.pacedCalls,
        thinkMs: options.thinkMs,
        ...(options.thinkMaxMs === undefined ? {} : { thinkMaxMs: options.thinkMaxMs }),
      });
    }
  }
  if (on('understanding')) {
    log('understanding: local engine, one core');
    results.understanding = benchUnderstanding(options.understandingSeconds);
  }
  if (on('analytics')) {
    for (const dialect of options.dialects) {
      results.analytics.push(...(await benchAnalytics({ dialect, mode: options.mode, levels: options.levels, log })));
    }
  }
  if (on('memory')) {
    for (const dialect of options.dialects) {
      log(`memory ${dialect}: ${options.memoryCalls} calls in progress`);
      results.memory[dialect] = await benchMemory({ dialect, mode: options.mode, calls: options.memoryCalls });
    }
  }
  if (on('import')) {
    log(`import sqlite: ${options.importRows} CSV rows, then the same file again`);
    results.import = await importBench('sqlite', options.importRows);
  }
  if (on('funnel')) {
    for (const dialect of options.dialects) {
      if (dialect === 'postgres' && !(await postgresReachable())) throw new Error('funnel: PostgreSQL is not reachable');
      log(`funnel ${dialect}: seeding ${options.funnelCandidates} candidates, then ${options.funnelRequests} GETs per route`);
      const f = await funnelBench(dialect, options.funnelCandidates, options.funnelRequests);
      log(`funnel ${dialect}: seeded in ${f.seed_seconds.toFixed(1)} s`);
      results.funnel.push(f);
    }
  }
  if (on('forged')) {
    log(
      `forged sqlite: ${options.concurrency} calls in progress, alone, then beside ` +
        `${options.forgedConnections} connections of forged webhooks`,
    );
    results.forged = await benchForged({
      mode: options.mode,
      concurrency: options.concurrency,
      callsPerUser: options.forgedCalls,
      thinkMs: options.thinkMs,
      ...(options.thinkMaxMs === undefined ? {} : { thinkMaxMs: options.thinkMaxMs }),
      connections: options.forgedConnections,
      maxRequests: 1_000_000,
      maxSeconds: 300,
    });
  }
  if (on('campaign')) {
    const candidates = options.campaignCandidates ?? 50;
    for (const run of options.campaignEngines ?? campaignRuns('embedded')) {
      log(`campaign ${run.engine} on ${run.dialect}: ${candidates} candidates, limits lifted, calls ending at once (no-answer)`);
      results.campaign.push(await campaignBench({ ...run, mode: options.mode, candidates }));
    }
  }

  const target = (name: string, value: number | undefined, limit: number, atLeast: boolean) => {
    if (value !== undefined) results.targets.push({ target: name, value, limit, met: atLeast ? value >= limit : value < limit });
  };
  target('signed turn on SQLite, ratio to baseline rps (>= 0.5)', results.turns.sqlite?.ratio_to_baseline, 0.5, true);
  for (const d of options.dialects)
    target(`p99 turn latency, ${options.concurrency} calls in progress, ${d} (ms, < 5)`, results.paced[d]?.p99_ms, 5, false);
  const top = Math.max(0, ...options.levels);
  for (const a of results.analytics.filter((p) => p.conversations === top)) {
    target(`GET /analytics p50 at ${top} conversations, ${a.dialect} (ms, < 50)`, a.analytics_p50_ms, 50, false);
  }
  for (const d of options.dialects)
    target(`RSS with ${options.memoryCalls} calls in progress, ${d} (MB, < 200)`, results.memory[d]?.rss_mb, 200, false);
  target('local understanding (utterances/s, >= 5000)', results.understanding?.utterances_per_s, 5000, true);
  const rows = (n: number) => n.toLocaleString('en-US');
  if (results.import !== undefined)
    target(`${rows(results.import.rows)} CSV rows imported, sqlite (s, < 20)`, r2(results.import.first.seconds), 20, false);
  for (const f of results.funnel)
    target(`GET /jobs/{id}/analytics p50 at ${rows(f.candidates)} candidates, ${f.dialect} (ms, < 50)`, r2(f.job.p50_ms), 50, false);
  const forged = results.forged;
  if (forged !== undefined) {
    const beside = `${forged.flood.connections} connections of forged requests beside it, ratio to without`;
    for (const [name, value] of [
      ['signed turn p99', forged.p99_ratio],
      ["signed turn p99 (the service's own Server-Timing)", forged.server_p99_ratio],
    ] as const) {
      if (value !== undefined) results.targets.push({ target: `${name}, sqlite, ${beside} (x, <= 2)`, value, limit: 2, met: value <= 2 });
    }
  }
  for (const c of results.campaign)
    target(
      `campaign dispatcher CPU per attempt, ${c.engine} on ${c.dialect} (ms, < 1)`,
      c.dispatch?.cpu_ms_per_attempt ?? c.cpu_ms_per_attempt,
      1,
      false,
    );
  results.seconds = Math.round((performance.now() - t0) / 100) / 10;
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** The table rows of the import, funnel and forged sections. */
function dataAndAbuseRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  const ms = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(2));
  const count = (n: number) => n.toLocaleString('en-US');
  const own = (t: ServerTimes) => (t.server_p50_ms === undefined ? '' : `${ms(t.server_p50_ms)} / ${ms(t.server_p99_ms)}`);
  if (r.import !== undefined) {
    const { rows: n, first, again } = r.import;
    const pass = (name: string, p: ImportFigures['first']) => [
      `${name} ${count(n)} CSV rows, sqlite (created ${p.created}, unchanged ${p.unchanged})`,
      `${p.seconds.toFixed(2)} s`,
    ];
    rows.push([...pass('Import', first), '', '', '', `${count(Math.round(first.rows_per_second))} rows/s`]);
    rows.push([...pass('Import again, same file:', again), '', '', '', `${count(Math.round(again.rows_per_second))} rows/s`]);
  }
  for (const f of r.funnel) {
    const of = `${f.dialect}, ${count(f.candidates)} candidates (seeded in ${f.seed_seconds.toFixed(1)} s)`;
    rows.push([`GET /jobs/{id}/analytics, ${of}`, '', ms(f.job.p50_ms), ms(f.job.p99_ms), '', '']);
    rows.push([`GET /analytics, ${of}`, '', ms(f.overall.p50_ms), ms(f.overall.p99_ms), '', '']);
  }
  const forged = r.forged;
  if (forged !== undefined) {
    const { alone, flooded, flood } = forged;
    const calls = `sqlite, ${alone.concurrency} calls in progress`;
    rows.push([
      `Turn latency, ${calls}, no forged requests`,
      `${Math.round(alone.rps)} turns/s`,
      ms(alone.p50_ms),
      ms(alone.p99_ms),
      own(alone),
      '1.00x',
    ]);
    const answered = Object.entries(flood.statuses)
      .map(([status, n]) => `${n} × ${status}`)
      .join(', ');
    rows.push([
      `Turn latency, ${calls}, ${flood.connections} connections of forged webhooks beside (${answered})`,
      `${Math.round(flooded.rps)} turns/s`,
      ms(flooded.p50_ms),
      ms(flooded.p99_ms),
      own(flooded),
      `p99 ${forged.p99_ratio.toFixed(2)}x, own p99 ${forged.server_p99_ratio?.toFixed(2) ?? '–'}x`,
    ]);
  }
  return rows;
}

/** The results as a Markdown table (also what the README's Performance section holds). */
export function formatTable(r: BenchResults): string {
  const rows: string[][] = [];
  const base = r.baseline;
  const ms = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(2));
  const own = (t: ServerTimes | undefined) => (t?.server_p50_ms === undefined ? '' : `${ms(t.server_p50_ms)} / ${ms(t.server_p99_ms)}`);
  const ratio = (n: number | undefined, of: number | undefined) =>
    n === undefined || of === undefined || of === 0 ? '–' : `${(n / of).toFixed(2)}x`;
  if (base !== undefined)
    rows.push([
      'Baseline: bare Fastify constant route (bench client)',
      `${Math.round(base.rps)} req/s`,
      ms(base.p50_ms),
      ms(base.p99_ms),
      own(base),
      '1.00x',
    ]);
  if (r.baseline_autocannon !== undefined) {
    rows.push([
      'Baseline (autocannon, whole-ms latencies)',
      `${Math.round(r.baseline_autocannon.rps)} req/s`,
      ms(r.baseline_autocannon.p50_ms),
      ms(r.baseline_autocannon.p99_ms),
      '',
      ratio(r.baseline_autocannon.rps, base?.rps),
    ]);
  }
  for (const [d, t] of Object.entries(r.turns)) {
    rows.push([
      `Signed turns, ${d}, ${t.concurrency} calls back to back (${t.booked}/${t.calls} booked)`,
      `${Math.round(t.rps)} turns/s`,
      ms(t.p50_ms),
      ms(t.p99_ms),
      own(t),
      ratio(t.rps, base?.rps),
    ]);
  }
  const floor = r.baseline_paced;
  const paced = Object.values(r.paced)[0];
  const pace = (t: TurnsResult) =>
    t.think_max_ms > t.think_ms
      ? `${t.think_ms}–${t.think_max_ms} ms (seeded random) between turns, staggered starts`
      : `${t.think_ms} ms between turns`;
  if (floor !== undefined && paced !== undefined) {
    rows.push([
      `Baseline at that pace: bare route, ${floor.concurrency} calls in progress, ${pace(paced)}`,
      `${Math.round(floor.rps)} req/s`,
      ms(floor.p50_ms),
      ms(floor.p99_ms),
      own(floor),
      'latency floor',
    ]);
  }
  for (const [d, t] of Object.entries(r.paced)) {
    const overFloor = floor === undefined ? '–' : `p50 ${ratio(t.p50_ms, floor.p50_ms)}, p99 ${ratio(t.p99_ms, floor.p99_ms)} the floor`;
    rows.push([
      `Turn latency, ${d}, ${t.concurrency} calls in progress, ${pace(t)}`,
      `${Math.round(t.rps)} turns/s`,
      ms(t.p50_ms),
      ms(t.p99_ms),
      own(t),
      overFloor,
    ]);
  }
  if (r.understanding !== undefined)
    rows.push(['Local understanding, one core', `${r.understanding.utterances_per_s} utterances/s`, '', '', '', '']);
  for (const a of r.analytics) {
    rows.push([
      `GET /analytics, ${a.dialect}, ${a.conversations.toLocaleString('en-US')} conversations`,
      '',
      ms(a.analytics_p50_ms),
      ms(a.analytics_p99_ms),
      '',
      '',
    ]);
    rows.push([
      `GET /conversations?limit=50, ${a.dialect}, ${a.conversations.toLocaleString('en-US')} conversations`,
      '',
      ms(a.conversations_p50_ms),
      ms(a.conversations_p99_ms),
      '',
      '',
    ]);
  }
  for (const [d, m] of Object.entries(r.memory)) {
    rows.push([`RSS, ${d}, ${m.calls_in_progress} calls in progress (idle: ${m.rss_idle_mb} MB)`, `${m.rss_mb} MB`, '', '', '', '']);
  }
  rows.push(...dataAndAbuseRows(r));
  const header = ['Figure', 'Throughput / size', 'p50 ms', 'p99 ms', "Server's own p50 / p99 ms", 'Ratio to baseline'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  const targets = r.targets.map((t) => `- ${t.met ? 'met' : 'MISSED'}: ${t.target}: ${t.value}`);
  if (floor !== undefined) {
    for (const [d, t] of Object.entries(r.paced)) {
      const p99 =
        t.p99_ms > floor.p99_ms
          ? `${ms(t.p99_ms - floor.p99_ms)} ms at p99`
          : `nothing measurable at p99 (within the bare route's own tail)`;
      targets.push(
        `- for reading the latency targets: the bare route at the same pace has p50 ${ms(floor.p50_ms)} / p99 ${ms(floor.p99_ms)} ms ` +
          `on this machine; ${d} turns add ${ms(t.p50_ms - floor.p50_ms)} ms at p50 and ${p99}`,
      );
      if (t.server_p99_ms !== undefined && floor.server_p99_ms !== undefined) {
        targets.push(
          `- of which the server's own time (Server-Timing, routing to answer): ` +
            `${d} turn p50 ${ms(t.server_p50_ms)} / p99 ${ms(t.server_p99_ms)} ms, ` +
            `the bare constant route's p50 ${ms(floor.server_p50_ms)} / p99 ${ms(floor.server_p99_ms)} ms at the same pace`,
        );
      }
    }
  }
  return [
    `Machine: ${r.machine.cpus} × ${r.machine.cpu_model}, ${r.machine.memory_gb} GB, Node ${r.machine.node} — **${r.machine.note}**.`,
    '',
    ...lines,
    '',
    ...(r.campaign.length > 0 ? ['', ...campaignLines(r.campaign)] : []),
    '',
    'Targets:',
    ...targets,
    '',
    `Command: \`${r.command}\` (${r.seconds} s, ${r.started_at}).`,
  ].join('\n');
}

function parseArgs(argv: string[]): BenchOptions {
  const get = (name: string) => option(argv, name);
  const num = (name: string, fallback: number) => {
    const v = get(name);
    return v === undefined ? fallback : Number(v);
  };
  const smoke = argv.includes('--smoke');
  const max = num('max', smoke ? 500 : 1_000_000);
  const levels = (smoke ? [500] : [10_000, 100_000, 1_000_000]).filter((l) => l <= max);
  if (levels.length === 0 || (levels[levels.length - 1] ?? 0) < max) levels.push(max);
  return {
    dialects: (get('dialects') ?? (smoke ? 'sqlite' : 'sqlite,postgres'))
      .split(',')
      .map((d) => (d.trim() === 'pg' ? 'postgres' : d.trim())) as BenchDialect[],
    mode: (get('mode') ?? (smoke ? 'tsx' : 'dist')) as ServerMode,
    concurrency: num('concurrency', smoke ? 5 : 50),
    calls: num('calls', smoke ? 10 : 2000),
    pacedCalls: num('paced-calls', smoke ? 1 : 8), // 50 users × 8 calls × 4 turns: 1,600 turns, so p99 is the 16th slowest
    thinkMs: num('think', smoke ? 5 : 1000),
    thinkMaxMs: num('think-max', smoke ? 10 : 3000),
    baselineRequests: num('baseline-requests', smoke ? 200 : 40_000),
    autocannonSeconds: num('autocannon-seconds', smoke ? 1 : 5),
    understandingSeconds: num('understanding-seconds', smoke ? 0.3 : 3),
    levels,
    memoryCalls: num('memory-calls', smoke ? 5 : 1000),
    importRows: num('import-rows', smoke ? 200 : 100_000),
    funnelCandidates: num('funnel-candidates', smoke ? 1000 : 1_000_000),
    funnelRequests: num('funnel-requests', smoke ? 10 : 200),
    forgedCalls: num('forged-calls', smoke ? 1 : 3),
    forgedConnections: num('forged-connections', 32),
    campaignCandidates: num('campaign-candidates', smoke ? 50 : 10_000),
    campaignEngines: campaignRuns(get('campaign-engines') ?? (smoke ? 'embedded' : 'embedded,embedded:postgres,redis')),
    skip: new Set((get('skip') ?? '').split(',').filter((s) => s !== '')),
    out: get('out') ?? join(ROOT, 'bench', 'results.json'),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

if (process.argv[1] !== undefined && relative(process.argv[1], join(ROOT, 'bench', 'run.ts')) === '') {
  const options = parseArgs(process.argv.slice(2));
  runBench(options).then(
    (results) => {
      process.stdout.write(`\n${formatTable(results)}\n\nWrote ${relative(process.cwd(), options.out)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
