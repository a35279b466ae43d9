import { describe, expect, it } from 'vitest';
import { callbackTime } from '../../src/core/understanding/local/callback-time.js';
import { normalize, understandLocal } from '../../src/core/understanding/local/index.js';
import { callbackTimeMisses, loadCallbackTimes } from '../../scripts/eval-calls/callback-times.js';

/** Monday December 7th 2026, 10:15 AM in New York. */
const NOW = '2026-12-07T10:15:00-05:00';
const NY = 'America/New_York';

function at(utterance: string, now = NOW, zone = NY): string | null | undefined {
  return understandLocal({ utterance, offered: [], now, timezone: zone }).callbackAt;
}

describe('the time a candidate asks to be called back at', () => {
  it('reads a day and a time: "tomorrow after three" is tomorrow at 3 PM in their zone', () => {
    expect(at('can you call me tomorrow after three')).toBe('2026-12-08T15:00:00-05:00');
    expect(at('try me again on wednesday at two thirty')).toBe('2026-12-09T14:30:00-05:00');
  });

  it('counts relative times from now', () => {
    expect(at('call me back in an hour')).toBe('2026-12-07T11:15:00-05:00');
    expect(at('give me 20 minutes and call back')).toBe('2026-12-07T10:35:00-05:00');
    expect(at('ring me back in half an hour')).toBe('2026-12-07T10:45:00-05:00');
    expect(at('call me in an hour and a half')).toBe('2026-12-07T11:45:00-05:00');
  });

  it('gives parts of the day their hours: morning 9, afternoon 2 PM, evening 6 PM', () => {
    expect(at('im driving call me next monday morning')).toBe('2026-12-14T09:00:00-05:00');
    expect(at('friday afternoon would be better give me a call then')).toBe('2026-12-11T14:00:00-05:00');
    expect(at('could you ring me this evening')).toBe('2026-12-07T18:00:00-05:00');
  });

  it('takes a time without a day today when it is still ahead, else tomorrow', () => {
    expect(at('call me after five')).toBe('2026-12-07T17:00:00-05:00');
    expect(at('call me back at 9')).toBe('2026-12-08T09:00:00-05:00');
  });

  it('gives null when no time is said, and nothing at all for a reply that is not a callback', () => {
    expect(at('call me back later')).toBeNull();
    expect(at('im in a meeting right now')).toBeNull();
    expect(understandLocal({ utterance: 'tuesday at two works', offered: [], now: NOW, timezone: NY }).callbackAt).toBeUndefined();
  });

  it('keeps the wall-clock time across a change of offset (Chicago, the night clocks go forward)', () => {
    const now = '2027-03-13T16:40:00-06:00';
    expect(at('call me tomorrow afternoon', now, 'America/Chicago')).toBe('2027-03-14T14:00:00-05:00');
    expect(at('call me back in an hour', now, 'America/Chicago')).toBe('2027-03-13T17:40:00-06:00');
  });

  it('never gives an instant that is not after now', () => {
    expect(callbackTime(normalize('call me this morning'), NOW, NY)).toBeNull();
    expect(callbackTime(normalize('call me at 10'), '2026-12-07T10:00:00-05:00', NY)).toBe('2026-12-08T10:00:00-05:00');
    expect(callbackTime(normalize('call me later'), 'not a date', NY)).toBeNull();
  });
});

describe('the callback-times fixture (50 phrasings, scored blind once at 48/50 before tuning)', () => {
  it('reads at least 95% of them right', () => {
    const set = loadCallbackTimes();
    expect(set.rows.length).toBeGreaterThanOrEqual(40);
    const misses = callbackTimeMisses(set);
    expect(misses.length / set.rows.length).toBeLessThanOrEqual(0.05);
  });
});
