/**
 * Dates and weekdays resolved forward from `now`: "tomorrow", "next wednesday", "this friday", "the 9th",
 * "march 9th", "9th of march", "thursday next week". Also ordinal slot references ("the second one").
 */
import { DateTime } from 'luxon';
import { cardinalAt, ordinalAt } from './numbers.js';

export interface DateMention {
  start: number;
  end: number;
  /** YYYY-MM-DD */
  date: string;
  /** 1 = Monday ... 7 = Sunday when the mention was a weekday name. */
  weekday: number | null;
}

export interface OrdinalRef {
  start: number;
  end: number;
  /** 1-based position, -1 for "the last one", 0 for "the middle one" (of an odd number of slots). */
  n: number;
  /**
   * A comparative ("the earlier one", "whichever is later"): it picks one of a pair, the two slots offered or the
   * slots of the day the reply names, never one of a longer list.
   */
  ofPair?: boolean;
}

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  mondays: 1,
  tuesdays: 2,
  wednesdays: 3,
  thursdays: 4,
  fridays: 5,
  saturdays: 6,
  sundays: 7,
  mon: 1,
  tues: 2,
  tue: 2,
  wed: 3,
  weds: 3,
  thurs: 4,
  thur: 4,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};
const WEAK_WEEKDAY = new Set(['mon', 'tue', 'wed', 'thu', 'sat', 'sun', 'fri']);
const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const SLOT_NOUNS = new Set(['one', 'option', 'slot', 'choice', 'time', 'appointment', 'opening', 'offer', 'ones']);
const ORDINAL_SLOT_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  last: -1,
  latter: -1,
  former: 1,
  final: -1,
  penultimate: -2,
  earliest: 1,
  soonest: 1,
  latest: -1,
  middle: 0,
};
/** Comparatives that pick one of two slots ("the later one"); the slots are offered in time order. */
/** "but one", "but two" after "the last". */
const BUT_N: Record<string, number> = { one: 1, '1': 1, two: 2, '2': 2 };
const COMPARATIVE: Record<string, number> = { earlier: 1, sooner: 1, later: -1, former: 1, latter: -1, early: 1, late: -1 };
/** "whichever is earlier", "whatever one is soonest": a choice by order, with no slot noun. */
const WHICHEVER = new Set(['whichever', 'whatever', 'which', 'what']);
/** Superlatives that pick a slot by themselves ("whichever is earliest", "whatever's soonest"). */
const SUPERLATIVE = new Set(['earliest', 'soonest', 'latest']);
/** Words after a bare ordinal that show it is not a slot ("the first of december", "the first time i called"). */
const NOT_SLOT_AFTER = new Set(['of', 'at', 'week', 'thought', 'thing', 'place', 'round', 'interview', 'half', 'day']);
/** Pronouns for the slots just offered, after "the first of" ("the first of those two"). */
const THOSE = new Set(['those', 'them', 'these']);
const PAIR_NOUNS = new Set(['two', 'ones', 'options', 'slots', 'times']);
/** After "the first of the": the slots just offered ("of the two", "of the options"), not a month ("of the month"). */
const OF_THE = new Set([...PAIR_NOUNS, '2', 'three', 'four', 'pair', 'choices', 'days', 'dates', 'last']);
/** Recogniser slips for a number after "option"/"number" ("option won"); "to"/"for" only at the end. */
const ONE_WORDS: Record<string, number> = { won: 1, too: 2, tree: 3, to: 2, for: 4 };

export interface Clock {
  today: DateTime;
}

/** An instant written with its offset ("…T14:05:09.123-05:00", "…Z"): read the same by Date.parse and luxon. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Per zone, the local day last asked for and the instants it spans, [from, to). */
const dayWindows = new Map<string, { from: number; to: number; day: DateTime }>();

/**
 * The start of `now`'s day in `timezone`. The service passes a new `now` on every turn (milliseconds apart), so a
 * cache keyed on the text never hits; instead each zone keeps the day it last computed with the instants it spans,
 * and any `now` inside that span reuses the same (immutable) DateTime, which also keeps the day memos below warm.
 */
export function todayIn(now: string, timezone: string): DateTime {
  const ms = INSTANT.test(now) ? Date.parse(now) : Number.NaN;
  const window = dayWindows.get(timezone);
  if (window !== undefined && ms >= window.from && ms < window.to) return window.day;
  let dt = DateTime.fromISO(now, { setZone: true });
  if (!dt.isValid) dt = DateTime.now();
  const z = dt.setZone(timezone);
  const day = (z.isValid ? z : dt).startOf('day');
  if (z.isValid && !Number.isNaN(ms)) {
    if (dayWindows.size > 1000) dayWindows.clear();
    dayWindows.set(timezone, { from: day.toMillis(), to: day.plus({ days: 1 }).toMillis(), day });
  }
  return day;
}

/**
 * Day arithmetic in a zone is the costly part of parsing (each luxon DateTime resolves its zone offset), and replies
 * name the same few days over and over: results are memoised per (today, zone, question). DateTimes are immutable.
 */
const dayMemo = new Map<string, DateTime | null>();
function memoDay(today: DateTime, key: string, make: () => DateTime | null): DateTime | null {
  const k = String(today.toMillis()) + '|' + (today.zoneName ?? '') + '|' + key;
  let d = dayMemo.get(k);
  if (d === undefined) {
    d = make();
    if (dayMemo.size > 20000) dayMemo.clear();
    dayMemo.set(k, d);
  }
  return d;
}
const plusDays = (today: DateTime, n: number): DateTime => memoDay(today, 'p' + n, () => today.plus({ days: n })) as DateTime;
const weekdayNextWeek = (today: DateTime, wd: number): DateTime =>
  memoDay(today, 'n' + wd, () => today.startOf('week').plus({ weeks: 1, days: wd - 1 })) as DateTime;

const isoMemo = new WeakMap<DateTime, string>();
function iso(d: DateTime): string {
  const hit = isoMemo.get(d);
  if (hit !== undefined) return hit;
  const out = isoRaw(d);
  isoMemo.set(d, out);
  return out;
}

function isoRaw(d: DateTime): string {
  return d.toISODate() ?? '';
}

function nextWeekday(today: DateTime, wd: number, includeToday: boolean): DateTime {
  return memoDay(today, (includeToday ? 'c' : 'f') + wd, () => nextWeekdayRaw(today, wd, includeToday)) as DateTime;
}

function nextWeekdayRaw(today: DateTime, wd: number, includeToday: boolean): DateTime {
  let diff = (wd - today.weekday + 7) % 7;
  if (diff === 0 && !includeToday) diff = 7;
  return today.plus({ days: diff });
}

function dayOfMonthForward(today: DateTime, day: number): DateTime | null {
  return memoDay(today, 'dm' + day, () => dayOfMonthForwardRaw(today, day));
}

function dayOfMonthForwardRaw(today: DateTime, day: number): DateTime | null {
  if (day < 1 || day > 31) return null;
  for (let k = 0; k < 3; k++) {
    const m = today.startOf('month').plus({ months: k });
    if (day > (m.daysInMonth ?? 31)) continue;
    const d = m.set({ day });
    if (d >= today) return d;
  }
  return null;
}

function monthDayForward(today: DateTime, month: number, day: number): DateTime | null {
  return memoDay(today, 'md' + month + '-' + day, () => monthDayForwardRaw(today, month, day));
}

function monthDayForwardRaw(today: DateTime, month: number, day: number): DateTime | null {
  for (let k = 0; k < 2; k++) {
    const d = DateTime.fromObject({ year: today.year + k, month, day }, { zone: today.zone });
    if (d.isValid && d >= today) return d;
  }
  return null;
}

function dayNumberAt(tokens: readonly string[], i: number): { value: number; len: number } | null {
  const o = ordinalAt(tokens, i);
  if (o !== null) return o;
  const c = cardinalAt(tokens, i);
  if (c !== null && c.value >= 1 && c.value <= 31 && /^\d{1,2}$|^[a-z]+$/.test(tokens[i] ?? '')) return c;
  return null;
}

export function parseDates(
  tokens: readonly string[],
  today: DateTime,
  offeredCount: number,
  used: boolean[],
): { dates: DateMention[]; ordinals: OrdinalRef[] } {
  const dates: DateMention[] = [];
  const ordinals: OrdinalRef[] = [];
  const mark = (s: number, e: number): void => {
    for (let k = s; k < e; k++) used[k] = true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // "a week from today", "one week from tomorrow", "a week today", "two weeks from now"
    if ((t === 'a' || t === 'one' || t === 'two' || t === '1' || t === '2') && (next === 'week' || next === 'weeks')) {
      const base = tokens[i + 2] === 'from' ? tokens[i + 3] : tokens[i + 2];
      if (base === 'today' || base === 'tomorrow' || base === 'now') {
        const end = tokens[i + 2] === 'from' ? i + 4 : i + 3;
        const days = (t === 'two' || t === '2' ? 14 : 7) + (base === 'tomorrow' ? 1 : 0);
        dates.push({ start: i, end, date: iso(plusDays(today, days)), weekday: null });
        mark(i, end);
        i = end - 1;
        continue;
      }
    }
    if (t === 'today' || t === 'tonight') {
      dates.push({ start: i, end: i + 1, date: iso(today), weekday: null });
      mark(i, i + 1);
      continue;
    }
    if (t === 'tomorrow') {
      const after = prev === 'after' && tokens[i - 2] === 'day';
      const start = after ? Math.max(0, i - (tokens[i - 3] === 'the' ? 3 : 2)) : i;
      dates.push({ start, end: i + 1, date: iso(plusDays(today, after ? 2 : 1)), weekday: null });
      mark(start, i + 1);
      continue;
    }
    if (t === 'in' && next !== undefined) {
      const n = next === 'a' ? { value: 1, len: 1 } : cardinalAt(tokens, i + 1);
      if (n !== null && (tokens[i + 1 + n.len] === 'days' || tokens[i + 1 + n.len] === 'day') && n.value <= 14) {
        dates.push({ start: i, end: i + 2 + n.len, date: iso(plusDays(today, n.value)), weekday: null });
        mark(i, i + 2 + n.len);
        i += 1 + n.len;
        continue;
      }
    }
    const wd = WEEKDAYS[t];
    if (wd !== undefined) {
      if (WEAK_WEEKDAY.has(t) && !(prev === 'on' || prev === 'this' || prev === 'next')) continue;
      let d: DateTime;
      let start = i;
      let end = i + 1;
      const nextWeek =
        (next === 'next' && tokens[i + 2] === 'week') || (next === 'of' && tokens[i + 2] === 'next' && tokens[i + 3] === 'week');
      const prevNextWeek = prev === 'week' && tokens[i - 2] === 'next';
      if (nextWeek || prevNextWeek) {
        d = weekdayNextWeek(today, wd);
        if (nextWeek) end = next === 'of' ? i + 4 : i + 3;
      } else if (prev === 'next') {
        // "next friday": the friday of next week (from a friday that is also the nearest one)
        d = weekdayNextWeek(today, wd);
        start = i - 1;
      } else if (prev === 'this' || prev === 'coming') {
        d = nextWeekday(today, wd, true);
        start = i - 1;
      } else {
        d = nextWeekday(today, wd, false);
      }
      // "monday the 30th": the explicit day wins if it agrees forward
      const dn = next === 'the' ? dayNumberAt(tokens, i + 2) : null;
      // "next friday" / "friday next week" name one date (the Friday of next week), not whichever Friday was offered
      let weekday: number | null = nextWeek || prevNextWeek || prev === 'next' ? null : wd;
      // ("thursday, the first one" names a slot of that day, not the 1st)
      const after = i + 2 + (dn?.len ?? 0);
      if (dn !== null && ordinalAt(tokens, i + 2) !== null && !SLOT_NOUNS.has(tokens[after] ?? '') && !ofTheOffer(tokens, after)) {
        let k = i + 2 + dn.len;
        let dd: DateTime | null;
        if (tokens[k] === 'of' && MONTHS[tokens[k + 1] ?? ''] !== undefined) {
          dd = monthDayForward(today, MONTHS[tokens[k + 1] as string] as number, dn.value);
          k += 2;
        } else dd = dayOfMonthForward(today, dn.value);
        // the day number names the date; the weekday no longer picks an offered day by itself
        if (dd !== null) {
          d = dd;
          end = k;
          weekday = null;
        }
      } else if (MONTHS[next ?? ''] !== undefined && dayNumberAt(tokens, i + 2 + (tokens[i + 2] === 'the' ? 1 : 0)) !== null) {
        // "monday december 7th": the month and day that follow decide
        continue;
      }
      dates.push({ start, end, date: iso(d), weekday });
      mark(start, end);
      i = end - 1;
      continue;
    }
    const mo = MONTHS[t];
    if (mo !== undefined) {
      let j = i + 1;
      if (tokens[j] === 'the') j++;
      const dn = dayNumberAt(tokens, j);
      if (dn !== null) {
        const d = monthDayForward(today, mo, dn.value);
        if (d !== null) {
          dates.push({ start: i, end: j + dn.len, date: iso(d), weekday: null });
          mark(i, j + dn.len);
          i = j + dn.len - 1;
          continue;
        }
      }
      continue;
    }
    // "30/11" style is rare in speech; "11/30" (US) month/day
    const slash = /^(\d{1,2})\/(\d{1,2})$/.exec(t);
    if (slash) {
      const d = monthDayForward(today, Number(slash[1]), Number(slash[2]));
      if (d !== null) {
        dates.push({ start: i, end: i + 1, date: iso(d), weekday: null });
        mark(i, i + 1);
      }
      continue;
    }
    // ordinal slot references: "the second one", "the last one", "the first option"
    let os = ORDINAL_SLOT_WORDS[t];
    if (t === 'next' && tokens[i + 1] === 'to' && tokens[i + 2] === 'last') os = -2;
    // "the middle one", "the middle slot" (not "in the middle of the day")
    if (t === 'middle' && !SLOT_NOUNS.has(tokens[i + 1] ?? '')) os = undefined;
    // "the later one", "the earlier slot", "the later of the two", "whichever is earlier": a comparative that picks
    // one of a pair (see OrdinalRef.ofPair)
    const order = os === undefined && offeredCount >= 2 ? COMPARATIVE[t] : undefined;
    if (order !== undefined) {
      const after = tokens[i + 1];
      const ofThe =
        after === 'of' && (tokens[i + 2] === 'the' || tokens[i + 2] === 'those' || tokens[i + 2] === 'them' || tokens[i + 2] === 'these');
      const named = (prev === 'the' || prev === 'that') && after !== undefined && (SLOT_NOUNS.has(after) || ofThe);
      if (named || whicheverBefore(tokens, i)) {
        const pairNoun =
          tokens[i + 3] === 'two' ||
          tokens[i + 3] === 'ones' ||
          tokens[i + 3] === 'options' ||
          tokens[i + 3] === 'slots' ||
          tokens[i + 3] === 'times';
        const end = !named ? i + 1 : ofThe ? i + 2 + (tokens[i + 2] === 'the' && pairNoun ? 2 : 1) : i + 2;
        ordinals.push({ start: i, end, n: order, ofPair: true });
        mark(i, end);
        i = end - 1;
        continue;
      }
    }
    if (os !== undefined && offeredCount >= 2) {
      let k = i + 1;
      // "second to last", "next to last"
      if ((os === 2 || t === 'next') && tokens[k] === 'to' && tokens[k + 1] === 'last') {
        os = -2;
        k += 2;
      }
      // "the last but one" (the one before the last), "the last but two"
      const butN = tokens[k] === 'but' ? BUT_N[tokens[k + 1] ?? ''] : undefined;
      if (t === 'last' && butN !== undefined) {
        os = -1 - butN;
        k += 2;
      }
      const after = tokens[k];
      // "the first of those (two)", "the second of them": a position among the slots just offered, never a date
      // ("the second of the two", "the first of the options you gave")
      const ofThe = after === 'of' && tokens[k + 1] === 'the' && OF_THE.has(tokens[k + 2] ?? '');
      const ofThose = ofTheOffer(tokens, k) && (prev === 'the' || i === 0 || prev === 'that');
      if (ofThose && (os < 0 || os <= offeredCount)) {
        const end = ofThe ? k + 3 : k + 2 + (PAIR_NOUNS.has(tokens[k + 2] ?? '') ? 1 : 0);
        ordinals.push({ start: i, end, n: os, ...(tokens[end - 1] === 'two' || tokens[end - 1] === 'pair' ? { ofPair: true } : {}) });
        mark(i, end);
        i = end - 1;
        continue;
      }
      const isSlotNoun = after !== undefined && SLOT_NOUNS.has(after);
      const notAfter = after !== undefined && (NOT_SLOT_AFTER.has(after) || MONTHS[after] !== undefined);
      // "on the third" is a day of the month; "at the latest" a deadline
      const onThe =
        prev === 'the' && (tokens[i - 2] === 'on' || tokens[i - 2] === 'by' || tokens[i - 2] === 'until' || tokens[i - 2] === 'at');
      const alone = i === 0 && (after === undefined || after === 'please' || after === 'then' || after === 'thanks' || after === 'one');
      const bare =
        (prev === 'the' ||
          prev === 'that' ||
          prev === 'take' ||
          (prev === 'very' && tokens[i - 2] === 'the') ||
          alone ||
          (SUPERLATIVE.has(t) && !onThe) ||
          os === -2) &&
        !notAfter;
      if ((isSlotNoun || bare) && !onThe && (os < 0 || os <= offeredCount)) {
        const end = isSlotNoun ? k + 1 : k;
        ordinals.push({ start: i, end, n: os });
        mark(i, end);
        i = end - 1;
        continue;
      }
    }
    if ((t === 'number' || t === 'option') && offeredCount >= 2) {
      const sw = tokens[i + 1] ?? '';
      const slip =
        (sw === 'to' || sw === 'for') && !(tokens[i + 2] === undefined || tokens[i + 2] === 'please') ? undefined : ONE_WORDS[sw];
      const c = slip !== undefined ? { value: slip, len: 1 } : cardinalAt(tokens, i + 1);
      if (c !== null && c.value >= 1 && c.value <= offeredCount) {
        ordinals.push({ start: i, end: i + 1 + c.len, n: c.value });
        mark(i, i + 1 + c.len);
        i += c.len;
        continue;
      }
    }
    // day of month: "the 9th", "on the ninth", "9th of march", "the 13th of this month"
    const od = ordinalAt(tokens, i);
    // "the 2nd of the two": a position among the slots just offered
    if (od !== null && offeredCount >= 2 && od.value <= offeredCount && ofTheOffer(tokens, i + od.len)) {
      const end = i + od.len + (tokens[i + od.len + 1] === 'the' ? 3 : 2);
      ordinals.push({ start: i, end, n: od.value });
      mark(i, end);
      i = end - 1;
      continue;
    }
    if (od !== null && od.value >= 1 && od.value <= 31) {
      const isWordOrd = !/^\d/.test(t);
      const monthNext =
        MONTHS[tokens[i + od.len] ?? ''] !== undefined ||
        (tokens[i + od.len] === 'of' && MONTHS[tokens[i + od.len + 1] ?? ''] !== undefined);
      if (isWordOrd && !(prev === 'the' || prev === 'on' || monthNext)) continue;
      if (tokens[i + od.len] === 'thought' || tokens[i + od.len] === 'half') continue;
      if (tokens[i + od.len] !== undefined && SLOT_NOUNS.has(tokens[i + od.len] as string) && tokens[i + od.len] !== 'time') continue;
      let end = i + od.len;
      let d: DateTime | null = null;
      if (tokens[end] === 'of') {
        const m = MONTHS[tokens[end + 1] ?? ''];
        if (m !== undefined) {
          d = monthDayForward(today, m, od.value);
          end += 2;
        } else if ((tokens[end + 1] === 'this' || tokens[end + 1] === 'the' || tokens[end + 1] === 'next') && tokens[end + 2] === 'month') {
          d =
            tokens[end + 1] === 'next'
              ? today.startOf('month').plus({ months: 1 }).set({ day: od.value })
              : dayOfMonthForward(today, od.value);
          end += 3;
        }
      } else if (MONTHS[tokens[end] ?? ''] !== undefined) {
        d = monthDayForward(today, MONTHS[tokens[end] as string] as number, od.value);
        end += 1;
      }
      if (d === null) d = dayOfMonthForward(today, od.value);
      const start = prev === 'the' ? i - 1 : i;
      if (d !== null && d.isValid) {
        dates.push({ start, end, date: iso(d), weekday: null });
        mark(start, end);
      }
      i = end - 1;
      continue;
    }
  }
  return { dates, ordinals };
}

/** "of those", "of them", "of the two", "of the options" at k: among the slots just offered. */
function ofTheOffer(tokens: readonly string[], k: number): boolean {
  if (tokens[k] !== 'of') return false;
  return THOSE.has(tokens[k + 1] ?? '') || tokens[k + 1] === 'both' || (tokens[k + 1] === 'the' && OF_THE.has(tokens[k + 2] ?? ''));
}

/** "whichever is earlier", "whatever one is soonest", "whichever earlier": the order word ends a choice by order. */
function whicheverBefore(tokens: readonly string[], i: number): boolean {
  let k = i - 1;
  if (tokens[k] === 'is' || tokens[k] === 'comes') k--;
  if (tokens[k] === 'one' || tokens[k] === 'ever') k--;
  const w = tokens[k];
  return w !== undefined && WHICHEVER.has(w) && (w.endsWith('ever') || tokens[k + 1] === 'ever');
}
