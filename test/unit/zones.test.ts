import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localParts } from '../../src/core/scheduling/slots.js';
import { isoInZone, isValidZone } from '../../src/core/scheduling/zones.js';
import { todayIn } from '../../src/core/understanding/local/date-parse.js';

// Zones with DST, half- and quarter-hour offsets, a 30-minute DST shift, and none at all.
const ZONES = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Honolulu', 'UTC'];
// 2026-2027, spanning every DST change of those zones.
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) });

describe('zone arithmetic with cached offsets', () => {
  it('isoInZone is what luxon says, to the millisecond, in any zone at any instant', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, zone) => {
        // luxon writes UTC itself as "Z"; the same instant and local time either way
        expect(isoInZone(new Date(ms), zone)).toBe(DateTime.fromMillis(ms).setZone(zone).toISO()?.replace(/Z$/, '+00:00'));
      }),
      { numRuns: 3000 },
    );
  });

  it('isoInZone on both sides of a DST change (New York, 2026-03-08 and 2026-11-01)', () => {
    expect(isoInZone(new Date('2026-03-08T06:59:59.999Z'), 'America/New_York')).toBe('2026-03-08T01:59:59.999-05:00');
    expect(isoInZone(new Date('2026-03-08T07:00:00.000Z'), 'America/New_York')).toBe('2026-03-08T03:00:00.000-04:00');
    expect(isoInZone(new Date('2026-11-01T05:59:59.999Z'), 'America/New_York')).toBe('2026-11-01T01:59:59.999-04:00');
    expect(isoInZone(new Date('2026-11-01T06:00:00.000Z'), 'America/New_York')).toBe('2026-11-01T01:00:00.000-05:00');
    expect(isoInZone(new Date('2026-12-01T12:00:00Z'), 'Not/AZone')).toBeUndefined();
    expect(isValidZone('Not/AZone')).toBe(false);
    expect(isValidZone('America/Chicago')).toBe(true);
  });

  it("todayIn gives the day luxon gives, whatever order the instants and zones come in (the service's now changes every turn)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, fc.constantFrom(...ZONES)), { minLength: 1, maxLength: 30 }), (asks) => {
        for (const [ms, zone] of asks) {
          const now = DateTime.fromMillis(ms).setZone('America/Los_Angeles').toISO() ?? '';
          const day = todayIn(now, zone);
          expect(day.toISO()).toBe(DateTime.fromMillis(ms).setZone(zone).startOf('day').toISO());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('todayIn turns the day at midnight in the zone asked about, not in the zone of the instant', () => {
    const zone = 'America/New_York';
    expect(todayIn('2026-12-02T04:59:59.999Z', zone).toISODate()).toBe('2026-12-01');
    expect(todayIn('2026-12-02T05:00:00.000Z', zone).toISODate()).toBe('2026-12-02');
    expect(todayIn('2026-12-02T04:59:59.999Z', zone).toISODate()).toBe('2026-12-01');
    expect(todayIn('2026-12-02T04:59:59.999Z', 'Europe/London').toISODate()).toBe('2026-12-02');
    // Not an instant with an offset: still read the way luxon reads it.
    expect(todayIn('2026-12-02', 'UTC').toISODate()).toBe(
      DateTime.fromISO('2026-12-02', { setZone: true }).setZone('UTC').startOf('day').toISODate(),
    );
  });

  it('localParts is the slot in the listener zone', () => {
    expect(localParts('2026-12-01T14:00:00-05:00', 'America/Los_Angeles')).toEqual({ date: '2026-12-01', time: '11:00' });
    expect(localParts('2026-12-01T14:00:00-05:00', 'Asia/Kolkata')).toEqual({ date: '2026-12-02', time: '00:30' });
    expect(localParts('2026-12-01T14:00:00-05:00', 'America/Los_Angeles')).toEqual({ date: '2026-12-01', time: '11:00' });
  });
});
