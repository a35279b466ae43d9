/**
 * Corrections inside one reply: "three o'clock, sorry, i meant eleven", "wednesday, no, hang on, thursday",
 * "the second one, actually no, the first". The words after the last correction marker are the reply; a part the
 * correction leaves out (the time, when only the day is corrected) is kept from what came before, when the two
 * together name an offered slot.
 */
import { L, type Toks } from './lexicon.js';
import { matchSlots, type Mention, type SlotInfo } from './slot-match.js';

const MARKER = L(
  'i meant, i mean, sorry i meant, scratch that, make that, actually no, no actually, no wait, oh wait, wait no, ' +
    'no hang on, hang on, no hold on, hold on, sorry no, no sorry, oh no, no no, my mistake, my bad, correction, or rather, ' +
    'sorry i mean, i misspoke, misspoke, i mis spoke, on second thought, on second thoughts, let me rephrase, i should say, ' +
    'i should have said, what i meant was, what i mean is',
);

/** "make it ten on monday" restates the choice; "i can make it monday", "i won't make it" do not. */
const RESTATE = L('make it');
const ABLE = new Set(['can', 'could', 'not', 'to', 'will', 'would', 'might', 'may', 'should', 'i', 'we', 'you', 'they', 'he', 'she']);

/** "no" that is not a correction: "no problem", "no later than ten", "no more than an hour". */
const NO_NOT_MARKER = new Set(['problem', 'problems', 'worries', 'earlier', 'later', 'sooner', 'more', 'longer', 'less', 'one', 'way']);

/** "scratch friday", "strike the two o'clock": what follows is struck out, said again from before the marker. */
const STRIKE = L('scratch, strike, cross out, cross off');

/** After "scratch" at i (ending at e): the end of the words it strikes, each said before it, or -1 when none is. */
function struckEnd(t: Toks, i: number, e: number): number {
  const before = new Set(t.slice(0, i));
  let k = e;
  while (k < t.length && k - e < 4 && (before.has(t[k] as string) || (t[k] === 'the' && before.has(t[k + 1] as string)))) k++;
  return k > e ? k : -1;
}

/** Where the corrected reply starts (just after the last marker that follows something), or -1. */
export function correctionStart(t: Toks): number {
  let at = -1;
  for (let i = 1; i < t.length; i++) {
    const struck = STRIKE.at(t, i);
    let e = struck < 0 ? -1 : struckEnd(t, i, struck);
    if (e < 0) e = MARKER.at(t, i);
    if (e < 0 && !ABLE.has(t[i - 1] as string)) e = RESTATE.at(t, i);
    // a bare "no" between two choices ("tuesday at ten no monday morning"); the caller checks both sides name slots
    if (e < 0 && t[i] === 'no' && !NO_NOT_MARKER.has(t[i + 1] as string)) e = i + 1;
    if (e >= 0 && e < t.length) at = e;
  }
  return at;
}

/** Words that start a clock time ("at", "half", "quarter", "around"). */
const TIME_CUES = new Set(['at', 'half', 'quarter', 'around', 'about', 'say']);
/** What may follow "at" without being a time ("at the same time", "at that time"). */
const NOT_A_TIME = new Set(['the', 'that', 'this', 'all', 'least', 'most', 'any', 'my', 'work', 'home', 'school']);

/**
 * The correction tries to give a time but no time was understood ("i meant thursday at half <unheard>"): a time cue
 * followed by words no mention covers. The first time must then not stand in for the one corrected.
 */
export function triesUnheardTime(tail: Toks, mentions: readonly Mention[]): boolean {
  const covered = (k: number) => mentions.some((m) => m.start <= k && k < m.end);
  if (mentions.some((m) => m.time !== null)) return false;
  for (let k = 0; k + 1 < tail.length; k++) {
    const next = tail[k + 1] as string;
    if (TIME_CUES.has(tail[k] as string) && !covered(k) && !covered(k + 1) && !NOT_A_TIME.has(next)) return true;
  }
  return false;
}

/**
 * Fills the day or the time the correction left out from the mentions it replaced. A new time keeps the day ("thursday
 * at three, no, make it ten" is thursday at ten, offered or not); a new day keeps the time when the two name an offered
 * slot ("two on wednesday, no, tuesday" is the tuesday at two), or when the new day alone names no offered slot
 * ("ten on monday, no, saturday" asks for saturday at ten). `words` are the corrected reply's.
 */
export function keepUncorrected(tail: Mention[], head: readonly Mention[], infos: readonly SlotInfo[], words: Toks = []): Mention[] {
  const kept = head.filter((m) => !m.negated && m.ordinal === null);
  const headTime =
    kept
      .map((m) => m.time)
      .filter((x) => x !== null)
      .pop() ?? null;
  const headDate =
    kept
      .map((m) => m.date)
      .filter((x) => x !== null)
      .pop() ?? null;
  // "nine thirty on thursday, no, the later one on thursday": an order or a part of day picks within the day named, so
  // the time first said is not carried over to it
  const picksWithinDay = tail.some((m) => !m.negated && (m.ordinal !== null || m.pod !== null));
  for (const m of tail) {
    if (m.negated || m.ordinal !== null) continue;
    if (m.time === null && m.date !== null && headTime !== null && !picksWithinDay) {
      const matches = matchSlots({ ...m, time: headTime }, infos);
      if (matches.length > 0 || m.matches.length === 0) Object.assign(m, { time: headTime, matches });
    } else if (m.date === null && m.time !== null && headDate !== null) {
      Object.assign(m, { date: headDate, matches: matchSlots({ ...m, date: headDate }, infos) });
    }
  }
  // "three fifteen on wednesday, no, the earlier one (that day)": an order among one day's slots, the day kept from before
  const thatDay = / (?:that|the same|same) day /.test(' ' + words.join(' ') + ' ');
  const picker = tail.find((m) => !m.negated && (m.ordinal?.ofPair === true || (m.ordinal !== null && thatDay) || m.pod !== null));
  if (headDate !== null && picker !== undefined && tail.every((m) => m.date === null && m.time === null)) {
    const day: Mention = { ...picker, date: headDate, time: null, ordinal: null, pod: null, preferred: false, matches: [] };
    tail.push({ ...day, matches: matchSlots(day, infos) });
  }
  return tail;
}
