import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable, runBench } from '../../bench/run.js';

/**
 * A quick run of the whole benchmark harness with tiny N on SQLite, from source: every part runs and every
 * figure is produced. No timing thresholds here (the machine is shared); `npm run bench` is the real run.
 */
describe('npm run bench (smoke)', () => {
  it('produces every figure with tiny N on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-bench-smoke-'));
    const out = join(dir, 'results.json');
    try {
      const results = await runBench({
        dialects: ['sqlite'],
        mode: 'tsx',
        concurrency: 5,
        calls: 5,
        pacedCalls: 1,
        thinkMs: 5,
        baselineRequests: 200,
        autocannonSeconds: 1,
        understandingSeconds: 0.2,
        levels: [500],
        memoryCalls: 5,
        importRows: 200,
        funnelCandidates: 1000,
        funnelRequests: 5,
        forgedCalls: 1,
        forgedConnections: 4,
        skip: new Set(),
        out,
        log: () => undefined,
      });
      const saved = JSON.parse(readFileSync(out, 'utf8')) as typeof results;
      const positive = (value: unknown) => expect(typeof value === 'number' && value > 0, String(value)).toBe(true);
      for (const r of [results, saved]) {
        for (const k of ['rps', 'p50_ms', 'p99_ms'] as const) positive(r.baseline?.[k]);
        positive(r.baseline_autocannon?.rps);
        for (const k of ['rps', 'p50_ms', 'p99_ms', 'ratio_to_baseline'] as const) positive(r.turns.sqlite?.[k]);
        expect(r.turns.sqlite?.booked).toBe(5);
        for (const k of ['rps', 'p50_ms', 'p99_ms'] as const) positive(r.paced.sqlite?.[k]);
        for (const k of ['rps', 'p50_ms', 'p99_ms'] as const) positive(r.baseline_paced?.[k]);
        // The server's own time (its Server-Timing header), read from the service and from the bare route alike;
        // never more than what the client measured around the same requests.
        for (const t of [r.turns.sqlite, r.paced.sqlite]) positive(t?.server_p50_ms);
        for (const t of [r.turns.sqlite, r.paced.sqlite, r.baseline, r.baseline_paced]) {
          expect(t?.server_p50_ms).toBeGreaterThanOrEqual(0);
          expect(t?.server_p50_ms).toBeLessThanOrEqual(t?.p50_ms ?? 0);
          expect(t?.server_p99_ms).toBeLessThanOrEqual(t?.p99_ms ?? 0);
        }
        expect(r.baseline_paced?.requests).toBe(5 * 1 * 4);
        positive(r.understanding?.utterances_per_s);
        expect(r.analytics.map((a) => a.conversations)).toEqual([500]);
        for (const k of ['analytics_p50_ms', 'analytics_p99_ms', 'conversations_p50_ms', 'conversations_p99_ms'] as const)
          positive(r.analytics[0]?.[k]);
        positive(r.memory.sqlite?.rss_mb);
        expect(r.import?.first.created).toBe(200);
        expect(r.import?.again.unchanged).toBe(200);
        positive(r.import?.first.seconds);
        expect(r.funnel.map((f) => [f.dialect, f.candidates])).toEqual([['sqlite', 1000]]);
        positive(r.funnel[0]?.job.p50_ms);
        positive(r.funnel[0]?.overall.p50_ms);
        // Both paced runs played every call; the forged requests really ran beside the second, each answered.
        expect([r.forged?.alone.booked, r.forged?.flooded.booked]).toEqual([5, 5]);
        positive(r.forged?.flood.requests);
        expect(Object.values(r.forged?.flood.statuses ?? {}).reduce((a, b) => a + b, 0)).toBe(r.forged?.flood.requests);
        positive(r.forged?.p99_ratio);
        // The campaign section: every candidate of the small campaign dialled exactly once, with its figures.
        expect(r.campaign[0]?.attempts).toBe(50);
        positive(r.campaign[0]?.attempts_per_s);
        positive(r.campaign[0]?.cpu_ms_per_attempt);
        expect(r.targets.length).toBeGreaterThanOrEqual(9);
      }
      const table = formatTable(results);
      expect(table).toContain('2 cores'.replace('2', String(results.machine.cpus)));
      expect(table).toContain('Signed turns, sqlite');
      expect(table).toContain('Baseline at that pace');
      expect(table).toMatch(/Turn latency, sqlite.*p99 [\d.]+x the floor/);
      expect(table).toMatch(/Turn latency, sqlite[^|]*\|[^|]*\|[^|]*\|[^|]*\| [\d.]+ \/ [\d.]+ \|/);
      expect(table).toContain("of which the server's own time");
      expect(table).toMatch(/\| Import 200 CSV rows, sqlite \(created 200, unchanged 0\) \| [\d.]+ s \|/);
      expect(table).toContain('GET /jobs/{id}/analytics, sqlite, 1,000 candidates');
      expect(table).toMatch(/Turn latency, sqlite, 5 calls in progress, 4 connections of forged webhooks beside .*\| p99 [\d.]+x, own p99/);
      expect(table).toContain('200 CSV rows imported, sqlite (s, < 20)');
      expect(table).toContain('GET /jobs/{id}/analytics p50 at 1,000 candidates, sqlite (ms, < 50)');
      expect(table).toMatch(/signed turn p99, sqlite, 4 connections of forged requests beside it, ratio to without \(x, <= 2\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
