import { IANAZone } from 'luxon';

const known = new Map<string, boolean>();

/** True for a time zone name the runtime knows (IANA, e.g. America/Chicago). Remembered per name. */
export function isValidZone(zone: string): boolean {
  let valid = known.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (known.size >= 1000) known.clear();
    known.set(zone, valid);
  }
  return valid;
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * `at` as ISO 8601 in `zone` with its offset ("2026-12-01T09:30:00.000-05:00"), or undefined for an unknown zone.
 * Every turn asks this for "now"; luxon resolves the offset through Intl each time, so offsets are kept per zone and
 * quarter hour (zones change offset only on quarter-hour boundaries).
 */
export function isoInZone(at: Date, zone: string): string | undefined {
  const ms = at.getTime();
  if (Number.isNaN(ms)) return undefined;
  const key = `${zone}|${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const z = IANAZone.create(zone);
    if (!z.isValid) return undefined;
    offset = z.offset(ms);
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
