import { DateTime } from 'luxon';

/**
 * Calling hours: no real phone rings outside a daily window (CALLING_HOURS, e.g. '08:00-21:00') of the
 * candidate's local time. Pure: the clock and the zone are arguments.
 */

export type CallingHoursCheck = { allowed: true } | { allowed: false; nextAllowed: string };

interface Window {
  /** Minutes after local midnight, inclusive. */
  start: number;
  /** Minutes after local midnight, exclusive; 1440 for 24:00. */
  end: number;
}

/** Parses 'HH:MM-HH:MM' (the end may be 24:00); throws a RangeError on anything else. */
export function parseCallingHours(hours: string): Window {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours.trim());
  if (match === null) throw new RangeError(`calling hours must look like 08:00-21:00, got ${JSON.stringify(hours)}`);
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (h1 > 23 || m1 > 59 || m2 > 59 || end > 24 * 60 || start >= end) {
    throw new RangeError(`calling hours must be a window within one day (00:00-24:00 allows any time), got ${JSON.stringify(hours)}`);
  }
  return { start, end };
}

/**
 * Whether `nowUtc` falls inside the window in `zone`; if not, the next instant that does, as ISO 8601 with the
 * zone's offset (DST-aware: the window is always local wall-clock time).
 */
export function checkCallingHours(nowUtc: Date, zone: string, hours: string): CallingHoursCheck {
  const window = parseCallingHours(hours);
  const local = DateTime.fromJSDate(nowUtc, { zone });
  if (!local.isValid) throw new RangeError(`unknown time zone ${JSON.stringify(zone)}`);
  const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  if (minute >= window.start && minute < window.end) return { allowed: true };
  const day = minute < window.start ? local.startOf('day') : local.startOf('day').plus({ days: 1 });
  // On a DST day the opening wall-clock time may not exist (spring forward): luxon moves it to the next valid one.
  let next = day.set({ hour: Math.floor(window.start / 60), minute: window.start % 60 });
  if (next.toMillis() <= nowUtc.getTime()) next = next.plus({ days: 1 });
  return { allowed: false, nextAllowed: formatIso(next) };
}

export type CallingHoursEverywhere = { allowed: true } | { allowed: false; nextAllowed: string | null };

/**
 * The window must hold in every one of `zones` at once (a number whose country spans several zones).
 * `nextAllowed` is the first instant inside the window everywhere (in the first zone's offset), or null when the
 * windows never overlap (e.g. a 09:00-10:00 window across the United States).
 */
export function checkCallingHoursEverywhere(nowUtc: Date, zones: readonly string[], hours: string): CallingHoursEverywhere {
  if (zones.length === 0) throw new RangeError('at least one time zone is needed');
  let at = nowUtc;
  for (let step = 0; step < 8 * zones.length + 8; step++) {
    let moved = false;
    for (const zone of zones) {
      const check = checkCallingHours(at, zone, hours);
      if (!check.allowed) {
        at = new Date(check.nextAllowed);
        moved = true;
        break;
      }
    }
    if (!moved) {
      if (at.getTime() === nowUtc.getTime()) return { allowed: true };
      return { allowed: false, nextAllowed: formatIso(DateTime.fromJSDate(at, { zone: zones[0] })) };
    }
    // More than two days ahead means the windows never overlap: a day later repeats the same pattern.
    if (at.getTime() - nowUtc.getTime() > 2 * 86_400_000 + 3_600_000) break;
  }
  return { allowed: false, nextAllowed: null };
}

function formatIso(dt: DateTime): string {
  return dt.set({ second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? dt.toString();
}
