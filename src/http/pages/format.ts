import { DateTime } from 'luxon';
import { spokenZone } from '../../core/scheduling/slots.js';

/** How the page writes times: in the reader's zone, day and clock apart (grouping slots by day needs both). */

/** "Tuesday, December 1, 2026" in `zone`. */
export function dayText(startIso: string, zone: string): string {
  return DateTime.fromISO(startIso).setZone(zone).toFormat('cccc, LLLL d, yyyy');
}

/** "2:00 PM" in `zone`. */
export function clockText(startIso: string, zone: string): string {
  return DateTime.fromISO(startIso).setZone(zone).toFormat('h:mm a');
}

/** "Pacific Time" (or the zone's name) at that instant. */
export function zoneText(zone: string, atIso: string): string {
  return spokenZone(zone, atIso);
}

/** "2:00 PM Pacific Time". */
export function clockWithZone(startIso: string, zone: string): string {
  return `${clockText(startIso, zone)} ${zoneText(zone, startIso)}`;
}

/** True when the two zones show a different wall-clock time (or zone name) for this instant. */
export function differentZones(startIso: string, a: string, b: string): boolean {
  return clockWithZone(startIso, a) !== clockWithZone(startIso, b);
}

/** Slots grouped by their day in `zone`, in the given order (nearest first). */
export function groupByDay<T extends { start_time: string }>(slots: readonly T[], zone: string): Array<{ day: string; slots: T[] }> {
  const groups: Array<{ day: string; slots: T[] }> = [];
  for (const slot of slots) {
    const day = dayText(slot.start_time, zone);
    const last = groups.at(-1);
    if (last?.day === day) last.slots.push(slot);
    else groups.push({ day, slots: [slot] });
  }
  return groups;
}

/** "45 minutes", "1 hour", "1 hour 30 minutes". */
export function lengthText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = h === 0 ? '' : `${h} hour${h === 1 ? '' : 's'}`;
  const mins = m === 0 ? '' : `${m} minute${m === 1 ? '' : 's'}`;
  return [hours, mins].filter((p) => p !== '').join(' ') || '0 minutes';
}
