import { DateTime } from 'luxon';
import { checkCallingHours, checkCallingHoursEverywhere, parseCallingHours } from '../scheduling/calling-hours.js';

/**
 * When a campaign's next attempt is due. Pure: the instants and the zone are arguments. Every instant returned is
 * UTC ISO 8601 with milliseconds (as the database stores `due_at`), so they compare as text.
 */

/** A wait this long or longer moves the next call to another time of day (see `nextAttemptAt`). */
const NEXT_DAY_MINUTES = 1440;
/** How far the time of day moves for a next-day attempt. */
const TIME_OF_DAY_SHIFT_MINUTES = 180;

export interface NextAttemptInput {
  /** When the attempt that just ended ended (any ISO 8601 instant). */
  endedAt: string;
  /** The number of the attempt that just ended (1 for the first). */
  number: number;
  /** The waits in minutes between attempts: the first after attempt 1, the last repeated. */
  waits: readonly number[];
  /** The daily window ('08:00-21:00') in the candidate's zone; null (a simulated phone): no shift. */
  callingHours: string | null;
  /** The candidate's zone, or every zone their number may be in (the window must hold in each). */
  zone: string | readonly string[];
}

/** The wait after attempt `number`: `waits[number - 1]`, the last one repeated; 0 when there are none. */
export function waitAfter(number: number, waits: readonly number[]): number {
  if (waits.length === 0) return 0;
  return waits[Math.min(Math.max(number, 1) - 1, waits.length - 1)] ?? 0;
}

/**
 * The next attempt's due instant: the wait after `endedAt`; a wait of a day or more also moves the time of day
 * 3 hours later than the attempt that ended (3 hours earlier when later would leave the calling window), so a
 * candidate who never answers at 10 AM is tried at 1 PM the next day; then shifted into the calling hours.
 */
export function nextAttemptAt(input: NextAttemptInput): string {
  const zones = typeof input.zone === 'string' ? [input.zone] : input.zone;
  const zone = zones[0] ?? 'UTC';
  const ended = DateTime.fromISO(input.endedAt, { setZone: true });
  if (!ended.isValid) throw new RangeError(`not an ISO instant: ${JSON.stringify(input.endedAt)}`);
  const wait = waitAfter(input.number, input.waits);
  // Whole days are added on the calendar (the wall-clock time stays across a DST change), the rest as minutes.
  let due = ended.setZone(zone).plus({ days: Math.floor(wait / NEXT_DAY_MINUTES), minutes: wait % NEXT_DAY_MINUTES });
  if (wait >= NEXT_DAY_MINUTES) {
    const local = ended.setZone(zone);
    const minute = local.hour * 60 + local.minute;
    const later = minute + TIME_OF_DAY_SHIFT_MINUTES;
    const earlier = minute - TIME_OF_DAY_SHIFT_MINUTES;
    const target = input.callingHours !== null && !inWindow(later, input.callingHours) && earlier >= 0 ? earlier : later;
    // On the day the wait lands on, at the new wall-clock time (past midnight: the day after).
    const day = due.startOf('day').plus({ days: Math.floor(target / 1440) });
    due = day.set({ hour: Math.floor((target % 1440) / 60), minute: target % 60 });
  }
  return shiftIntoHours(due.toUTC().toISO() ?? input.endedAt, input.callingHours, zones);
}

/** True when `minute` (after local midnight) is inside the window; a minute past midnight never is. */
function inWindow(minute: number, hours: string): boolean {
  const w = parseCallingHours(hours);
  return minute < 1440 && minute >= w.start && minute < w.end;
}

/**
 * `instant` when it lies inside the calling hours in `zone` (every zone, for a list), else the next window's start;
 * null hours: `instant` as it is. Windows that never overlap across the zones: the first zone's window.
 */
export function shiftIntoHours(instant: string, hours: string | null, zone: string | readonly string[]): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an ISO instant: ${JSON.stringify(instant)}`);
  if (hours === null) return at.toISOString();
  const zones = typeof zone === 'string' ? [zone] : zone;
  const first = zones[0] ?? 'UTC';
  if (zones.length > 1) {
    const everywhere = checkCallingHoursEverywhere(at, zones, hours);
    if (everywhere.allowed) return at.toISOString();
    if (everywhere.nextAllowed !== null) return new Date(everywhere.nextAllowed).toISOString();
  }
  const check = checkCallingHours(at, first, hours);
  return check.allowed ? at.toISOString() : new Date(check.nextAllowed).toISOString();
}
