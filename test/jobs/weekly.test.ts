import { describe, expect, it } from 'vitest';
import { parseWeekdays, ScheduleInputError, slotStartInZone, weeklyStarts } from '../../src/core/scheduling/weekly.js';

describe('weekly availability', () => {
  it('Mon-Fri 10:00-16:00 with 45-minute slots and a 15-minute buffer: six a day, two weeks, a holiday skipped', () => {
    const { starts, skipped } = weeklyStarts(
      {
        days: 'Mon-Fri',
        from: '10:00',
        to: '16:00',
        minutes: 45,
        buffer_minutes: 15,
        start_date: '2026-12-14',
        weeks: 2,
        skip_dates: ['2026-12-25'],
      },
      'America/New_York',
    );
    expect(skipped).toEqual([]);
    expect(starts).toHaveLength(9 * 6);
    expect(starts.slice(0, 6)).toEqual([
      '2026-12-14T10:00:00-05:00',
      '2026-12-14T11:00:00-05:00',
      '2026-12-14T12:00:00-05:00',
      '2026-12-14T13:00:00-05:00',
      '2026-12-14T14:00:00-05:00',
      '2026-12-14T15:00:00-05:00',
    ]);
    expect(starts.some((s) => s.startsWith('2026-12-25'))).toBe(false);
    expect(starts.some((s) => s.startsWith('2026-12-19') || s.startsWith('2026-12-20'))).toBe(false);
    expect(starts.at(-1)).toBe('2026-12-24T15:00:00-05:00');
  });

  it('a 10:00 slot stays 10:00 local across the US spring change, with the new offset', () => {
    const { starts } = weeklyStarts(
      { days: ['fri', 'mon'], from: '10:00', to: '11:00', minutes: 60, start_date: '2027-03-12' },
      'America/Chicago',
    );
    expect(starts).toEqual(['2027-03-12T10:00:00-06:00', '2027-03-15T10:00:00-05:00']);
    const instants = starts.map((s) => new Date(s).getUTCHours());
    expect(instants).toEqual([16, 15]);
  });

  it('a local time the clocks skip (02:30 on the spring-forward Sunday) is left out and reported', () => {
    const { starts, skipped } = weeklyStarts(
      { days: 'Sun', from: '01:30', to: '04:30', minutes: 60, start_date: '2027-03-14' },
      'America/New_York',
    );
    expect(starts).toEqual(['2027-03-14T01:30:00-05:00', '2027-03-14T03:30:00-04:00']);
    expect(skipped).toEqual([{ local: '2027-03-14T02:30', reason: 'nonexistent_local_time' }]);
  });

  it('the repeated hour of the autumn change gives one slot, at the later of the two instants (standard time)', () => {
    const { starts } = weeklyStarts({ days: 'Sun', from: '01:30', to: '02:00', minutes: 30, start_date: '2026-11-01' }, 'America/New_York');
    expect(starts).toEqual(['2026-11-01T01:30:00-05:00']);
  });

  it('reads days as names, full names and wrapping ranges', () => {
    expect(parseWeekdays('Mon-Wed, Fri')).toEqual(['mon', 'tue', 'wed', 'fri']);
    expect(parseWeekdays('Fri-Mon')).toEqual(['mon', 'fri', 'sat', 'sun']);
    expect(parseWeekdays(['Tuesday', 'thu'])).toEqual(['tue', 'thu']);
    expect(() => parseWeekdays('Mon-Funday')).toThrow(ScheduleInputError);
    expect(() => parseWeekdays([])).toThrow(/at least one/);
  });

  it('refuses what cannot make slots: a window shorter than a slot, a bad date, too many weeks', () => {
    const base = { days: 'Mon', from: '10:00', to: '10:30', minutes: 45, start_date: '2026-12-14' };
    expect(() => weeklyStarts(base, 'UTC')).toThrow(/no 45-minute slot fits/);
    expect(() => weeklyStarts({ ...base, to: '12:00', start_date: '2026-02-30' }, 'UTC')).toThrow(/start_date/);
    expect(() => weeklyStarts({ ...base, to: '12:00', weeks: 53 }, 'UTC')).toThrow(/weeks/);
    expect(() => weeklyStarts({ ...base, from: '9:00', to: '12:00' }, 'UTC')).toThrow(/from: expected HH:MM/);
    expect(() => weeklyStarts({ ...base, to: '24:00', minutes: 5, days: 'Mon-Sun', weeks: 52 }, 'UTC')).toThrow(/more than 2000/);
  });
});

describe('one typed slot start', () => {
  it('reads a local date-time in the job zone, or keeps the instant of one with an offset', () => {
    expect(slotStartInZone('2026-12-14T10:00', 'America/Los_Angeles')).toBe('2026-12-14T10:00:00-08:00');
    expect(slotStartInZone('2026-12-14T10:00:00Z', 'America/Los_Angeles')).toBe('2026-12-14T02:00:00-08:00');
    expect(slotStartInZone('2026-12-14T10:00-05:00', 'America/Los_Angeles')).toBe('2026-12-14T07:00:00-08:00');
  });

  it('refuses a local time the clocks skip, and what is not a date-time', () => {
    expect(() => slotStartInZone('2027-03-14T02:30', 'America/New_York')).toThrow(/does not exist/);
    expect(() => slotStartInZone('next tuesday', 'UTC')).toThrow(ScheduleInputError);
    expect(() => slotStartInZone('2026-13-01T10:00', 'UTC')).toThrow(ScheduleInputError);
  });
});
