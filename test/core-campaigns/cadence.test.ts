import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextAttemptAt, shiftIntoHours, waitAfter } from '../../src/core/campaigns/cadence.js';

const NY = 'America/New_York';
const HOURS = '08:00-21:00';
const WAITS = [120, 1440];

/** A wall-clock time in New York as a UTC instant. */
function ny(local: string): string {
  return DateTime.fromISO(local, { zone: NY }).toUTC().toISO() ?? '';
}

/** The local wall-clock time of a UTC instant in New York. */
function local(instant: string, zone = NY): string {
  return DateTime.fromISO(instant).setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm");
}

describe('waits between attempts', () => {
  it('takes the wait after the attempt that ended, the last one repeated', () => {
    expect(waitAfter(1, WAITS)).toBe(120);
    expect(waitAfter(2, WAITS)).toBe(1440);
    expect(waitAfter(7, WAITS)).toBe(1440);
    expect(waitAfter(1, [])).toBe(0);
  });

  it('returns UTC ISO instants, which compare as text', () => {
    expect(nextAttemptAt({ endedAt: '2026-12-07T10:00:00-05:00', number: 1, waits: WAITS, callingHours: HOURS, zone: NY })).toBe(
      '2026-12-07T17:00:00.000Z',
    );
  });
});

describe('the next attempt after a short wait', () => {
  it('is the wait later when that is inside the calling hours', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-12-07T10:00'), number: 1, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(local(at)).toBe('2026-12-07T12:00');
  });

  it('moves to the next window start when the wait ends after hours', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-12-07T20:00'), number: 1, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(local(at)).toBe('2026-12-08T08:00');
  });

  it('is not shifted for a simulated phone (no calling hours)', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-12-07T23:00'), number: 1, waits: WAITS, callingHours: null, zone: NY });
    expect(local(at)).toBe('2026-12-08T01:00');
  });

  it('counts real minutes across the spring-forward night, then opens at 8 AM daylight time', () => {
    // 01:30 EST + 2 hours = 04:30 EDT (02:00-03:00 does not exist that night); the window opens at 08:00 EDT.
    const ended = ny('2027-03-14T01:30');
    expect(nextAttemptAt({ endedAt: ended, number: 1, waits: WAITS, callingHours: null, zone: NY })).toBe('2027-03-14T08:30:00.000Z');
    const at = nextAttemptAt({ endedAt: ended, number: 1, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(at).toBe('2027-03-14T12:00:00.000Z');
    expect(local(at)).toBe('2027-03-14T08:00');
  });
});

describe('the next day at another time of day', () => {
  it('is three hours later than the attempt that ended, the next day', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-12-08T10:00'), number: 2, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(local(at)).toBe('2026-12-09T13:00');
  });

  it('is three hours earlier when later would leave the calling window', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-12-08T19:30'), number: 2, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(local(at)).toBe('2026-12-09T16:30');
  });

  it('keeps the wall-clock time across the spring-forward change (23 hours later in UTC terms)', () => {
    const ended = ny('2027-03-13T10:00');
    const at = nextAttemptAt({ endedAt: ended, number: 2, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(local(at)).toBe('2027-03-14T13:00');
    expect(at).toBe('2027-03-14T17:00:00.000Z');
  });

  it('keeps the wall-clock time across the fall-back change', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-10-31T10:00'), number: 2, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(local(at)).toBe('2026-11-01T13:00');
    expect(at).toBe('2026-11-01T18:00:00.000Z');
  });

  it('repeats the last wait for later attempts', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-12-09T13:00'), number: 3, waits: WAITS, callingHours: HOURS, zone: NY });
    expect(local(at)).toBe('2026-12-10T16:00');
  });

  it('without calling hours, a later time past midnight is on the day after', () => {
    const at = nextAttemptAt({ endedAt: ny('2026-12-08T22:30'), number: 2, waits: WAITS, callingHours: null, zone: NY });
    expect(local(at)).toBe('2026-12-10T01:30');
  });

  it('honours the candidate zone, not the server one', () => {
    const at = nextAttemptAt({
      endedAt: '2026-12-08T09:00:00.000Z',
      number: 2,
      waits: WAITS,
      callingHours: HOURS,
      zone: 'Asia/Singapore',
    });
    expect(local(at, 'Asia/Singapore')).toBe('2026-12-09T20:00');
  });
});

describe('shifting into calling hours', () => {
  it('keeps an instant inside the window, the opening minute included', () => {
    expect(shiftIntoHours('2026-12-07T08:00:00-05:00', HOURS, NY)).toBe('2026-12-07T13:00:00.000Z');
    expect(local(shiftIntoHours(ny('2026-12-07T20:59'), HOURS, NY))).toBe('2026-12-07T20:59');
  });

  it('moves the closing minute and later to the next morning, before opening to the same morning', () => {
    expect(local(shiftIntoHours(ny('2026-12-07T21:00'), HOURS, NY))).toBe('2026-12-08T08:00');
    expect(local(shiftIntoHours(ny('2026-12-07T23:59'), HOURS, NY))).toBe('2026-12-08T08:00');
    expect(local(shiftIntoHours(ny('2026-12-07T07:59'), HOURS, NY))).toBe('2026-12-07T08:00');
    expect(local(shiftIntoHours(ny('2026-12-07T00:00'), HOURS, NY))).toBe('2026-12-07T08:00');
  });

  it('leaves any instant alone without calling hours', () => {
    expect(shiftIntoHours('2026-12-07T03:00:00-05:00', null, NY)).toBe('2026-12-07T08:00:00.000Z');
  });

  it('needs the window in every zone of a number that spans several', () => {
    // 9 AM in New York is 6 AM in Los Angeles: the first instant inside both is 8 AM Pacific.
    const at = shiftIntoHours(ny('2026-12-07T09:00'), HOURS, [NY, 'America/Los_Angeles']);
    expect(local(at, 'America/Los_Angeles')).toBe('2026-12-07T08:00');
  });

  it('opens at the next valid wall-clock time when the opening does not exist (spring forward)', () => {
    const at = shiftIntoHours(ny('2027-03-14T01:00'), '02:30-21:00', NY);
    expect(local(at)).toBe('2027-03-14T03:30');
  });

  it('refuses what is not an instant', () => {
    expect(() => shiftIntoHours('tomorrow', HOURS, NY)).toThrow(RangeError);
  });
});
