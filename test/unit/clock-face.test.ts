import { describe, expect, it } from 'vitest';
import { clockFace, clockTime, meridiem, monthName, weekdayName } from '../../src/core/scheduling/clock-face.js';

describe('an instant read on a zone’s clock', () => {
  it('reads the local date, weekday and time where the zone is a day behind UTC', () => {
    // 03:30 UTC on Wednesday is 10:30 PM on Tuesday in New York.
    const face = clockFace('2026-12-09T03:30:00Z', 'America/New_York');
    expect([face.year, face.month, face.day, face.hour, face.minute]).toEqual([2026, 12, 8, 22, 30]);
    expect([weekdayName(face), weekdayName(face, true), monthName(face), monthName(face, true)]).toEqual([
      'Tuesday',
      'Tue',
      'December',
      'Dec',
    ]);
    expect([clockTime(face), meridiem(face), face.zoneName]).toEqual(['10:30', 'PM', 'EST']);
  });

  it('writes midnight and noon as 12 on the 12-hour clock', () => {
    expect(clockTime(clockFace('2026-12-08T05:00:00Z', 'America/New_York'))).toBe('12:00');
    const noon = clockFace('2026-12-08T17:05:00Z', 'America/New_York');
    expect([clockTime(noon), meridiem(noon)]).toEqual(['12:05', 'PM']);
  });

  it('takes the offset in force at each instant across a clock change', () => {
    expect(clockFace('2026-11-01T05:30:00Z', 'America/New_York')).toMatchObject({ hour: 1, zoneName: 'EDT' });
    expect(clockFace('2026-11-01T06:30:00Z', 'America/New_York')).toMatchObject({ hour: 1, zoneName: 'EST' });
  });

  it('counts calendar days between two faces, across a month and a year', () => {
    const eve = clockFace('2026-12-31T23:00:00-05:00', 'America/New_York');
    const day = clockFace('2027-01-01T00:30:00-05:00', 'America/New_York');
    expect(day.dayNumber - eve.dayNumber).toBe(1);
    expect(weekdayName(day)).toBe('Friday');
  });

  it('reads an unknown zone as UTC, named by itself', () => {
    expect(clockFace('2026-12-08T14:00:00Z', 'Mars/Olympus')).toMatchObject({ hour: 14, zoneName: 'Mars/Olympus' });
  });
});
