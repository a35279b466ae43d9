import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FOUR, NOW, TZ } from './helpers.js';

describe('cli understand', () => {
  it('streams one answer per good line and reports a bad line on stderr', () => {
    const input =
      [
        JSON.stringify({ id: 'a', utterance: 'yes thursday at 3 works', offered: FOUR, now: NOW, timezone: TZ }),
        '{"id": "broken", this is not json',
        JSON.stringify({ id: 'b', utterance: 'stop calling me', offered: [], now: NOW, timezone: TZ }),
        JSON.stringify({ id: 'c', offered: [], now: NOW, timezone: TZ }),
      ].join('\n') + '\n';
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'understand'], {
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toEqual([
      {
        id: 'a',
        intent: 'accept',
        slot: 3,
        time: '15:00',
        date: '2026-12-03',
        topic: null,
        confidence: expect.any(Number),
        engine: 'local',
      },
      { id: 'b', intent: 'opt_out', slot: null, time: null, date: null, topic: null, confidence: expect.any(Number), engine: 'local' },
    ]);
    const err = res.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { id: unknown; error: string });
    expect(err).toHaveLength(2);
    expect(err[0]).toMatchObject({ id: null });
    expect(err[1]).toMatchObject({ id: 'c' });
    expect(typeof err[0]?.error).toBe('string');
  });
});
