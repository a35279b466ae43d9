/**
 * The dashboard's first page at scale: 1,000,000 calls (bench/calls-list.ts's seed: one every 30 s through 2026, two
 * turns each), then the requests the Overview makes when it opens, each timed alone, and the page's data as the
 * browser asks for it (all at once: the slowest answer is when the page is complete).
 *   npm run bench:overview [-- --calls 1000000] [-- --requests 10] [-- --db sqlite|postgres|both]
 */
import { pathToFileURL } from 'node:url';
import { createJob } from '../src/services/jobs.js';
import { ADMIN_KEY } from './lib/service.js';
import { option } from './lib/args.js';
import type { BenchDialect } from './lib/service.js';
import { seedCalls } from './calls-list.js';
import { latency, type Latency } from './funnel.js';
import { postgresReachable, startBenchApp, type BenchApp } from './import.js';

/** Every request of the Overview's first paint, as web/src/pages/overview-page.tsx makes them. */
function overviewRequests(jobIds: number[], days: number): string[] {
  return ['/auth/me', '/jobs', '/analytics', `/analytics/activity?days=${days}`, ...jobIds.map((id) => `/jobs/${id}/analytics`)];
}

/** The page's requests sent together, `rounds` times: p50 and p99 of the time until the last one answers. */
async function wholePage(bench: BenchApp, urls: string[], rounds: number): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    const started = performance.now();
    await Promise.all(urls.map((url) => bench.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_KEY}` } })));
    if (i >= 2) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { p50_ms: at(0.5), p99_ms: at(0.99) };
}

async function run(dialect: BenchDialect, count: number, requests: number): Promise<void> {
  const bench = await startBenchApp(dialect);
  try {
    const job = (title: string) =>
      createJob(bench.deps, { title, company: 'Bench', timezone: 'America/New_York', interview_minutes: 30, calling_hours: '09:00-18:00' });
    const jobs = { main: bench.jobId, tenth: (await job('Tenth')).id, hundredth: (await job('Hundredth')).id };
    const started = performance.now();
    await seedCalls(bench, jobs, count);
    console.log(
      `${dialect}: seeded ${count} calls in ${((performance.now() - started) / 1000).toFixed(1)} s; ${requests} requests per line`,
    );
    const ms = (l: Latency) => `p50 ${l.p50_ms.toFixed(1).padStart(7)} ms  p99 ${l.p99_ms.toFixed(1).padStart(7)} ms`;
    const ids = [1, jobs.main, jobs.tenth, jobs.hundredth];
    for (const url of [...overviewRequests(ids, 14).filter((u) => u !== '/auth/me'), '/analytics/activity?days=90']) {
      console.log(`  ${url.padEnd(34)} ${ms(await latency(bench, url, requests))}`);
    }
    for (const days of [14, 90]) {
      const urls = overviewRequests(ids, days).filter((u) => u !== '/auth/me');
      console.log(`  whole overview, last ${String(days).padEnd(2)} days     ${ms(await wholePage(bench, urls, requests))}`);
    }
  } finally {
    await bench.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const count = Number(option(argv, 'calls') ?? 1_000_000);
  const requests = Number(option(argv, 'requests') ?? 10);
  const which = option(argv, 'db') ?? 'sqlite';
  const dialects: BenchDialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which === 'postgres' ? 'postgres' : 'sqlite'];
  for (const dialect of dialects) {
    if (dialect === 'postgres' && !(await postgresReachable())) console.log('postgres: not reachable, skipped');
    else await run(dialect, count, requests);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
