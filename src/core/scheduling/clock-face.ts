import { zoneNameAt } from './formatters.js';
import { isoInZone } from './zones.js';

/**
 * An instant as a wall clock in a zone reads it, in English: what the messages write ("Tuesday, December 8, 2026",
 * "2:00 PM EST"). Read from `isoInZone`'s kept offsets and plain tables, so a booking's messages ask neither luxon nor
 * Intl for each part (the zone's abbreviation comes from a kept Intl formatter).
 */
export interface ClockFace {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Days since 1970-01-01 of the local date: two faces' difference is a count of calendar days. */
  dayNumber: number;
  /** "EST", or "GMT+1" where English has no abbreviation for the zone at that instant. */
  zoneName: string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_MS = 86_400_000;

/** `iso` (any ISO 8601 instant) on the clocks of `zone`; an unknown zone reads as UTC, named by itself. */
export function clockFace(iso: string, zone: string): ClockFace {
  const at = new Date(iso);
  const inZone = isoInZone(at, zone);
  const local = inZone ?? at.toISOString();
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (match === null) throw new RangeError(`not an instant: ${iso}`);
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const dayNumber = Date.UTC(year, month - 1, day) / DAY_MS;
  return {
    year,
    month,
    day,
    hour,
    minute,
    weekday: (dayNumber + 4) % 7, // 1970-01-01 was a Thursday
    dayNumber,
    zoneName: (inZone === undefined ? null : zoneNameAt(zone, at, 'short')) ?? zone,
  };
}

/** "Tuesday" ("Tue" when short). */
export function weekdayName(face: ClockFace, short = false): string {
  const name = WEEKDAYS[face.weekday] ?? '';
  return short ? name.slice(0, 3) : name;
}

/** "December" ("Dec" when short). */
export function monthName(face: ClockFace, short = false): string {
  const name = MONTHS[face.month - 1] ?? '';
  return short ? name.slice(0, 3) : name;
}

/** "2:05" on a 12-hour clock. */
export function clockTime(face: ClockFace): string {
  return `${face.hour % 12 === 0 ? 12 : face.hour % 12}:${String(face.minute).padStart(2, '0')}`;
}

/** "AM" or "PM". */
export function meridiem(face: ClockFace): 'AM' | 'PM' {
  return face.hour < 12 ? 'AM' : 'PM';
}
