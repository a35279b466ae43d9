import { describe, expect, it } from 'vitest';
import { isValidUnderstanding, withFallback, type FallbackEvent } from '../../src/core/understanding/fallback.js';
import type { UnderstandInput, Understander, Understanding } from '../../src/core/understanding/types.js';

const input: UnderstandInput = {
  utterance: 'yes',
  offered: [{ label: 'Monday at 10 AM' }],
  now: '2026-11-23T09:15:00-05:00',
  timezone: 'America/New_York',
};

const LOCAL: Understanding = { intent: 'accept', slot: 0, time: null, date: null, confidence: 0.6, engine: 'local' };
const REMOTE: Understanding = { intent: 'accept', slot: 0, time: null, date: null, confidence: 0.9, engine: 'openai' };

const local: Understander = { name: 'local', understand: async () => LOCAL };

/** A primary that answers after `ms` unless aborted; records whether it saw the abort. */
function slowPrimary(ms: number, answer: Understanding = REMOTE) {
  const seen = { aborted: false, reason: undefined as unknown };
  const primary: Understander = {
    name: 'openai',
    understand: (_input, signal) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => resolve(answer), ms);
        signal?.addEventListener('abort', () => {
          seen.aborted = true;
          seen.reason = signal.reason;
          clearTimeout(t);
          reject(Object.assign(new Error('aborted'), { reason: 'aborted' }));
        });
      }),
  };
  return { primary, seen };
}

describe('withFallback', () => {
  it('returns the primary result when it is in time', async () => {
    const u = withFallback(slowPrimary(5).primary, local, { timeoutMs: 500 });
    expect(await u.understand(input)).toEqual(REMOTE);
    expect(u.stats()).toEqual({ calls: 1, fallbacks: 0, byReason: {} });
    expect(u.name).toBe('openai');
  });

  it('answers with the fallback at the budget and aborts the primary', async () => {
    const { primary, seen } = slowPrimary(5_000);
    const events: FallbackEvent[] = [];
    const u = withFallback(primary, local, { timeoutMs: 50, onFallback: (e) => events.push(e) });
    const started = performance.now();
    expect(await u.understand(input)).toEqual(LOCAL);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(seen.aborted).toBe(true);
    expect((seen.reason as Error).name).toBe('TimeoutError');
    expect(events).toHaveLength(1);
    expect(events[0]!.reason).toBe('timeout');
    expect(events[0]!.elapsedMs).toBeGreaterThanOrEqual(40);
    expect(u.stats()).toEqual({ calls: 1, fallbacks: 1, byReason: { timeout: 1 } });
  });

  it('uses the error reason, or "error" for an error without one', async () => {
    let n = 0;
    const primary: Understander = {
      name: 'openai',
      understand: async () => {
        n++;
        if (n === 1) throw Object.assign(new Error('x'), { reason: 'rate_limited' });
        throw new Error('boom');
      },
    };
    const u = withFallback(primary, local, { timeoutMs: 500 });
    expect(await u.understand(input)).toEqual(LOCAL);
    expect(await u.understand(input)).toEqual(LOCAL);
    expect(u.stats()).toEqual({ calls: 2, fallbacks: 2, byReason: { rate_limited: 1, error: 1 } });
  });

  it('treats a synchronous throw of the primary as a failure', async () => {
    const primary = {
      name: 'openai',
      understand: () => {
        throw new Error('sync');
      },
    } as unknown as Understander;
    const u = withFallback(primary, local, { timeoutMs: 500 });
    expect(await u.understand(input)).toEqual(LOCAL);
    expect(u.stats().byReason).toEqual({ error: 1 });
  });

  it('rejects an invalid primary result', async () => {
    const bad = { ...REMOTE, slot: 3 };
    const u = withFallback({ name: 'openai', understand: async () => bad }, local, { timeoutMs: 500 });
    expect(await u.understand(input)).toEqual(LOCAL);
    expect(u.stats().byReason).toEqual({ invalid: 1 });
  });

  it('falls back at once when the caller aborts, and passes the abort on', async () => {
    const { primary, seen } = slowPrimary(5_000);
    const u = withFallback(primary, local, { timeoutMs: 5_000 });
    const controller = new AbortController();
    const pending = u.understand(input, controller.signal);
    controller.abort();
    expect(await pending).toEqual(LOCAL);
    expect(seen.aborted).toBe(true);
    expect(u.stats().byReason).toEqual({ aborted: 1 });
  });

  it('does not start the primary when the caller signal is already aborted', async () => {
    let started = false;
    const primary: Understander = {
      name: 'openai',
      understand: async () => {
        started = true;
        return REMOTE;
      },
    };
    const u = withFallback(primary, local, { timeoutMs: 500 });
    expect(await u.understand(input, AbortSignal.abort())).toEqual(LOCAL);
    expect(started).toBe(false);
  });

  it('ignores an onFallback that throws', async () => {
    const u = withFallback({ name: 'openai', understand: async () => Promise.reject(new Error('x')) }, local, {
      timeoutMs: 500,
      onFallback: () => {
        throw new Error('observer');
      },
    });
    expect(await u.understand(input)).toEqual(LOCAL);
  });

  it('rejects only when both fail; survives a failing fallback when the primary answers', async () => {
    const broken: Understander = { name: 'local', understand: async () => Promise.reject(new Error('local down')) };
    const failing = withFallback({ name: 'openai', understand: async () => Promise.reject(new Error('x')) }, broken, {
      timeoutMs: 500,
    });
    await expect(failing.understand(input)).rejects.toThrow('local down');
    const ok = withFallback(slowPrimary(1).primary, broken, { timeoutMs: 500 });
    expect(await ok.understand(input)).toEqual(REMOTE);
  });
});

describe('isValidUnderstanding', () => {
  it.each([
    [{ ...REMOTE }, true],
    [{ ...REMOTE, intent: 'maybe' }, false],
    [{ ...REMOTE, slot: 1 }, false],
    [{ ...REMOTE, intent: 'decline', slot: 0 }, false],
    [{ ...REMOTE, intent: 'decline', slot: null }, true],
    [{ ...REMOTE, time: '2pm' }, false],
    [{ ...REMOTE, time: '14:00', date: '2026-11-27' }, true],
    [{ ...REMOTE, date: '27/11/2026' }, false],
    [{ ...REMOTE, confidence: 1.5 }, false],
    [{ ...REMOTE, confidence: Number.NaN }, false],
    [{ ...REMOTE, engine: 'gpt' }, false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isValidUnderstanding(value, input)).toBe(expected);
  });
});
