/**
 * Clock times in spoken and written forms: "2 pm", "two thirty", "quarter to four", "17:30", "noon",
 * "5 in the evening", recogniser slips ("at to thirty", "for pm"). Bare hours follow business hours
 * (1-6 -> PM, 7-11 -> AM, 12 -> noon) unless a meridiem or part of day says otherwise.
 */
import { cardinalAt } from './numbers.js';
import { words } from './lexicon.js';

export type Meridiem = 'am' | 'pm' | 'morning' | 'afternoon' | 'evening' | 'night' | null;

export interface TimeMention {
  start: number;
  end: number; // exclusive
  hour: number; // 0-23
  minute: number;
  /** No am/pm or part of day fixed the half of the day. */
  ambiguous: boolean;
}

/** Words after which a bare number is a clock time. */
const PRE = words(
  'at around about by after before until till til from say like maybe approximately roughly between and or do try is then than ' +
    'prefer take yes yeah yep okay sure no nope probably perhaps want need earliest latest past how what to later earlier',
);
const DAY_WORDS = words(
  'monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays today ' +
    'tomorrow tonight morning afternoon evening',
);
/** Words a reply may open with before a bare hour that answers ("alright nine then", "right, ten", "oh fine eleven"). */
const ACK = words('alright okay fine right cool great good perfect lovely sure so well oh yes yeah yep no nope hmm');
/** Words after a number that make it a count, not a time. */
const NOUNS = words(
  'people person persons guests guest of bedroom bedrooms bed beds bath baths bathroom bathrooms dollars dollar bucks percent ' +
    'minutes minute mins min hours hour hrs days day weeks week months month years year stars star kids children adults seats tickets ' +
    'rooms room times more other others slots options things jobs seconds sec secs moment k thousand hundred grand miles year ' +
    'interviews us ones th st nd rd a an',
);
const NOT_TIME_BEFORE = words('the that this which any every each another no number option for of in only just those these');

/** After "the", a bare number is a time when one of these (or nothing) follows ("the ten one", "the 3 works", "the ten"). */
const THE_NEXT = words('one slot option works work is please sounds would will then time appointment for on spot opening');

const SLIP_MINUTES = new Set(['fifteen', 'thirty', 'forty', 'fifty', 'twenty', 'oh']);
const SLIPS: Record<string, number> = { to: 2, too: 2, for: 4, won: 1, tree: 3, ate: 8 };
/** Slips that are also common words elsewhere: only a time with a minute, "o'clock" or am/pm after them, or "at" before. */
const RARE_SLIPS = new Set(['won', 'tree', 'ate']);
const SLIP_PRE = new Set(['at', 'around', 'about', 'by', 'after', 'before', 'until', 'till', 'say', 'past']);

function meridiemAt(tokens: readonly string[], i: number): { m: Meridiem; len: number } | null {
  const a = tokens[i];
  const b = tokens[i + 1];
  const c = tokens[i + 2];
  if (a === 'am') return { m: 'am', len: 1 };
  if (a === 'pm') return { m: 'pm', len: 1 };
  if (a === 'in' && b === 'the' && c !== undefined) {
    if (c === 'morning') return { m: 'morning', len: 3 };
    if (c === 'afternoon') return { m: 'afternoon', len: 3 };
    if (c === 'evening') return { m: 'evening', len: 3 };
    if (c === 'night') return { m: 'night', len: 3 };
  }
  if ((a === 'this' || a === 'tomorrow') && (b === 'morning' || b === 'afternoon' || b === 'evening')) return { m: b as Meridiem, len: 2 };
  if (a === 'at' && b === 'night') return { m: 'night', len: 2 };
  if (a === 'tonight') return { m: 'night', len: 1 };
  if (a === 'morning' || a === 'afternoon' || a === 'evening') return { m: a, len: 1 };
  return null;
}

export function resolveHour(h: number, m: Meridiem): number {
  if (h > 12) return h;
  switch (m) {
    case 'am':
      return h === 12 ? 0 : h;
    case 'morning':
      return h;
    case 'pm':
    case 'afternoon':
    case 'evening':
      return h === 12 ? 12 : h + 12;
    case 'night':
      return h === 12 ? 0 : h >= 6 ? h + 12 : h;
    default:
      if (h === 0) return 0;
      return h <= 6 ? h + 12 : h;
  }
}

const NIGHT_WORK = words('shift shifts work job nurse auditor porter owl');

/** Global part of day ("tomorrow morning ... 11") used for bare hours. */
export function partOfDay(tokens: readonly string[]): Meridiem {
  for (const [i, t] of tokens.entries()) {
    // "i work the night shift", "night nurse": a kind of work, not the part of day of a time
    if (t === 'night' && NIGHT_WORK.has(tokens[i + 1] ?? '')) continue;
    if (t === 'morning') return 'morning';
    if (t === 'afternoon' || t === 'evening' || t === 'tonight' || t === 'night') return t === 'tonight' ? 'night' : t;
  }
  return null;
}

function hourTokenAt(
  tokens: readonly string[],
  i: number,
): { h: number; min: number | null; len: number; slip: boolean; colon: boolean } | null {
  const t = tokens[i];
  if (t === undefined) return null;
  const colon = /^(\d{1,2}):(\d\d)$/.exec(t);
  if (colon) {
    const h = Number(colon[1]);
    const min = Number(colon[2]);
    if (h <= 23 && min <= 59) return { h, min, len: 1, slip: false, colon: true };
    return null;
  }
  const slip = SLIPS[t];
  if (slip !== undefined) return { h: slip, min: null, len: 1, slip: true, colon: false };
  const n = cardinalAt(tokens, i);
  if (n === null) return null;
  if (n.value >= 100 && n.value <= 2359 && /^\d{3,4}$/.test(t) && n.value % 100 < 60) {
    return { h: Math.floor(n.value / 100), min: n.value % 100, len: 1, slip: false, colon: true };
  }
  if (n.value > 23) return null;
  return { h: n.value, min: null, len: n.len, slip: false, colon: false };
}

function minuteAt(tokens: readonly string[], i: number): { min: number; len: number } | null {
  const t = tokens[i];
  if (t === undefined) return null;
  if ((t === 'oh' || t === 'o' || t === 'zero') && tokens[i + 1] !== undefined) {
    const n = cardinalAt(tokens, i + 1);
    if (n !== null && n.value >= 0 && n.value <= 9) return { min: n.value, len: 1 + n.len };
    if (tokens[i + 1] === 'clock') return null;
  }
  if (/^\d\d$/.test(t)) {
    const v = Number(t);
    if (v < 60) return { min: v, len: 1 };
    return null;
  }
  const n = cardinalAt(tokens, i);
  if (n !== null && n.value >= 10 && n.value < 60 && !/^\d$/.test(t)) return { min: n.value, len: n.len };
  return null;
}

/** Relative forms: "quarter past two", "half past 3", "ten to five", "quarter to four". */
function relativeAt(tokens: readonly string[], i: number): { h: number; min: number; len: number } | null {
  let j = i;
  if (tokens[j] === 'a') j++;
  const w = tokens[j];
  let mins: number | null = null;
  let len = 0;
  if (w === 'quarter') {
    mins = 15;
    len = 1;
  } else if (w === 'half') {
    // British "half two" = 2:30 ("half an hour", "two and a half" are not times)
    const ht = tokens[j + 1] !== 'past' && tokens[i - 1] !== 'and' ? hourTokenAt(tokens, j + 1) : null;
    const after = tokens[j + 1 + (ht?.len ?? 0)];
    // "half tree": the recogniser's slip for "half three" (no other word reads "tree" after "half")
    const slipOk = ht !== null && (!ht.slip || tokens[j + 1] === 'tree');
    if (ht !== null && slipOk && !ht.colon && ht.min === null && ht.h >= 1 && ht.h <= 12 && !(after !== undefined && NOUNS.has(after))) {
      return { h: ht.h, min: 30, len: j - i + 1 + ht.len };
    }
    mins = 30;
    len = 1;
  } else {
    const n = cardinalAt(tokens, j);
    if (n !== null && [5, 10, 20, 25].includes(n.value)) {
      mins = n.value;
      len = n.len;
    }
    if (mins !== null && tokens[j + len] === 'minutes') len++;
  }
  if (mins === null) return null;
  const rel = tokens[j + len];
  const past = rel === 'past' || rel === 'after';
  const to = rel === 'to' || rel === 'till' || rel === 'til' || rel === 'of' || rel === 'before';
  if (!past && !to) return null;
  if (to && mins === 30) return null;
  const ht = hourTokenAt(tokens, j + len + 1);
  if (ht === null || ht.colon || ht.h < 1 || ht.h > 12) return null;
  const h = past ? ht.h : ht.h === 1 ? 12 : ht.h - 1;
  const min = past ? mins : 60 - mins;
  return { h, min, len: j - i + len + 1 + ht.len };
}

/** All clock times in `tokens`, skipping positions where `used[i]` is set (dates claimed them). */
export function parseTimes(tokens: readonly string[], used: readonly boolean[]): TimeMention[] {
  const out: TimeMention[] = [];
  const pod = partOfDay(tokens);
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const t = tokens[i] as string;
    const prev = tokens[i - 1];
    if (t === 'noon' || t === 'midday' || t === 'midnight') {
      out.push({ start: i, end: i + 1, hour: t === 'midnight' ? 0 : 12, minute: 0, ambiguous: false });
      continue;
    }
    if (prev !== 'from' && prev !== 'between') {
      const rel = relativeAt(tokens, i);
      if (rel !== null) {
        let end = i + rel.len;
        const mer = meridiemAt(tokens, end);
        if (mer !== null) end += mer.len;
        const m = mer?.m ?? (earlyHourFar(tokens, i, rel.h, pod) ? null : pod);
        out.push({ start: i, end, hour: resolveHour(rel.h, m), minute: rel.min, ambiguous: m === null });
        i = end - 1;
        continue;
      }
    }
    const ht = hourTokenAt(tokens, i);
    if (ht === null) continue;
    let j = i + ht.len;
    let min = ht.min;
    let strong = ht.colon;
    if (min === null) {
      let mm = minuteAt(tokens, j);
      // "the nine thirty one", "two forty one works": the last "one" stands for the slot (slots start on round minutes)
      if (mm !== null && mm.len === 2 && mm.min % 10 === 1 && tokens[j + 1] === 'one' && tokens[j + 2] !== 'am' && tokens[j + 2] !== 'pm') {
        mm = { min: mm.min - 1, len: 2 };
      }
      if (mm !== null && !NOUNS.has(tokens[j + mm.len] ?? '')) {
        min = mm.min;
        j += mm.len;
        strong = true;
      }
    }
    // "fifteen hundred (hours)": military time
    let military = false;
    if (min === null && !ht.slip && !ht.colon && tokens[j] === 'hundred' && ht.h <= 23 && !/^\d/.test(t)) {
      const nx = tokens[j + 1];
      if (
        nx === undefined ||
        nx === 'hours' ||
        nx === 'hrs' ||
        nx === 'on' ||
        nx === 'please' ||
        nx === 'then' ||
        nx === 'works' ||
        nx === 'is' ||
        nx === 'would' ||
        DAY_WORDS.has(nx) ||
        nx === 'tomorrow' ||
        nx === 'next' ||
        nx === 'this'
      ) {
        min = 0;
        j += nx === 'hours' || nx === 'hrs' ? 2 : 1;
        strong = true;
        military = true;
      }
    }
    if (tokens[j] === 'oclock') {
      j++;
      strong = true;
    } else if (tokens[j] === 'o' && tokens[j + 1] === 'clock') {
      j += 2;
      strong = true;
    }
    if (tokens[j] === 'noon' && ht.h === 12) {
      j++;
      strong = true;
    }
    const mer = meridiemAt(tokens, j);
    const hasMer = mer !== null && (mer.m === 'am' || mer.m === 'pm' || tokens[j] === 'in' || tokens[j] === 'at' || strong || !ht.slip);
    if (ht.slip) {
      // "for 12 pm", "to 11": a number after the word makes it a preposition, not a slipped hour
      const nx0 = tokens[i + 1] ?? '';
      if (/^\d/.test(nx0) || (min !== null && !SLIP_MINUTES.has(nx0))) continue;
      const onDay = nx0 === 'on' && DAY_WORDS.has(tokens[i + 2] ?? '');
      const slipOk =
        (mer !== null && (mer.m === 'am' || mer.m === 'pm')) ||
        strong ||
        (prev !== undefined && SLIP_PRE.has(prev) && !/^\d/.test(tokens[i + 1] ?? '')) ||
        (onDay && !RARE_SLIPS.has(t));
      if (!slipOk) continue;
      if (RARE_SLIPS.has(t) && !strong && !(mer !== null && (mer.m === 'am' || mer.m === 'pm')) && prev !== 'at') continue;
      // "at to see" / "about to go": a slip is followed by nothing, a minute, a meridiem or a day word
      const nx = tokens[j];
      if (
        !strong &&
        mer === null &&
        nx !== undefined &&
        !DAY_WORDS.has(nx) &&
        ![
          'on',
          'then',
          'please',
          'works',
          'is',
          'would',
          'that',
          'if',
          'or',
          'and',
          'okay',
          'tomorrow',
          'next',
          'this',
          'instead',
          'sounds',
          'should',
          'will',
          'be',
          'fine',
          'good',
        ].includes(nx)
      )
        continue;
    } else if (!strong && !(mer !== null && hasMer)) {
      // bare hour: needs a time-like neighbourhood
      if (ht.h > 12 && prev !== 'at') continue;
      const next = tokens[j];
      if (next !== undefined && NOUNS.has(next)) continue;
      if (prev !== undefined && NOT_TIME_BEFORE.has(prev) && !(prev === 'the' && (next === undefined || THE_NEXT.has(next)))) continue;
      if (t === 'one' && !(prev !== undefined && SLIP_PRE.has(prev))) continue;
      const madeIt = (prev === 'it' || prev === 'that') && tokens[i - 2] === 'make'; // "make it ten", "make that eleven"
      const ok =
        i === 0 ||
        (prev !== undefined && (PRE.has(prev) || DAY_WORDS.has(prev))) ||
        (prev === 'the' && (next === undefined || THE_NEXT.has(next))) ||
        madeIt ||
        praisedAt(tokens, j) ||
        tokens.slice(0, i).every((w) => ACK.has(w));
      if (!ok) continue;
      if (
        prev === 'to' &&
        !/^\d/.test(t) &&
        tokens[i - 2] !== 'up' &&
        tokens[i - 2] !== 'change' &&
        tokens[i - 2] !== 'it' &&
        tokens[i - 2] !== 'move' &&
        !movedBefore(tokens, i - 1)
      )
        continue;
      if (ht.h === 0) continue;
    }
    if (ht.h > 23 || (min !== null && min > 59)) continue;
    let m: Meridiem = null;
    if (mer !== null && hasMer) {
      j += mer.len;
      m = mer.m;
    } else if (military) m = null;
    else if (!ht.colon || ht.h <= 12) m = earlyHourFar(tokens, i, ht.h, pod) ? null : pod;
    const hour = military && m === null ? ht.h : resolveHour(ht.h, m);
    out.push({ start: i, end: j, hour, minute: min ?? 0, ambiguous: m === null && ht.h <= 12 && !military });
    i = j - 1;
  }
  return out;
}

/**
 * "can't do tuesday morning, i'm dropping the kids off, the two o'clock works": a morning (or night) said elsewhere in
 * the reply does not make a bare 1-6 a night hour; only right before the hour, or linked to it, does it ("morning at 6").
 */
function earlyHourFar(tokens: readonly string[], i: number, h: number, pod: Meridiem): boolean {
  if ((pod !== 'morning' && pod !== 'night') || h < 1 || h > 6) return false;
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    const w = tokens[k] as string;
    if (w === 'morning' || w === 'night' || w === 'tonight') return false;
    if (!POD_LINK.has(w)) return true;
  }
  return true;
}
const POD_LINK = words('at around about by say maybe from like for');

/** "so eight is perfect", "but ten works": a bare number said to suit is a time, whatever comes before it. */
const PRAISE = words('perfect good fine great ideal best better okay alright grand brilliant lovely');
function praisedAt(tokens: readonly string[], j: number): boolean {
  const a = tokens[j];
  const b = tokens[j + 1] ?? '';
  if (a === 'works' || a === 'suits') return true;
  if (a !== 'is' && a !== 'would' && a !== 'will' && a !== 'should') return false;
  return PRAISE.has(b) || (b === 'be' && PRAISE.has(tokens[j + 2] ?? ''));
}

/** "push the friday one to three", "can we move it back to four": a move verb a few words before "to <hour>". */
const MOVE_V = words('push move shift bump change switch slide pushed moved shifted bumped changed switched reschedule rebook');
function movedBefore(tokens: readonly string[], to: number): boolean {
  for (let k = Math.max(0, to - 5); k < to; k++) if (MOVE_V.has(tokens[k] as string)) return true;
  return false;
}
