import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `npm run bench:db` with tiny N: it plays every turn of every call and prints its figures (no thresholds). */
describe('npm run bench:db (smoke)', () => {
  it('records every turn of every call and prints turns per second and CPU per turn', async () => {
    const { stdout } = await run('node', ['--import', 'tsx', 'bench/db-turns.ts', '--calls', '3', '--turns', '4'], { timeout: 60_000 });
    const match = /^12 turns \(3 calls at once, 4 turns each\): (\d+) turns\/s, CPU (\d+) µs per turn$/m.exec(stdout);
    expect(match, stdout).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThan(0);
  }, 60_000);
});
