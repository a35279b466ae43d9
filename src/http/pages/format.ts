import type { Language } from '../../core/languages.js';
import { dateFormatter } from '../../core/scheduling/formatters.js';
import { spokenZone } from '../../core/scheduling/slots.js';

/**
 * How the page writes times: with Intl in the page's language, in the reader's zone, day and clock apart (grouping
 * slots by day needs both). English keeps the zone names the caller says ("Pacific Time", "British Summer Time").
 */

function formatter(language: Language, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateFormatter(language, zone, options);
}

/** Some ICU versions put a narrow no-break space before AM/PM: a plain space reads (and is matched) the same everywhere. */
function plain(text: string): string {
  return text.replace(/\u202f/g, ' ');
}

/** The first letter up ("martes, 1 de diciembre" opens a line). */
function upperFirst(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** "Tuesday, December 1, 2026", "Martes, 1 de diciembre de 2026" in `zone`. */
export function dayText(startIso: string, zone: string, language: Language): string {
  const options = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' } as const;
  return upperFirst(plain(formatter(language, zone, options).format(new Date(startIso))));
}

/** "2:00 PM", "14:00" in `zone`. */
export function clockText(startIso: string, zone: string, language: Language): string {
  return plain(formatter(language, zone, { hour: 'numeric', minute: '2-digit' }).format(new Date(startIso)));
}

/** "Pacific Time", "hora del Pacífico" (or the zone's name) at that instant. */
export function zoneText(zone: string, atIso: string, language: Language): string {
  if (language === 'en') return spokenZone(zone, atIso);
  const parts = formatter(language, zone, { timeZoneName: 'longGeneric' }).formatToParts(new Date(atIso));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

/** "2:00 PM Pacific Time", "11:00 hora del Pacífico". */
export function clockWithZone(startIso: string, zone: string, language: Language): string {
  return `${clockText(startIso, zone, language)} ${zoneText(zone, startIso, language)}`;
}

/** True when the two zones show a different wall-clock time (or zone name) for this instant. */
export function differentZones(startIso: string, a: string, b: string, language: Language): boolean {
  return clockWithZone(startIso, a, language) !== clockWithZone(startIso, b, language);
}

/** Slots grouped by their day in `zone`, in the given order (nearest first). */
export function groupByDay<T extends { start_time: string }>(
  slots: readonly T[],
  zone: string,
  language: Language,
): Array<{ day: string; slots: T[] }> {
  const groups: Array<{ day: string; slots: T[] }> = [];
  for (const slot of slots) {
    const day = dayText(slot.start_time, zone, language);
    const last = groups.at(-1);
    if (last?.day === day) last.slots.push(slot);
    else groups.push({ day, slots: [slot] });
  }
  return groups;
}

/** "45 minutes", "1 hour", "1 hour 30 minutes"; "1 hora 30 minutos" (Intl's unit names, plural rules included). */
export function lengthText(minutes: number, language: Language): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const parts = [...(h === 0 ? [] : [unit(h, 'hour')]), ...(m === 0 && h > 0 ? [] : [unit(m, 'minute')])];
  return plain(parts.join(' '));
}
