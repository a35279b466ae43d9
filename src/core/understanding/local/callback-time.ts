/**
 * When a candidate asks to be called back: "tomorrow after three", "in an hour", "give me twenty minutes", "next
 * monday morning", "this evening", "friday afternoon". Reads the normalised tokens with the engine's own date and time
 * parsers; parts of the day are hours (morning 9, lunch 12, after lunch 13, afternoon 14, evening and tonight 18), a
 * day alone is its morning, a time already past today is tomorrow's. Nothing said about when: null.
 */
import { DateTime } from 'luxon';
import { cardinalAt } from './numbers.js';
import { parseDates, todayIn } from './date-parse.js';
import { parseTimes } from './time-parse.js';

/** Hours of the parts of a day, when no clock time is said. */
const PART_HOURS: ReadonlyArray<{ words: readonly string[][]; hour: number; minute?: number }> = [
  {
    words: [
      ['after', 'lunch'],
      ['after', 'lunchtime'],
    ],
    hour: 13,
  },
  { words: [['lunchtime'], ['lunch', 'time'], ['at', 'lunch'], ['around', 'lunch'], ['over', 'lunch']], hour: 12 },
  {
    words: [
      ['after', 'work'],
      ['after', 'dinner'],
      ['after', 'hours'],
      ['after', 'school'],
    ],
    hour: 18,
  },
  {
    words: [
      ['end', 'of', 'the', 'day'],
      ['end', 'of', 'day'],
      ['close', 'of', 'business'],
    ],
    hour: 17,
  },
  { words: [['first', 'thing'], ['morning'], ['mornings']], hour: 9 },
  { words: [['afternoon'], ['afternoons']], hour: 14 },
  { words: [['evening'], ['evenings'], ['tonight'], ['night']], hour: 18 },
];

const MINUTE_WORDS = new Set(['minutes', 'minute', 'mins', 'min']);
const HOUR_WORDS = new Set(['hours', 'hour', 'hrs', 'hr']);
/** A count said with words: "a couple of", "a few". */
const VAGUE: Record<string, number> = { couple: 2, few: 3 };

/** The callback instant (ISO 8601 with the zone's offset), or null when none is said or it is not after `now`. */
export function callbackTime(tokens: readonly string[], now: string, timezone: string): string | null {
  const start = DateTime.fromISO(now, { setZone: true });
  if (!start.isValid) return null;
  const here = start.setZone(timezone);
  if (!here.isValid) return null;
  const at = relative(tokens, here) ?? absolute(tokens, here, now, timezone);
  if (at === null || at.toMillis() <= here.toMillis()) return null;
  return at.set({ second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true });
}

/** "in an hour", "in 20 minutes", "give me half an hour", "in an hour and a half", "in a couple of hours". */
function relative(tokens: readonly string[], here: DateTime): DateTime | null {
  for (let i = 0; i < tokens.length; i++) {
    const lead = tokens[i];
    if (lead !== 'in' && lead !== 'give' && lead !== 'another') continue;
    let j = i + 1;
    if (lead === 'give' && (tokens[j] === 'me' || tokens[j] === 'us')) j++;
    const minutes = amount(tokens, j);
    if (minutes !== null) return here.plus({ minutes });
  }
  return null;
}

/** Minutes in "an hour", "half an hour", "20 minutes", "an hour and a half", "a couple of hours" at `j`. */
function amount(tokens: readonly string[], j: number): number | null {
  let k = j;
  let count: number;
  if (tokens[k] === 'half' && (tokens[k + 1] === 'an' || tokens[k + 1] === 'a') && HOUR_WORDS.has(tokens[k + 2] ?? '')) return 30;
  if (tokens[k] === 'an' || tokens[k] === 'a') {
    const vague = VAGUE[tokens[k + 1] ?? ''];
    if (vague !== undefined) {
      count = vague;
      k += tokens[k + 2] === 'of' ? 3 : 2;
    } else {
      count = 1;
      k += 1;
    }
  } else {
    const n = cardinalAt(tokens, k);
    if (n === null) return null;
    count = n.value;
    k += n.len;
  }
  const unit = tokens[k] ?? '';
  if (MINUTE_WORDS.has(unit)) return count;
  if (!HOUR_WORDS.has(unit)) return null;
  const half = tokens[k + 1] === 'and' && tokens[k + 2] === 'a' && tokens[k + 3] === 'half';
  return count * 60 + (half ? 30 : 0);
}

/** A day and a clock time or a part of the day, each optional; null when neither is said. */
function absolute(tokens: readonly string[], here: DateTime, now: string, timezone: string): DateTime | null {
  const used = tokens.map(() => false);
  const today = todayIn(now, timezone);
  const date = parseDates(tokens, today, 0, used).dates[0];
  const time = parseTimes(tokens, used)[0];
  const part = partHour(tokens);
  let day: DateTime | null = date === undefined ? null : DateTime.fromISO(date.date, { zone: timezone });
  if (day === null) day = weekDay(tokens, today);
  // "this morning" is today's, even once it has passed (then no time is read: the instant is not ahead)
  if (day === null && ['morning', 'afternoon', 'evening'].some((p) => indexOf(tokens, ['this', p]) >= 0)) day = today;
  const clock = time !== undefined ? { hour: time.hour, minute: time.minute } : part;
  if (day === null && clock === null) return null;
  if (day === null) {
    const c = clock as { hour: number; minute: number };
    const todayAt = today.set({ hour: c.hour, minute: c.minute });
    return todayAt > here ? todayAt : today.plus({ days: 1 }).set({ hour: c.hour, minute: c.minute });
  }
  const c = clock ?? { hour: 9, minute: 0 };
  return day.set({ hour: c.hour, minute: c.minute });
}

/** The hour of a part of the day named ("after lunch", "this evening"), or null. */
function partHour(tokens: readonly string[]): { hour: number; minute: number } | null {
  for (const part of PART_HOURS) {
    for (const phrase of part.words) {
      if (indexOf(tokens, phrase) >= 0) return { hour: part.hour, minute: part.minute ?? 0 };
    }
  }
  return null;
}

/** "next week", "after the weekend": next Monday; "the weekend", "this weekend": Saturday. */
function weekDay(tokens: readonly string[], today: DateTime): DateTime | null {
  if (indexOf(tokens, ['next', 'week']) >= 0 || indexOf(tokens, ['after', 'the', 'weekend']) >= 0) {
    return today.startOf('week').plus({ weeks: 1 });
  }
  if (tokens.includes('weekend')) {
    const saturday = today.startOf('week').plus({ days: 5 });
    return saturday >= today ? saturday : saturday.plus({ weeks: 1 });
  }
  return null;
}

function indexOf(tokens: readonly string[], phrase: readonly string[]): number {
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (tokens[i + k] !== phrase[k]) continue outer;
    return i;
  }
  return -1;
}
