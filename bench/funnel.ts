/**
 * The funnel's read cost at scale: a job with 1,000,000 candidates (seeded in one INSERT … SELECT over a generated
 * series, the counters then recounted once), then GET /jobs/{id}/analytics and GET /analytics, sequentially, on
 * SQLite and, when reachable, PostgreSQL. In process, through `app.inject`.
 *   npm run bench:funnel [-- --candidates 1000000] [-- --requests 200] [-- --db sqlite|postgres|both]
 * Prints p50 and p99 per route. Target: p50 under 50 ms with 1,000,000 candidates.
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { bumpFunnel, recountFunnel } from '../src/db/funnel.repo.js';
import { dialectOf } from '../src/db/util.js';
import { option } from './lib/args.js';
import type { BenchDialect } from './lib/service.js';
import { postgresReachable, startBenchApp, type BenchApp } from './import.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/** Inserts `count` candidates into the job in one statement (statuses spread over all nine), then recounts its funnel. */
export async function seedCandidates(bench: BenchApp, count: number): Promise<void> {
  const db = bench.deps.database.db;
  const last = count - 1;
  // Every ninth candidate in each status; the scheduled ones booked 1 to 3 days after the import.
  const columns = sql`job_id, name, phone, email, timezone, external_id, notes, status, created_at, updated_at, scheduled_at`;
  const row = (i: string) =>
    sql.raw(`${bench.jobId}, 'Candidate ' || ${i}, '+1' || cast(2000000000 + ${i} as text), null, null,
    'ATS-' || ${i}, null,
    case ${i} % 9 when 0 then 'new' when 1 then 'calling' when 2 then 'scheduled' when 3 then 'declined' when 4 then 'callback'
      when 5 then 'opted_out' when 6 then 'wrong_number' when 7 then 'unreachable' else 'withdrawn' end,
    '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z',
    case when ${i} % 9 = 2 then '2026-11-0' || cast(2 + ${i} % 3 as text) || 'T12:00:00.000Z' else null end`);
  if (dialectOf(db) === 'postgres') {
    await sql`insert into candidates (${columns}) select ${row('i')} from generate_series(0, ${sql.lit(last)}) as s(i)`.execute(db);
  } else {
    await sql`with recursive s(i) as (select 0 union all select i + 1 from s where i < ${sql.lit(last)})
      insert into candidates (${columns}) select ${row('i')} from s`.execute(db);
  }
  await db.transaction().execute(async (trx) => {
    await recountFunnel(trx, bench.jobId);
    await bumpFunnel(trx, bench.jobId, 'called', Math.round((count * 8) / 9));
    await bumpFunnel(trx, bench.jobId, 'calls_placed', count);
    await bumpFunnel(trx, bench.jobId, 'reached', Math.round(count / 2));
  });
  if (dialectOf(db) === 'postgres') await sql`analyze`.execute(db);
}

export interface Latency {
  p50_ms: number;
  p99_ms: number;
}

/** Sequential GETs of `url` (after three warm-ups): p50 and p99 of the service's answer time. */
export async function latency(bench: BenchApp, url: string, requests: number): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < requests + 3; i++) {
    const started = performance.now();
    const res = await bench.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    if (i >= 3) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { p50_ms: at(0.5), p99_ms: at(0.99) };
}

export interface FunnelFigures {
  dialect: BenchDialect;
  candidates: number;
  requests: number;
  seed_seconds: number;
  /** GET /jobs/{id}/analytics. */
  job: Latency;
  /** GET /analytics. */
  overall: Latency;
}

/** A fresh database of `dialect` with one job of `count` candidates; then `requests` GETs of each analytics route. */
export async function funnelBench(dialect: BenchDialect, count: number, requests: number): Promise<FunnelFigures> {
  const bench = await startBenchApp(dialect);
  try {
    const started = performance.now();
    await seedCandidates(bench, count);
    const seed_seconds = (performance.now() - started) / 1000;
    const job = await latency(bench, `/jobs/${bench.jobId}/analytics`, requests);
    const overall = await latency(bench, '/analytics', requests);
    return { dialect, candidates: count, requests, seed_seconds, job, overall };
  } finally {
    await bench.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const count = Number(option(argv, 'candidates') ?? 1_000_000);
  const requests = Number(option(argv, 'requests') ?? 200);
  const which = option(argv, 'db') ?? 'both';
  const dialects: BenchDialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which === 'postgres' ? 'postgres' : 'sqlite'];
  for (const dialect of dialects) {
    if (dialect === 'postgres' && !(await postgresReachable())) {
      console.log('postgres: not reachable, skipped');
      continue;
    }
    const f = await funnelBench(dialect, count, requests);
    console.log(`${dialect.padEnd(8)} seeded ${count} candidates in ${f.seed_seconds.toFixed(1)} s`);
    const line = (url: string, { p50_ms, p99_ms }: Latency) =>
      `${dialect.padEnd(8)} GET ${url.padEnd(18)} p50 ${p50_ms.toFixed(2)} ms  p99 ${p99_ms.toFixed(2)} ms  (${requests} requests)`;
    console.log(line('/jobs/{id}/analytics', f.job));
    console.log(line('/analytics', f.overall));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
