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
        expect(r.targets.length).toBeGreaterThanOrEqual(5);
      }
      const table = formatTable(results);
      expect(table).toContain('2 cores'.replace('2', String(results.machine.cpus)));
      expect(table).toContain('Signed turns, sqlite');
      expect(table).toContain('Baseline at that pace');
      expect(table).toMatch(/Turn latency, sqlite.*p99 [\d.]+x the floor/);
      expect(table).toMatch(/Turn latency, sqlite[^|]*\|[^|]*\|[^|]*\|[^|]*\| [\d.]+ \/ [\d.]+ \|/);
      expect(table).toContain("of which the server's own time");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
