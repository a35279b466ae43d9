/**
 * Parts of a day said as phrases rather than "morning"/"afternoon": "first thing", "start of the day", "early in the
 * day" (the day's early end: its earliest morning slot), "end of the day", "late in the day", "close of business",
 * "last thing" (the late end: its latest slot from noon). Afternoon said the Australian way ("arvo") is read as
 * "afternoon" by normalize; "after lunch"/"before lunch" and "before noon"/"after midday" are read in slot-match.
 */
import { L, type Toks } from './lexicon.js';

/** The ends of a day, beside the parts named by a word ("morning", "afternoon", "evening"). */
export type DayEnd = 'early' | 'late';

const EARLY = L(
  'first thing, first thing in the morning, first thing in the day, start of the day, start of day, beginning of the day, early ' +
    'in the day, early in the morning, early morning, bright and early, as early as possible, the earliest possible, earliest ' +
    'possible',
);
const LATE = L(
  'end of the day, end of day, end of the working day, end of business, late in the day, close of business, last thing, last ' +
    'thing in the day, end of the afternoon, late afternoon, late in the afternoon, later in the afternoon, later on in the day, ' +
    'as late as possible, the latest possible, latest possible',
);

/** The day end a phrase at i names, and where the phrase ends; null when none starts there. */
export function dayEndAt(t: Toks, i: number): { end: number; part: DayEnd } | null {
  const early = EARLY.at(t, i);
  if (early >= 0) return { end: early, part: 'early' };
  const late = LATE.at(t, i);
  if (late >= 0) return { end: late, part: 'late' };
  return null;
}

/** Whether a slot at `hour` may be at that end of a day (the earliest morning or latest afternoon one is). */
export function atDayEnd(hour: number, part: DayEnd): boolean {
  return part === 'early' ? hour < 12 : hour >= 12;
}

/** Among slots on one day that may be at the end named, the one that is: the earliest or the latest. */
export function dayEndOf<T>(picked: readonly T[], minutes: (x: T) => number, part: DayEnd): T[] {
  if (picked.length < 2) return [...picked];
  const sorted = [...picked].sort((a, b) => minutes(a) - minutes(b));
  return [(part === 'early' ? sorted[0] : sorted[sorted.length - 1]) as T];
}
