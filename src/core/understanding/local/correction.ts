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
    'no hang on, hang on, no hold on, hold on, sorry no, no sorry, oh no, no no, my mistake, my bad, correction, or rather, sorry i mean',
);

/** "make it ten on monday" restates the choice; "i can make it monday", "i won't make it" do not. */
const RESTATE = L('make it');
const ABLE = new Set(['can', 'could', 'not', 'to', 'will', 'would', 'might', 'may', 'should', 'i', 'we', 'you', 'they', 'he', 'she']);

/** Where the corrected reply starts (just after the last marker that follows something), or -1. */
export function correctionStart(t: Toks): number {
  let at = -1;
  for (let i = 1; i < t.length; i++) {
    let e = MARKER.at(t, i);
    if (e < 0 && !ABLE.has(t[i - 1] as string)) e = RESTATE.at(t, i);
    if (e >= 0 && e < t.length) at = e;
  }
  return at;
}

/**
 * Fills the day or the time the correction left out from the mentions it replaced. A new time keeps the day ("thursday
 * at three, no, make it ten" is thursday at ten, offered or not); a new day keeps the time when the two name an offered
 * slot, or when the day alone names none ("two on wednesday, no, tuesday" is the tuesday at two).
 */
export function keepUncorrected(tail: Mention[], head: readonly Mention[], infos: readonly SlotInfo[]): Mention[] {
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
  for (const m of tail) {
    if (m.negated || m.ordinal !== null) continue;
    if (m.time === null && m.date !== null && headTime !== null) {
      const matches = matchSlots({ ...m, time: headTime }, infos);
      if (matches.length > 0 || m.matches.length === 0) Object.assign(m, { time: headTime, matches });
    } else if (m.date === null && m.time !== null && headDate !== null) {
      Object.assign(m, { date: headDate, matches: matchSlots({ ...m, date: headDate }, infos) });
    }
  }
  return tail;
}
