import { DateTime } from 'luxon';

/**
 * Slot starts from what a recruiter types: one local date-time, or a weekly availability ("Mon-Fri 10:00-16:00,
 * 45-minute slots, 15-minute buffer, from 2026-12-14 for two weeks, skipping 2026-12-25"). Pure: the zone is an
 * argument and the zone rules decide the offsets, so a 10:00 slot stays 10:00 local across a DST change.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A weekly availability, as `POST /jobs/{id}/slots` takes it under `weekly`. */
export interface WeeklyAvailability {
  /** ["mon", "wed"] or a text such as "Mon-Fri", "Mon,Wed,Fri", "Mon-Wed,Sat" (full names and any case too). */
  days: readonly string[] | string;
  /** Local time of the first slot each day, "HH:MM". */
  from: string;
  /** Local time by which the last slot has ended, "HH:MM" (24:00 allowed). */
  to: string;
  /** Each slot's length. */
  minutes: number;
  /** Gap after each slot before the next one starts (default 0). */
  buffer_minutes?: number;
  /** First day, "YYYY-MM-DD" in the job's zone. */
  start_date: string;
  /** How many weeks from `start_date` (default 1): the days [start_date, start_date + 7 × weeks). */
  weeks?: number;
  /** Days left out ("YYYY-MM-DD"), e.g. holidays. */
  skip_dates?: readonly string[];
}

/** A local time the zone skips (the spring-forward hour): no slot is made for it. */
export interface SkippedStart {
  local: string;
  reason: 'nonexistent_local_time';
}

export interface WeeklyStarts {
  /** ISO 8601 with the zone's offset, in order. */
  starts: string[];
  skipped: SkippedStart[];
}

export class ScheduleInputError extends Error {
  override name = 'ScheduleInputError';
}

/** At most this many slots from one weekly availability (a typo in `weeks` should not make 100,000 slots). */
export const MAX_WEEKLY_SLOTS = 2000;

/**
 * Every slot start of `availability` in `zone`. A local time that does not exist on a DST day is skipped and listed;
 * one that exists twice (fall back) is
 * the later of the two (standard time, as luxon resolves it). Throws a ScheduleInputError on bad input.
 */
export function weeklyStarts(availability: WeeklyAvailability, zone: string): WeeklyStarts {
  const days = new Set(parseWeekdays(availability.days));
  const from = clockMinutes(availability.from, 'from');
  const to = clockMinutes(availability.to, 'to');
  const minutes = wholeNumber(availability.minutes, 'minutes', 5, 480);
  const buffer = wholeNumber(availability.buffer_minutes ?? 0, 'buffer_minutes', 0, 480);
  const weeks = wholeNumber(availability.weeks ?? 1, 'weeks', 1, 52);
  if (from + minutes > to)
    throw new ScheduleInputError(`weekly: no ${minutes}-minute slot fits between ${availability.from} and ${availability.to}`);
  const first = localDate(availability.start_date, 'start_date', zone);
  const skip = new Set((availability.skip_dates ?? []).map((d) => localDate(d, 'skip_dates', zone).toISODate()));

  const starts: string[] = [];
  const skipped: SkippedStart[] = [];
  for (let offset = 0; offset < weeks * 7; offset++) {
    const day = first.plus({ days: offset });
    if (!days.has(WEEKDAYS[day.weekday - 1] ?? 'mon') || skip.has(day.toISODate())) continue;
    for (let at = from; at + minutes <= to; at += minutes + buffer) {
      const wall = { hour: Math.floor(at / 60), minute: at % 60 };
      const dt = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, ...wall }, { zone });
      if (dt.hour !== wall.hour || dt.minute !== wall.minute) {
        skipped.push({ local: `${day.toISODate() ?? ''}T${clock(at)}`, reason: 'nonexistent_local_time' });
        continue;
      }
      starts.push(isoWithOffset(dt));
      if (starts.length > MAX_WEEKLY_SLOTS)
        throw new ScheduleInputError(`weekly: more than ${MAX_WEEKLY_SLOTS} slots; ask for fewer weeks`);
    }
  }
  return { starts, skipped };
}

/**
 * One slot start typed by a person: a local date-time in `zone` ("2026-12-14T10:00") or one with an offset or Z.
 * Returns ISO 8601 with the zone's offset. Throws a ScheduleInputError when it is not a date-time or names a local
 * time the zone skips.
 */
export function slotStartInZone(text: string, zone: string): string {
  const withOffset = /([+-]\d{2}:?\d{2}|Z)$/i.test(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text))
    throw new ScheduleInputError(`start: "${text}" is not an ISO date-time (e.g. 2026-12-14T10:00)`);
  const dt = DateTime.fromISO(text, { zone, setZone: withOffset });
  if (!dt.isValid) throw new ScheduleInputError(`start: "${text}" is not an ISO date-time (e.g. 2026-12-14T10:00)`);
  if (!withOffset) {
    const typed = DateTime.fromISO(text, { zone: 'UTC' });
    if (typed.hour !== dt.hour || typed.minute !== dt.minute) {
      throw new ScheduleInputError(`start: ${text} does not exist in ${zone} (the clocks skip it)`);
    }
  }
  return isoWithOffset(dt.setZone(zone));
}

/** Parses `days`: an array of names or a text of names and ranges ("Mon-Fri", "Fri-Mon" wraps over the weekend). */
export function parseWeekdays(days: readonly string[] | string): Weekday[] {
  const parts = typeof days === 'string' ? days.split(',') : days;
  const out = new Set<Weekday>();
  for (const raw of parts) {
    const part = raw.trim();
    const [a, b, ...rest] = part.split(/\s*-\s*/);
    const start = weekday(a ?? '');
    const end = b === undefined ? start : weekday(b);
    if (rest.length > 0 || start === undefined || end === undefined) {
      throw new ScheduleInputError(`days: "${part}" is not a weekday or a range like Mon-Fri`);
    }
    for (let i = WEEKDAYS.indexOf(start); ; i = (i + 1) % 7) {
      out.add(WEEKDAYS[i] ?? 'mon');
      if (WEEKDAYS[i] === end) break;
    }
  }
  if (out.size === 0) throw new ScheduleInputError('days: name at least one weekday');
  return WEEKDAYS.filter((d) => out.has(d));
}

function weekday(name: string): Weekday | undefined {
  const key = name.trim().toLowerCase();
  if (key.length < 3) return undefined;
  return WEEKDAYS.find((d) => d === key.slice(0, 3) && FULL_NAMES[d].startsWith(key));
}

const FULL_NAMES: Record<Weekday, string> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};

function clockMinutes(text: string, field: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const h = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (match === null || m > 59 || h * 60 + m > 24 * 60) throw new ScheduleInputError(`${field}: expected HH:MM, got "${text}"`);
  return h * 60 + m;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ScheduleInputError(`${field}: a whole number from ${min} to ${max}`);
  return value;
}

function localDate(text: string, field: string, zone: string): DateTime {
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone }) : undefined;
  if (dt === undefined || !dt.isValid) throw new ScheduleInputError(`${field}: expected a date YYYY-MM-DD, got "${text}"`);
  return dt.startOf('day');
}

function isoWithOffset(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true, suppressSeconds: false, includeOffset: true }) ?? '';
}
