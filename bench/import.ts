/**
 * Candidate import speed: a CSV of 100,000 candidates POSTed to /jobs/{id}/candidates (the real route, its CSV parser,
 * every row's checks and the one transaction of batched writes), then the same file again (all unchanged), on SQLite
 * and, when reachable, PostgreSQL. In process, through `app.inject`: the figure is the service's own work.
 *   npm run bench:import [-- --rows 100000] [-- --db sqlite|postgres|both]
 * Prints seconds and rows per second for each pass. Target: 100,000 rows stored in under 20 s on SQLite.
 */
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDeps, type Deps } from '../src/deps.js';
import { option } from './lib/args.js';
import { freshBenchDatabase, type BenchDialect } from './lib/service.js';
import { createJob } from '../src/services/jobs.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

export interface BenchApp {
  app: FastifyInstance;
  deps: Deps;
  jobId: number;
  /** Closes the service and drops its database. */
  close(): Promise<void>;
}

/** The service in this process on a fresh database of `dialect`, with one open job to import into. */
export async function startBenchApp(dialect: BenchDialect): Promise<BenchApp> {
  const database = await freshBenchDatabase(dialect);
  const config = loadConfig({
    DATABASE_URL: database.url,
    TELEPHONY: 'simulated',
    DNC_SECRET: 'bench-do-not-call-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    LOG_FILE: '',
    ADMIN_RATE_LIMIT: '100000',
  });
  const deps = await createDeps(config, { logger: pino({ level: 'silent' }) });
  const app = await buildApp(deps, { adminKey: ADMIN_KEY });
  await app.ready();
  const job = await createJob(deps, {
    title: 'Bench Engineer',
    company: 'Bench',
    timezone: 'America/New_York',
    interview_minutes: 30,
    calling_hours: '09:00-18:00',
  });
  return {
    app,
    deps,
    jobId: job.id,
    async close() {
      await app.close();
      await deps.close();
      await database.drop();
    },
  };
}

/** A CSV of `rows` distinct, valid candidates as a tracking system exports them. */
export function benchCsv(rows: number): string {
  const lines = ['Candidate ID,Full Name,Phone Number,E-mail,Time zone'];
  for (let i = 0; i < rows; i++) {
    lines.push(`ATS-${i},Candidate ${i},+1415${String(2_000_000 + i)},candidate${i}@example.com,America/Chicago`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ImportPass {
  seconds: number;
  rows_per_second: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportFigures {
  dialect: BenchDialect;
  rows: number;
  first: ImportPass;
  again: ImportPass;
}

async function pass(bench: BenchApp, csv: string, rows: number): Promise<ImportPass> {
  const started = performance.now();
  const res = await bench.app.inject({
    method: 'POST',
    url: `/jobs/${bench.jobId}/candidates`,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv' },
    payload: csv,
  });
  const seconds = (performance.now() - started) / 1000;
  if (res.statusCode !== 200) throw new Error(`import answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const body: unknown = res.json();
  const count = (key: string) => (typeof body === 'object' && body !== null && key in body ? Number(Reflect.get(body, key)) : NaN);
  const rejected =
    typeof body === 'object' && body !== null && 'rejected' in body && Array.isArray(body.rejected) ? body.rejected.length : NaN;
  return {
    seconds,
    rows_per_second: rows / seconds,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected,
  };
}

/** Imports `rows` candidates into a fresh database, then the same file again. */
export async function importBench(dialect: BenchDialect, rows: number): Promise<ImportFigures> {
  const bench = await startBenchApp(dialect);
  try {
    const csv = benchCsv(rows);
    const first = await pass(bench, csv, rows);
    const again = await pass(bench, csv, rows);
    return { dialect, rows, first, again };
  } finally {
    await bench.close();
  }
}

/** Whether the PostgreSQL server of the benchmarks answers. */
export async function postgresReachable(): Promise<boolean> {
  try {
    const db = await freshBenchDatabase('postgres');
    await db.drop();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rows = Number(option(argv, 'rows') ?? 100_000);
  const which = option(argv, 'db') ?? 'both';
  const dialects: BenchDialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which === 'postgres' ? 'postgres' : 'sqlite'];
  for (const dialect of dialects) {
    if (dialect === 'postgres' && !(await postgresReachable())) {
      console.log('postgres: not reachable, skipped');
      continue;
    }
    const { first, again } = await importBench(dialect, rows);
    const line = (name: string, p: ImportPass) =>
      `${dialect.padEnd(8)} ${name.padEnd(7)} ${rows} rows in ${p.seconds.toFixed(2)} s = ${Math.round(p.rows_per_second)} rows/s ` +
      `(created ${p.created}, updated ${p.updated}, unchanged ${p.unchanged}, rejected ${p.rejected})`;
    console.log(line('import', first));
    console.log(line('again', again));
    if (dialect === 'sqlite' && rows >= 100_000)
      console.log(`sqlite target (100,000 rows under 20 s): ${first.seconds < 20 ? 'met' : 'MISSED'}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
