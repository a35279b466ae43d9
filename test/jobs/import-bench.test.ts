import { describe, expect, it } from 'vitest';
import { importBench } from '../../bench/import.js';
import { latency, seedCandidates } from '../../bench/funnel.js';
import { startBenchApp } from '../../bench/import.js';
import { DIALECTS } from '../helpers/databases.js';

// The benchmarks' own code on a tiny scale, so that `npm run bench:import` and `bench:funnel` keep working; their
// figures are printed by the scripts, never asserted here.
describe.each(DIALECTS)('benchmark scripts (smoke) on %s', (dialect) => {
  it('imports a generated CSV, then finds the same file unchanged', async () => {
    const figures = await importBench(dialect, 200);
    expect([figures.first.created, figures.first.rejected]).toEqual([200, 0]);
    expect([figures.again.created, figures.again.updated, figures.again.unchanged]).toEqual([0, 0, 200]);
  });

  it('seeds candidates in one statement with counters that match, and reads the funnel', async () => {
    const bench = await startBenchApp(dialect);
    try {
      await seedCandidates(bench, 90);
      const res = await bench.app.inject({
        method: 'GET',
        url: `/jobs/${bench.jobId}/analytics`,
        headers: { authorization: 'Bearer bench-admin-key-0123456789abcdef' },
      });
      const funnel = res.json().funnel;
      expect([funnel.candidates, funnel.by_status.new, funnel.scheduled, funnel.calls_placed]).toEqual([90, 10, 10, 90]);
      expect(funnel.median_seconds_to_booking).toBeGreaterThan(86_400);
      expect((await latency(bench, '/analytics', 2)).p50_ms).toBeGreaterThan(0);
    } finally {
      await bench.close();
    }
  });
});
