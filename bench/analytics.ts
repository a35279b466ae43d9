/**
 * Part 4: GET /analytics and GET /conversations?limit=50 latency after seeding 10k, 100k and 1M conversations
 * (`seedDemo`, the code behind `npm run seed:demo`), against the running service, on SQLite and PostgreSQL.
 * Levels are cumulative on one database per dialect: 10k, then 90k more, then 900k more.
 * Requests are sequential (one connection): this is the latency a dashboard sees.
 */
import { seedDemo } from '../src/cli/seed-demo.js';
import { createClient, loadResult, runUsers, timed } from './lib/load.js';
import type { ServerMode } from './lib/proc.js';
import { ADMIN_KEY, freshBenchDatabase, startService, type BenchDialect } from './lib/service.js';

export interface AnalyticsPoint {
  dialect: BenchDialect;
  conversations: number;
  seed_seconds: number;
  analytics_p50_ms: number;
  analytics_p99_ms: number;
  conversations_p50_ms: number;
  conversations_p99_ms: number;
  requests: number;
}

async function measure(base: string, path: string, requests: number, seconds: number) {
  const client = createClient(base, 1);
  const headers = { authorization: `Bearer ${ADMIN_KEY}` };
  for (let i = 0; i < 3; i++) await client.request('GET', path, headers);
  const run = await runUsers({
    concurrency: 1,
    total: requests,
    seconds,
    step: async (_u, lat) => {
      const res = await timed(lat, () => client.request('GET', path, headers));
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.body.slice(0, 200)}`);
    },
  });
  client.close();
  if (run.errors > 0) throw new Error(`${path}: ${String(run.firstError)}`);
  return loadResult(run.latencies, run.seconds, run.errors);
}

export async function benchAnalytics(options: {
  dialect: BenchDialect;
  mode: ServerMode;
  levels: number[];
  requests?: number;
  seconds?: number;
  log?: (line: string) => void;
}): Promise<AnalyticsPoint[]> {
  const log = options.log ?? (() => undefined);
  const database = await freshBenchDatabase(options.dialect);
  const out: AnalyticsPoint[] = [];
  try {
    let seeded = 0;
    for (const level of [...options.levels].sort((a, b) => a - b)) {
      log(`analytics ${options.dialect}: seeding to ${level} conversations`);
      const seed = await seedDemo({ calls: level - seeded, database: database.url, seed: level });
      seeded = level;
      const service = await startService({ database, mode: options.mode });
      try {
        const analytics = await measure(service.url, '/analytics', options.requests ?? 200, options.seconds ?? 5);
        const list = await measure(service.url, '/conversations?limit=50', options.requests ?? 200, options.seconds ?? 5);
        out.push({
          dialect: options.dialect,
          conversations: level,
          seed_seconds: Math.round(seed.seconds * 10) / 10,
          analytics_p50_ms: analytics.p50_ms,
          analytics_p99_ms: analytics.p99_ms,
          conversations_p50_ms: list.p50_ms,
          conversations_p99_ms: list.p99_ms,
          requests: analytics.requests + list.requests,
        });
        log(
          `  /analytics p50 ${analytics.p50_ms} ms p99 ${analytics.p99_ms} ms; ` +
            `/conversations?limit=50 p50 ${list.p50_ms} ms p99 ${list.p99_ms} ms`,
        );
      } finally {
        await service.stop();
      }
    }
  } finally {
    await database.drop();
  }
  return out;
}
