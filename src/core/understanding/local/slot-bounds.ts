/**
 * Loose times within one day's slots: a time said roughly ("around 4", "fourish", "about half nine") or as a bound
 * ("any time after 3", "no earlier than 10", "by 2", "before 11", "3 or later"), and "whichever is free first". When
 * the time named is not itself offered, it picks among the slots of the day the reply names (or the day read back,
 * or the only day offered): the nearest slot to a rough time, the one slot on the right side of a bound.
 */
import { L, type Toks } from './lexicon.js';
import type { Mention, SlotInfo } from './slot-match.js';

/** Said before a time: it is rough. */
const ROUGH_BEFORE = L('around, about, approximately, roughly, round, near, close to, somewhere around, somewhere about, circa');
/** Said after a time: it is rough. */
const ROUGH_AFTER = L('or so, give or take, ish, roughly, or thereabouts, approximately');
/** Said before a time: the slot is at or after it. */
const FROM_BEFORE = L('after, from, no earlier than, not earlier than, not before, later than, any later than, starting, starting at');
/** Said after a time: the slot is at or after it. */
const FROM_AFTER = L('onwards, onward, or later, or after, and later, and after, at the earliest, on');
/** Said before a time: the slot is at or before it ("until", "till" say when the candidate is busy, so are not here). */
const BY_BEFORE = L('before, by, no later than, not later than, not after, earlier than, any earlier than');
/** Said after a time: the slot is at or before it. */
const BY_AFTER = L('or earlier, or before, and earlier, and before, at the latest, latest');
/** Words between the bound and the time ("after about 3", "before say 11"). */
const SKIP = new Set(['at', 'say', 'like', 'maybe', 'roughly', 'about', 'around']);
/** A rough time picks a slot at most this far from it. */
const ROUGH_MINUTES = 60;

type Loose = 'rough' | 'from' | 'by';

/** The kind of looseness of the time in mention `m`, and whether a negation said with it is part of the bound. */
function looseness(t: Toks, m: Mention): { kind: Loose; negatedBound: boolean; at: number } | null {
  const time = m.time;
  if (time === null) return null;
  let s = time.start;
  while (s > 0 && SKIP.has(t[s - 1] as string)) s--;
  const e = time.end;
  // the bound said furthest back wins ("no later than 3" is not "later than 3")
  let kind: Loose | null = null;
  let from = s;
  for (const [lex, k] of [
    [FROM_BEFORE, 'from'],
    [BY_BEFORE, 'by'],
  ] as const) {
    for (let i = Math.max(0, s - 4); i < from; i++)
      if (lex.at(t, i) === s) {
        kind = k;
        from = i;
        break;
      }
  }
  // "from 3 to 5", "from 10 till noon": a range, not a bound
  if (t[from] === 'from' && /^(?:to|till|until|til|and|through)$/.test(t[e] ?? '')) return null;
  if (kind !== null) return { kind, negatedBound: t[from] === 'no' || t[from] === 'not', at: from };
  // "from 3 on", but not "at 3 on thursday"
  if (FROM_AFTER.at(t, e) >= 0 && !(t[e] === 'on' && t[e + 1] !== undefined)) return { kind: 'from', negatedBound: false, at: e };
  if (BY_AFTER.at(t, e) >= 0) return { kind: 'by', negatedBound: false, at: e };
  const roughWord = t.slice(s, time.start).some((w) => w === 'around' || w === 'about' || w === 'roughly');
  if (roughWord || ROUGH_AFTER.at(t, e) >= 0) return { kind: 'rough', negatedBound: false, at: s };
  for (let i = Math.max(0, s - 3); i < s; i++) if (ROUGH_BEFORE.at(t, i) === s) return { kind: 'rough', negatedBound: false, at: i };
  return null;
}

const minutesOf = (info: SlotInfo | undefined): number => (info?.hour ?? 0) * 60 + (info?.minute ?? 0);

/** The one date of the offered slots the mention's day names (a weekday may fall on several offered dates). */
function dayOf(m: Mention, infos: readonly SlotInfo[]): string | null {
  const d = m.date;
  if (d === null) return null;
  const dates = new Set(infos.filter((i) => (d.weekday !== null ? i.weekday === d.weekday : i.date === d.date)).map((i) => i.date));
  return dates.size === 1 ? ([...dates][0] ?? null) : null;
}

/**
 * Narrows a loose time to the slots it allows on its day: the mention then matches them (the nearest, for a rough
 * time; those on the right side of a bound), and names the slot's time when it is one. Mentions that name an offered
 * slot already, or whose day cannot be told, are left alone. Changed in place and returned.
 */
export function boundWithinDay(mentions: Mention[], infos: readonly SlotInfo[], pending: SlotInfo | null, t: Toks): Mention[] {
  const dayOnly = mentions.filter((m) => !m.negated && m.date !== null && m.time === null && m.ordinal === null);
  const dates = new Set(infos.map((i) => i.date));
  for (const m of mentions) {
    if (m.time === null || m.ordinal !== null) continue;
    const loose = looseness(t, m);
    if (loose === null || (m.negated && !loose.negatedBound)) continue;
    // "thursday not before 11": the "not" is the bound's, not a refusal of the day said just before it
    const dayBefore = mentions.find((d) => d.negated && d.date !== null && d.time === null && d.ordinal === null && d.end === loose.at);
    const refusedBefore = dayBefore !== undefined && t.slice(0, dayBefore.start).some((w) => w === 'not' || w === 'no' || w === 'never');
    if (loose.negatedBound && dayBefore !== undefined && !refusedBefore && dayOnly.length === 0) {
      dayBefore.negated = false;
      dayOnly.push(dayBefore);
    }
    const named = dayOnly.length === 1 && dayOnly[0] !== undefined ? dayOf(dayOnly[0], infos) : null;
    const onlyDay = infos.length >= 2 && dates.size === 1 ? [...dates][0] : null;
    const date = m.date !== null ? dayOf(m, infos) : (named ?? (dayOnly.length === 0 ? (pending?.date ?? onlyDay ?? null) : null));
    if (date === null) continue;
    const day = infos.map((_, i) => i).filter((i) => infos[i]?.date === date && infos[i]?.hour !== null);
    // the time itself is offered that day ("around 1:30" of a 1:30 slot): nothing to narrow
    if (m.matches.some((i) => day.includes(i))) continue;
    const fits = fitting(day, infos, m.time.hour * 60 + m.time.minute, m.time.ambiguous, loose.kind);
    if (fits.length === 0) continue;
    m.negated = false;
    m.matches = fits;
    const one = fits.length === 1 ? infos[fits[0] as number] : undefined;
    m.time = one === undefined ? null : { ...m.time, hour: one.hour ?? 0, minute: one.minute ?? 0, ambiguous: false };
    if (m.date === null && fits.length === 1 && dayOnly.length === 1 && dayOnly[0] !== undefined) dayOnly[0].matches = [...fits];
  }
  return mentions;
}

/** Slots of one day a loose time allows: the nearest within the margin, or those on the bound's side. */
function fitting(day: number[], infos: readonly SlotInfo[], at: number, ambiguous: boolean, kind: Loose): number[] {
  const readings = ambiguous ? [at % 720, (at % 720) + 720] : [at];
  if (kind === 'rough') {
    const gap = (i: number): number => Math.min(...readings.map((r) => Math.abs(minutesOf(infos[i]) - r)));
    const near = day.filter((i) => gap(i) <= ROUGH_MINUTES);
    const best = Math.min(...near.map(gap));
    const nearest = near.filter((i) => gap(i) === best);
    return nearest.length === 1 ? nearest : [];
  }
  // a bound reads an hour without am/pm as the time parser did
  return day.filter((i) => (kind === 'from' ? minutesOf(infos[i]) >= at : minutesOf(infos[i]) <= at));
}

/** "whichever", "whatever", "which ever". */
const WHICHEVER = L('whichever, whatever, which ever, what ever');
/** Words between "whichever" and its order word ("whichever one is free first", "whatever is available soonest"). */
const BETWEEN = new Set(['one', 'ones', 'is', 'are', 'comes', 'free', 'available', 'open', 'there', 'you', 'have', 'got', 'opens', 'up']);
const ORDER: Record<string, number> = { first: 1, soonest: 1, earliest: 1, earlier: 1, sooner: 1, latest: -1, last: -1, later: -1 };

/**
 * "whichever one is free first", "whatever is open soonest", "whichever comes first": an order among the slots of a
 * day (as "the earlier one"), added as a mention when the date parser left it unread.
 */
export function orderWhichever(mentions: Mention[], t: Toks): Mention[] {
  for (let i = 0; i < t.length; i++) {
    let k = WHICHEVER.at(t, i);
    if (k < 0) continue;
    while (k < t.length && k - i <= 5 && BETWEEN.has(t[k] as string)) k++;
    const n = ORDER[t[k] as string];
    if (n === undefined || mentions.some((m) => m.start <= k && i < m.end)) continue;
    const ordinal = { start: i, end: k + 1, n, ofPair: true };
    mentions.push({ start: i, end: k + 1, date: null, time: null, ordinal, pod: null, negated: false, preferred: false, matches: [] });
  }
  return mentions.sort((a, b) => a.start - b.start);
}
