import { DateTime } from 'luxon';
import { zoneNameAt } from './formatters.js';

/** An interview slot as the core sees it. `start` is ISO 8601 with the offset of the interview zone. */
export interface Slot {
  id: number;
  start: string;
}

/** The prototype's four slots: weekday (1 = Monday) and hour. */
const PROTOTYPE_SLOTS: ReadonlyArray<{ weekday: number; hour: number }> = [
  { weekday: 1, hour: 10 },
  { weekday: 2, hour: 14 },
  { weekday: 3, hour: 11 },
  { weekday: 4, hour: 15 },
];

/**
 * The configured slot starts, as ISO strings with offset in `zone`.
 * `spec` is INTERVIEW_SLOTS (comma-separated local ISO date-times); without it, the prototype's four
 * slots on their next upcoming dates after `now`.
 */
export function configuredSlotStarts(spec: string | undefined, zone: string, now: Date): string[] {
  if (spec !== undefined && spec.trim() !== '') {
    return spec.split(',').map((part) => {
      const text = part.trim();
      const dt = DateTime.fromISO(text, { zone, setZone: hasOffset(text) });
      if (!dt.isValid) throw new Error(`INTERVIEW_SLOTS: "${text}" is not an ISO date-time (e.g. 2026-12-01T14:00)`);
      return iso(dt.setZone(zone));
    });
  }
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  return PROTOTYPE_SLOTS.map(({ weekday, hour }) => {
    let days = (weekday - today.weekday + 7) % 7;
    if (days === 0) days = 7; // "next upcoming": never today, so there is time to prepare
    return iso(today.plus({ days }).set({ hour }));
  }).sort();
}

function hasOffset(text: string): boolean {
  return /([+-]\d{2}:?\d{2}|Z)$/.test(text);
}

function iso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? '';
}

/**
 * Memoises a pure (start, zone) → string function. Luxon zone conversions were a quarter of a turn's CPU in
 * the profile (every open slot converted on every turn); slots and zones are few, so results are reused.
 * Bounded: cleared past 10,000 entries.
 */
function memo(fn: (start: string, zone: string) => string): (start: string, zone: string) => string {
  const cache = new Map<string, string>();
  return (start, zone) => {
    const key = `${zone}|${start}`;
    let out = cache.get(key);
    if (out === undefined) {
      if (cache.size >= 10_000) cache.clear();
      out = fn(start, zone);
      cache.set(key, out);
    }
    return out;
  };
}

/** "Tuesday, December 1st at 2 PM" in the listener's zone. */
export const spokenSlot = memo(spokenSlotUncached);

function spokenSlotUncached(start: string, zone: string): string {
  const dt = DateTime.fromISO(start).setZone(zone);
  return `${dayPhrase(dt)} at ${clockPhrase(dt)}`;
}

/** "Tuesday, December 1st": the day of a slot in the listener's zone, as every spoken slot names it. */
export const spokenDay = memo((start, zone) => dayPhrase(DateTime.fromISO(start).setZone(zone)));

/** "2 PM", "9:30 AM": the time of a slot in the listener's zone, as every spoken slot says it. */
export const spokenClock = memo((start, zone) => clockPhrase(DateTime.fromISO(start).setZone(zone)));

/** The day part of every spoken slot: "Tuesday, December 1st". */
export function dayPhrase(dt: DateTime): string {
  return `${dt.toFormat('cccc, LLLL')} ${ordinal(dt.day)}`;
}

/** The time part of every spoken slot: "2 PM" on the hour, "9:30 AM" otherwise (never "14:00"). */
export function clockPhrase(dt: DateTime): string {
  return dt.minute === 0 ? dt.toFormat('h a') : dt.toFormat('h:mm a');
}

/**
 * "Eastern Time" for America/New_York, "British Summer Time" or "Greenwich Mean Time" for Europe/London (by date);
 * falls back to the zone name.
 */
export function spokenZone(zone: string, at: string): string {
  return spokenZoneMemo(at, zone);
}

const spokenZoneMemo = memo((at, zone) => spokenZoneUncached(zone, at));

function spokenZoneUncached(zone: string, at: string): string {
  const generic = zoneName(zone, at, 'longGeneric');
  const specific = zoneName(zone, at, 'long');
  if (generic === null || specific === null) return generic ?? specific ?? zone;
  // Intl names some zones by their country ("United Kingdom Time", "Ireland Time"), which no one says: when the
  // generic name is not the specific one without "Standard"/"Daylight"/"Summer", the specific one is said
  const plain = specific.replace(/ (?:Standard|Daylight|Summer) Time$/, ' Time');
  return plain === generic || specific === generic ? generic : specific;
}

function zoneName(zone: string, at: string, style: 'long' | 'longGeneric'): string | null {
  try {
    return zoneNameAt(zone, new Date(at), style);
  } catch {
    return null;
  }
}

export function ordinal(n: number): string {
  const rem100 = n % 100;
  if (rem100 >= 11 && rem100 <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}

/** Local date ("YYYY-MM-DD") and time ("HH:MM") of a slot in a zone, for matching what a candidate said. */
export function localParts(start: string, zone: string): { readonly date: string; readonly time: string } {
  const key = `${zone}|${start}`;
  let parts = localPartsCache.get(key);
  if (parts === undefined) {
    // A proposed time is matched against every open slot, so the parts are kept whole (not re-split per call).
    if (localPartsCache.size >= 10_000) localPartsCache.clear();
    const [date = '', time = ''] = DateTime.fromISO(start).setZone(zone).toFormat('yyyy-LL-dd HH:mm').split(' ');
    parts = Object.freeze({ date, time });
    localPartsCache.set(key, parts);
  }
  return parts;
}

const localPartsCache = new Map<string, { readonly date: string; readonly time: string }>();

/**
 * Open slots nearest to a requested date and/or time, nearest first.
 * With only a time, each day's slot is compared by time of day; with only a date, by distance from noon that day.
 */
export function nearestSlots(
  open: readonly Slot[],
  wanted: { date: string | null; time: string | null },
  zone: string,
  count: number,
): Slot[] {
  const score = (slot: Slot): number => {
    const dt = DateTime.fromISO(slot.start).setZone(zone);
    if (wanted.date !== null) {
      const target = DateTime.fromISO(`${wanted.date}T${wanted.time ?? '12:00'}`, { zone });
      return Math.abs(dt.toMillis() - target.toMillis());
    }
    const [h, m] = (wanted.time ?? '12:00').split(':').map(Number);
    return Math.abs(dt.hour * 60 + dt.minute - ((h ?? 12) * 60 + (m ?? 0))) * 60_000 + dt.toMillis() / 1e9;
  };
  return [...open].sort((a, b) => score(a) - score(b)).slice(0, count);
}
