/**
 * Offered slots as comparable features, and the reply's date/time mentions grouped, given a polarity
 * (negated or not), a preference mark, and matched against the offered slots.
 */
import { DateTime } from 'luxon';
import type { OfferedSlot } from '../types.js';
import { parseDates, todayIn, type DateMention, type OrdinalRef } from './date-parse.js';
import { normalize } from './normalize.js';
import { parseTimes, type TimeMention } from './time-parse.js';
import { words } from './lexicon.js';
import { contextTimeAt, positionInsteadOfTime } from './context-times.js';
import { atDayEnd, dayEndAt, dayEndOf, type DayEnd } from './day-parts.js';

export interface SlotInfo {
  date: string | null;
  weekday: number | null;
  hour: number | null;
  minute: number | null;
}

export interface Mention {
  start: number;
  end: number;
  date: DateMention | null;
  time: TimeMention | null;
  ordinal: OrdinalRef | null;
  pod: 'morning' | 'afternoon' | 'evening' | DayEnd | null;
  negated: boolean;
  preferred: boolean;
  matches: number[];
}

const slotCache = new Map<string, SlotInfo>();

/**
 * A slot's date and time in the listener's zone. With a valid `start` that depends on (start, zone) only, so the
 * cache key leaves `now` out (it changes on every turn); a slot known only by its label is parsed relative to today.
 */
export function slotInfo(slot: OfferedSlot, now: string, timezone: string): SlotInfo {
  if (slot.start) {
    const key = 's|' + slot.start + '|' + timezone;
    const hit = slotCache.get(key);
    if (hit !== undefined) return hit;
    const dt = DateTime.fromISO(slot.start, { setZone: true });
    if (dt.isValid) {
      const z = dt.setZone(timezone);
      const d = z.isValid ? z : dt;
      const hasTime = /T\d/.test(slot.start);
      return remember(key, { date: d.toISODate(), weekday: d.weekday, hour: hasTime ? d.hour : null, minute: hasTime ? d.minute : null });
    }
  }
  const today = todayIn(now, timezone);
  const key = 'l|' + slot.label + '|' + String(today.toMillis()) + '|' + timezone;
  const hit = slotCache.get(key);
  if (hit !== undefined) return hit;
  const info: SlotInfo = { date: null, weekday: null, hour: null, minute: null };
  const tokens = normalize(slot.label);
  const used = new Array<boolean>(tokens.length).fill(false);
  const { dates } = parseDates(tokens, today, 0, used);
  const times = parseTimes(tokens, used);
  const d = dates[0];
  const t = times[0];
  if (d !== undefined) {
    info.date = d.date;
    info.weekday = DateTime.fromISO(d.date).weekday;
  }
  if (t !== undefined) {
    info.hour = t.hour;
    info.minute = t.minute;
  }
  return remember(key, info);
}

function remember(key: string, info: SlotInfo): SlotInfo {
  if (slotCache.size > 5000) slotCache.clear();
  slotCache.set(key, info);
  return info;
}

const NEG_CUES = words(
  'not never unavailable busy bad tough difficult impossible conflict except besides without nor neither booked terrible awful worse ' +
    'worst out pass',
);
const SPLIT = words('but though although however whereas and or so instead also plus otherwise then');
const PREDICATE = words(
  'works work fine good great better best okay is be perfect prefer can could would do suits suit sounds available free open ' +
    'possible want take like am are will',
);
const LINE_TROUBLE = new Set(['line', 'connection', 'signal', 'reception', 'phone', 'call']);
const LINKS = new Set(['the', 'in', 'on', 'at', 'a']);
const COPULA = new Set(['is', 'are', 'was', 'were', 'be']);
/** Cues said after what they refuse ("monday's out", "tuesday no good", "wednesday neither"). */
const POST = new Set(['out', 'busy', 'booked', 'bad', 'terrible', 'awful', 'tough', 'difficult', 'impossible', 'unavailable', 'neither']);
/** What "not" says of the mention just before it ("monday not possible", "tuesday also not ok"). */
const NOT_SAID_OF = words('possible doable ok okay good');
const ALSO = words('also too either');
/** What is too much of a slot ("too late", "too early", "too soon"). */
const TOO_ADJ = words('late early soon tight close');
/** What "not" may refuse instead of a mention: the slot just read back or said ("not that one", "not this"). */
const ANAPHOR = words('that this it');
const AUX = words('does do is will would can');
/** The word before an auxiliary at `aux`, skipping "one" ("that one does not"). */
const anaphorBefore = (tokens: readonly string[], aux: number): string =>
  (tokens[aux - 1] === 'one' ? tokens[aux - 2] : tokens[aux - 1]) ?? '';
const BARE_NUM = /^(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon)$/;
const PREF = words(
  'better best prefer preferably ideally ideal rather preferred preference instead actually ideally prefered easier easiest',
);
/** "don't care", "not bothered": indifference, not a refusal of the nearby mention. */
const INDIFFERENT = new Set(['care', 'mind', 'matter', 'bothered', 'fussed', 'picky', 'particular', 'fussy']);
const NOON = new Set(['noon', 'midday']);
const PLURAL_PODS = new Set(['mornings', 'afternoons', 'evenings']);
const PODS = new Map<string, NonNullable<Mention['pod']>>([
  ['morning', 'morning'],
  ['afternoon', 'afternoon'],
  ['evening', 'evening'],
  ['mornings', 'morning'],
  ['afternoons', 'afternoon'],
  ['evenings', 'evening'],
]);
const AROUND_NOON = new Set(['before', 'after']);
/** "before noon", "after midday": the time is the edge of a part of day. */
const aroundNoon = (tokens: readonly string[], t: TimeMention): boolean =>
  t.end - t.start === 1 && NOON.has(tokens[t.start] as string) && AROUND_NOON.has(tokens[t.start - 1] ?? '');
const LEAD = new Set(['yes', 'yeah', 'yep', 'yup', 'no', 'nope', 'okay', 'sure', 'well', 'hi', 'hello', 'right', 'alright']);

/** What follows a mention that makes "no <mention>" a correction ("no wednesday was what i wanted", "no friday i said"). */
const CORRECTION = [
  ['was', 'what'],
  ['is', 'what'],
  ['was', 'the', 'one'],
  ['is', 'the', 'one'],
  ['i', 'said'],
  ['i', 'meant'],
  ['i', 'mean'],
  ['i', 'wanted'],
  ['i', 'want'],
  ['i', 'asked'],
  ['i', 'picked'],
  ['i', 'chose'],
  ['is', 'my'],
  ['was', 'my'],
  ['instead'],
  ['please'],
  ['is', 'better'],
  ['works', 'better'],
  ['is', 'right'],
  ['was', 'right'],
  ['is', 'correct'],
];
function corrects(tokens: readonly string[], end: number, cl: readonly number[]): boolean {
  for (let j = end; j <= end + 1 && j < tokens.length; j++) {
    if (cl[j] !== cl[end - 1]) return false;
    for (const c of CORRECTION)
      if (c.every((w, x) => tokens[j + x] === w)) return !tokens.slice(j, j + 6).some((w) => w === 'not' || w === 'never');
  }
  return false;
}

/** Last words of a blanket refusal ("neither", "none of those", "neither of them works"). */
const REFUSE_ALL = new Set(['neither', 'none', 'those', 'them', 'these', 'works', 'work', 'really', 'suits', 'sorry', 'unfortunately']);

/** Clause index for each token: clauses split at conjunctions and after a leading yes/no. */
function clauses(tokens: readonly string[]): number[] {
  const ids: number[] = [];
  let c = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (
      SPLIT.has(t) &&
      !(t === 'but' && (tokens[i - 1] === 'anything' || tokens[i - 1] === 'any' || tokens[i - 1] === 'day' || tokens[i - 1] === 'all')) &&
      !(t === 'instead' && tokens[i + 1] === 'of')
    )
      c++;
    ids.push(c);
    // "neither i could do friday at eleven though", "none of those we can do monday": the refusal ends its clause
    if (
      (tokens[i + 1] === 'i' || tokens[i + 1] === 'we') &&
      REFUSE_ALL.has(t) &&
      tokens.slice(Math.max(0, i - 3), i + 1).some((w) => w === 'neither' || w === 'none')
    )
      c++;
    if (i < 3 && LEAD.has(t) && tokens.slice(0, i).every((x) => LEAD.has(x))) c++;
  }
  return ids;
}

export function findMentions(tokens: readonly string[], now: string, timezone: string, offered: readonly OfferedSlot[]): Mention[] {
  const used = new Array<boolean>(tokens.length).fill(false);
  const { dates, ordinals } = parseDates(tokens, todayIn(now, timezone), offered.length, used);
  const infos = offered.map((s) => slotInfo(s, now, timezone));
  const items: Mention[] = [];
  const times: TimeMention[] = [];
  for (const t of parseTimes(tokens, used)) {
    const position = positionInsteadOfTime(tokens, t, infos);
    if (position !== null) ordinals.push(position);
    // "before noon", "after midday": a part of day, not the time itself
    else if (aroundNoon(tokens, t) && offered.length >= 2)
      items.push(blank(t.start - 1, t.end, null, null, null, tokens[t.start - 1] === 'before' ? 'morning' : 'afternoon'));
    else times.push(t);
  }
  for (const d of dates) items.push(blank(d.start, d.end, d, null, null));
  for (const o of ordinals) items.push(blank(o.start, o.end, null, null, o));
  for (const t of times) items.push(blank(t.start, t.end, null, t, null));
  if (offered.length >= 2) {
    let covered = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      // "first thing tomorrow", "wednesday end of the day": an end of the day (its earliest or latest slot)
      const dayEnd = dayEndAt(tokens, i);
      if (dayEnd !== null && !times.some((x) => x.start < dayEnd.end && i < x.end)) {
        items.push(blank(i, dayEnd.end, null, null, null, dayEnd.part));
        covered = dayEnd.end;
      }
      // "thursday mornings are bad": a plural part of day is the same part of day
      const pod = PODS.get(t ?? '');
      if (pod !== undefined && i >= covered && !used[i] && !times.some((x) => x.start <= i && i < x.end)) {
        if (tokens[i - 1] !== 'good' && tokens[i - 1] !== 'this') items.push(blank(i, i + 1, null, null, null, pod));
      }
      // "after lunch", "before lunch": a part of day said another way; "the lunchtime one" is noon
      const around = tokens[i - 1];
      const lunchtime = t === 'lunchtime' || (t === 'lunch' && tokens[i + 1] === 'time');
      if (lunchtime && around !== 'after' && around !== 'before' && !times.some((x) => x.start <= i && i < x.end)) {
        const end = t === 'lunch' ? i + 2 : i + 1;
        items.push(blank(i, end, null, { start: i, end, hour: 12, minute: 0, ambiguous: false }, null));
      }
      if (t === 'lunch' && (around === 'after' || around === 'before') && !times.some((x) => x.start <= i && i < x.end)) {
        items.push(blank(i - 1, i + 1, null, null, null, around === 'after' ? 'afternoon' : 'morning'));
      }
    }
  }
  items.sort((a, b) => a.start - b.start);
  const cl = clauses(tokens);
  // merge a date with an adjacent time in the same clause ("thursday at 3", "3 on thursday")
  const merged: Mention[] = [];
  for (const m of items) {
    const last = merged[merged.length - 1];
    const between = tokens.slice(last?.end ?? 0, m.start);
    if (
      last !== undefined &&
      m.start - last.end <= 2 &&
      cl[m.start] === cl[last.end - 1] &&
      canMerge(last, m) &&
      !between.some((w) => w === 'not' || w === 'no' || w === 'never') &&
      !contextThenChoice(tokens, last, m, between)
    ) {
      last.date ??= m.date;
      last.time ??= m.time;
      last.pod ??= m.pod;
      last.end = m.end;
      continue;
    }
    merged.push(m);
  }
  splitRunOns(tokens, merged, cl);
  // polarity: each negation cue belongs to the nearest mention of its clause (ties go to the one after it)
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as string;
    const nx = tokens[k + 1];
    // "that friday is too late", "monday's too early", "12 is a bit too early": said of the mention before it
    const tooMuch = t === 'too' && TOO_ADJ.has(nx ?? '');
    // "that doesn't suit, tuesday at ten then", "that one won't work, monday": the "not" is said of what came before
    const saidBefore = tooMuch || (t === 'not' && AUX.has(tokens[k - 1] ?? '') && ANAPHOR.has(anaphorBefore(tokens, k - 1)));
    let cue = NEG_CUES.has(t) || tooMuch || (t === 'no' && k > 0 && (nx === 'good' || merged.some((m) => m.start === k + 1)));
    // "not that one, friday morning": the "not" refuses what was read back or said before, not the mention after it
    if (t === 'not' && ANAPHOR.has(nx ?? '') && !merged.some((m) => m.start === k + 1 || m.start === k + 2)) cue = false;
    // "not too bad", "never too early": a double negative
    if ((t === 'not' && nx === 'too') || (tokens[k - 1] === 'too' && (tokens[k - 2] === 'not' || tokens[k - 2] === 'never'))) cue = false;
    if (LINE_TROUBLE.has(nx ?? '')) cue = false; // "sorry, bad line": the call, not a slot
    if (t === 'out' && !COPULA.has(tokens[k - 1] ?? '') && !merged.some((m) => m.end === k)) cue = false;
    if (t === 'no' && cue) {
      const m = merged.find((x) => x.start === k + 1);
      if (m !== undefined && corrects(tokens, m.end, cl)) cue = false;
    }
    // "not busy", "never unavailable": a double negative, so neither word refuses a mention
    if (t === 'not' && nx !== undefined && nx !== 'not' && NEG_CUES.has(nx) && nx !== 'neither' && nx !== 'nor') cue = false;
    if (t !== 'not' && (tokens[k - 1] === 'not' || tokens[k - 1] === 'never')) cue = false;
    if (
      t === 'not' &&
      (nx === 'sure' ||
        tokens[k - 1] === 'why' ||
        tokens[k - 1] === 'if' ||
        nx === 'only' ||
        nx === 'right' ||
        nx === 'correct' ||
        nx === 'what' ||
        nx === 'quite' ||
        nx === 'need' ||
        nx === 'want' ||
        INDIFFERENT.has(nx ?? ''))
    )
      cue = false;
    // "anything but thursday", "any day but monday": an exception, like "except"
    if (
      t === 'but' &&
      (tokens[k - 1] === 'anything' ||
        tokens[k - 1] === 'everything' ||
        tokens[k - 1] === 'all' ||
        (tokens[k - 2] === 'any' && (tokens[k - 1] === 'day' || tokens[k - 1] === 'time' || tokens[k - 1] === 'one')))
    )
      cue = true;
    // "ten instead of two", "thursday rather than monday": the mention after is refused, the one before preferred
    if ((t === 'instead' && nx === 'of') || (t === 'rather' && nx === 'than')) {
      const after = merged.find((m) => m.start > k + 1 && m.start <= k + 4);
      let before: Mention | undefined;
      for (const m of merged) if (m.end <= k && k - m.end <= 4) before = m;
      if (after !== undefined && (before !== undefined || tokens[k + 2] !== undefined)) {
        after.negated = true;
        if (before !== undefined) before.preferred = true;
        continue;
      }
    }
    // "at four not one": a clock time, then "not" + a bare number the parser left alone; the first is preferred
    if (cue && t === 'not' && nx !== undefined && BARE_NUM.test(nx) && !merged.some((m) => m.start === k + 1)) {
      const before = merged.find((m) => m.end === k && m.time !== null);
      if (before !== undefined) {
        before.preferred = true;
        continue;
      }
    }
    const pref = PREF.has(t);
    if (!cue && !pref) continue;
    let best: Mention | null = null;
    let bestDist = Infinity;
    // "monday is no good", "tuesday's not great", "wednesday out": after a copula, or right after a mention when it can
    // only be said of one, the cue is said of the mention before
    // "wednesday morning also not possible": "not possible" said of the mention just before, "also" or not between
    const notPossible = t === 'not' && NOT_SAID_OF.has(nx ?? '');
    const said = COPULA.has(tokens[k - 1] ?? '')
      ? merged.find((m) => m.end >= k - 2 && m.end < k && cl[m.end - 1] === cl[k])
      : POST.has(t) || tooMuch || (t === 'no' && nx === 'good')
        ? merged.find((m) => m.end === k)
        : notPossible
          ? merged.find((m) => m.end === k || (m.end === k - 1 && ALSO.has(tokens[k - 1] ?? '')))
          : undefined;
    if (said !== undefined) {
      best = said;
      bestDist = 0;
    } else
      for (const m of merged) {
        if (cl[m.start] !== cl[k] || (k >= m.start && k < m.end) || (saidBefore && m.start > k)) continue;
        // "not in the afternoon": articles and prepositions between the cue and the mention do not push it away
        const d = k < m.start ? tokens.slice(k + 1, m.start).filter((w) => !LINKS.has(w)).length + 0.5 : k - m.end + 1;
        if (d < bestDist) {
          bestDist = d;
          best = m;
        }
      }
    if (best === null || (cue && bestDist > 4)) continue;
    if (cue) best.negated = true;
    else best.preferred = true;
  }
  for (const m of merged) {
    // "i work tuesdays"; "no mornings" (a plural part of day refused, even as the first words)
    if (worksThatDay(tokens, m) || (tokens[m.start - 1] === 'no' && PLURAL_PODS.has(tokens[m.start] ?? ''))) m.negated = true;
    if (tokens[m.start - 1] === 'no' && m.start - 1 > 0) {
      // "wait no wednesday was what i wanted", "no thursday is the one": a correction, not a refusal
      if (corrects(tokens, m.end, cl)) m.preferred = true;
      else m.negated = true;
    }
    if (m.negated) m.preferred = false;
  }
  // a bare mention joined to a negated one shares its negation: "can't do monday or tuesday" (the one after),
  // "monday and tuesday are out" (the one before); a predicate of its own ("or thursday is good") keeps it apart
  const JOIN = new Set(['or', 'and', 'nor']);
  for (let i = 1; i < merged.length; i++) {
    const m = merged[i] as Mention;
    const p = merged[i - 1] as Mention;
    if (!m.negated && p.negated && JOIN.has(tokens[m.start - 1] ?? '') && !ownPredicate(tokens, cl, merged, i)) m.negated = true;
  }
  for (let i = merged.length - 2; i >= 0; i--) {
    const m = merged[i] as Mention;
    const n = merged[i + 1] as Mention;
    if (!m.negated && n.negated && n.start === m.end + 1 && JOIN.has(tokens[m.end] ?? '') && !ownPredicate(tokens, cl, merged, i))
      m.negated = true;
  }
  dropContextTimes(tokens, merged);
  for (const m of merged) {
    m.matches = matchSlots(m, infos);
    // a bare weekday means that day of the offer when one was offered ("thursday at 4" = the offered thursday)
    const d = m.date;
    if (d !== null && d.weekday !== null && tokens[d.start] !== 'this') {
      const same = infos
        .filter((x) => x.weekday === d.weekday && x.date !== null)
        .map((x) => x.date as string)
        .sort();
      if (same.length > 0 && (tokens[d.start] !== 'next' || same[0] === d.date)) d.date = same[0] as string;
    }
  }
  return merged;
}

/** Words that join a time to the day it is on ("until ten on tuesday", "till noon this friday"). */
const DAY_LINKS = new Set(['on', 'this', 'next', 'the', 'that']);

/**
 * "i have duty until ten, make it tuesday": a time given as context, then a day said for itself with other words
 * between: the day is the choice, not "tuesday at ten" ("until ten on tuesday" is still one mention).
 */
function contextThenChoice(tokens: readonly string[], last: Mention, m: Mention, between: readonly string[]): boolean {
  if (last.time === null || m.date === null || last.date !== null || !contextTimeAt(tokens, last.time.start)) return false;
  return between.some((w) => !DAY_LINKS.has(w));
}

/**
 * "i get off at seven so eight is perfect", "i'm at the gym until nine but ten works", "i work till five so
 * thursday": a time given as context, before another time or day said for itself, is not a choice; its day (if any)
 * stays.
 */
function dropContextTimes(tokens: readonly string[], merged: Mention[]): void {
  for (let i = merged.length - 1; i >= 0; i--) {
    const m = merged[i] as Mention;
    if (m.time === null || m.negated || !contextTimeAt(tokens, m.time.start)) continue;
    if (!merged.some((n) => n.start > m.end && (n.time !== null || n.date !== null) && !n.negated)) continue;
    if (m.date === null && m.pod === null && m.ordinal === null) merged.splice(i, 1);
    else m.time = null;
  }
}

/** Last words of a clause said of the day before it ("monday doesn't work", "tuesday is fine", "wednesday isn't either"). */
const SAID_OF_DAY = words(
  'work works worked does do suit suits good fine okay ok great bad out busy booked either neither too possible impossible doable',
);

/**
 * "tuesday doesnt work wednesday doesnt work thursday does": a run-on reply, no conjunction between its clauses. A day
 * that follows a clause said of an earlier day starts a clause of its own, so each negation stays with its own day.
 */
function splitRunOns(tokens: readonly string[], merged: readonly Mention[], cl: number[]): void {
  for (let i = 1; i < merged.length; i++) {
    const m = merged[i] as Mention;
    const p = merged[i - 1] as Mention;
    const before = tokens[m.start - 1] ?? '';
    const ends = SAID_OF_DAY.has(before) || (before === 'me' && tokens[m.start - 2] === 'for');
    if (m.date === null || !ends || cl[p.start] !== cl[m.start]) continue;
    for (let k = m.start; k < cl.length; k++) cl[k] = (cl[k] as number) + 1;
  }
}

/** A predicate in the mention's clause before the next mention ("or wednesday, thursday is good": none for wednesday). */
function ownPredicate(tokens: readonly string[], cl: readonly number[], merged: readonly Mention[], i: number): boolean {
  const m = merged[i] as Mention;
  const next = merged[i + 1];
  const stop = next !== undefined && cl[next.start] === cl[m.start] ? next.start : tokens.length;
  for (let k = 0; k < stop; k++)
    if (cl[k] === cl[m.start] && (k < m.start || k >= m.end) && PREDICATE.has(tokens[k] as string)) return true;
  return false;
}

/** "i work tuesdays", "i'm working on friday": the candidate is busy that day, a refusal of it. */
function worksThatDay(tokens: readonly string[], m: Mention): boolean {
  if (m.date === null || m.time !== null) return false;
  const k = tokens[m.start - 1] === 'on' ? m.start - 2 : m.start - 1;
  const verb = tokens[k] ?? '';
  const who = tokens[k - 1] ?? '';
  return (verb === 'work' && (who === 'i' || who === 'usually' || who === 'always')) || (verb === 'working' && WORKER.has(who));
}
const WORKER = new Set(['im', "i'm", 'am', 'be', 'ill']);

function blank(
  start: number,
  end: number,
  date: DateMention | null,
  time: TimeMention | null,
  ordinal: OrdinalRef | null,
  pod: string | null = null,
): Mention {
  return { start, end, date, time, ordinal, pod: pod as Mention['pod'], negated: false, preferred: false, matches: [] };
}

function canMerge(a: Mention, b: Mention): boolean {
  if (a.ordinal !== null || b.ordinal !== null) return false;
  if (a.date !== null && b.date !== null) return false;
  if (a.time !== null && b.time !== null) return false;
  if (a.pod !== null && b.pod !== null) return false;
  // "can't do the morning, the two works": a time outside the part of day just named is said apart from it
  const pod = a.pod ?? b.pod;
  const time = a.time ?? b.time;
  if (pod !== null && time !== null && !inPartOfDay({ date: null, weekday: null, hour: time.hour, minute: time.minute }, pod)) return false;
  return true;
}

/** The 1-based position an ordinal names among `count` slots (the last counted back; the middle of an odd count), or 0. */
export function positionIn(n: number, count: number): number {
  if (n < 0) return count + 1 + n;
  if (n === 0) return count % 2 === 1 ? (count + 1) / 2 : 0;
  return n;
}

export function matchSlots(m: Mention, infos: readonly SlotInfo[]): number[] {
  if (m.ordinal !== null) {
    if (m.ordinal.ofPair === true && infos.length !== 2) return [];
    const n = positionIn(m.ordinal.n, infos.length);
    return n >= 1 && n <= infos.length ? [n - 1] : [];
  }
  const out: number[] = [];
  infos.forEach((s, idx) => {
    if (m.date !== null) {
      if (m.date.weekday !== null && s.weekday !== null) {
        if (m.date.weekday !== s.weekday) return;
      } else if (s.date !== null) {
        if (m.date.date !== s.date) return;
      } else return;
    }
    if (m.time !== null) {
      if (s.hour === null) return;
      const sameHour = m.time.ambiguous ? m.time.hour % 12 === s.hour % 12 : m.time.hour === s.hour;
      if (!sameHour || m.time.minute !== (s.minute ?? 0)) return;
    }
    if (m.pod !== null && !inPartOfDay(s, m.pod)) return;
    out.push(idx);
  });
  if ((m.pod === 'early' || m.pod === 'late') && m.time === null && new Set(out.map((i) => infos[i]?.date)).size === 1) {
    return dayEndOf(out, (i) => (infos[i]?.hour ?? 0) * 60 + (infos[i]?.minute ?? 0), m.pod);
  }
  return m.pod === 'afternoon' && m.time === null ? withoutNoon(out, infos) : out;
}

/**
 * "the afternoon one" said of a day with 12 PM and 3:30 PM is the 3:30: noon is no one's afternoon when a later
 * afternoon slot that day exists ("the noon one", "the lunchtime one" name it).
 */
export function withoutNoon(picked: readonly number[], infos: readonly SlotInfo[]): number[] {
  const isNoon = (i: number) => infos[i]?.hour === 12 && (infos[i]?.minute ?? 0) === 0;
  return picked.filter((i) => !isNoon(i) || !picked.some((j) => j !== i && !isNoon(j) && infos[j]?.date === infos[i]?.date));
}

/** Whether the slot falls in the part of day (afternoon until 5 PM, evening from 4 PM). */
export function inPartOfDay(info: SlotInfo, pod: NonNullable<Mention['pod']>): boolean {
  if (info.hour === null) return false;
  if (pod === 'morning') return info.hour < 12;
  if (pod === 'afternoon') return info.hour >= 12 && info.hour < 17;
  if (pod === 'early' || pod === 'late') return atDayEnd(info.hour, pod);
  return info.hour >= 16;
}
