/**
 * Times in a reply that are not the time chosen: a bare small number that is a position in the offer ("the 2 please"
 * with nothing offered at 2), and a time given as context before the one chosen ("i get off at seven so eight is
 * perfect"). Both read the mentions after they are found and before they are matched to the offered slots.
 */
import type { OrdinalRef } from './date-parse.js';
import type { Mention } from './slot-match.js';
import type { TimeMention } from './time-parse.js';

/** The hour and minute of an offered slot, as much of it as this module needs. */
interface SlotHour {
  hour: number | null;
}

const SMALL_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };
/** What may follow "the 2" when it names a position ("the 2 please", "the 3 one", "the 2 works"). */
const AFTER_POSITION = new Set(['please', 'one', 'then', 'thanks', 'thank', 'works', 'is', 'would', 'sounds', 'option', 'slot', 'i']);

/**
 * "uh the 2 please" with four slots offered and none at 2 o'clock: the second slot, not 2 PM. Only a bare number
 * right after "the", within the number of slots offered; "at 2", "2 pm", "two o'clock" stay times (they span more
 * tokens or follow another word), and so does "the 3" when a slot is at 3.
 */
export function positionInsteadOfTime(tokens: readonly string[], t: TimeMention, slots: readonly SlotHour[]): OrdinalRef | null {
  if (t.end - t.start !== 1 || !t.ambiguous || t.minute !== 0 || tokens[t.start - 1] !== 'the') return null;
  const word = tokens[t.start] as string;
  const n = /^\d$/.test(word) ? Number(word) : SMALL_WORDS[word];
  if (n === undefined || n < 1 || n > slots.length || slots.length < 2) return null;
  const next = tokens[t.end];
  if (next !== undefined && !AFTER_POSITION.has(next)) return null;
  if (slots.some((s) => s.hour !== null && s.hour % 12 === n % 12)) return null;
  return { start: t.start - 1, end: t.end, n };
}

/** Verbs after which "at <time>" is when something else ends ("i get off at seven", "my class finishes at nine"). */
const ENDS = new Set(['off', 'finish', 'finishes', 'finished', 'done', 'end', 'ends', 'out', 'leave', 'home', 'back', 'over']);

/** Whether the time starting at `i` is given as context: "until nine", "till noon", "off at seven", "done by six". */
export function contextTimeAt(tokens: readonly string[], i: number): boolean {
  const prev = tokens[i - 1];
  if (prev === 'until' || prev === 'till' || prev === 'til') return true;
  if (prev !== 'at' && prev !== 'by' && prev !== 'around') return false;
  // the verb may stand a few words back ("i finish my night shift at seven", "get off shift at seven")
  for (let k = i - 2; k >= 0 && k >= i - 5; k--) {
    const w = tokens[k] as string;
    if (ENDS.has(w)) return true;
    if (CLAUSE_BREAK.has(w)) return false;
  }
  return false;
}
const CLAUSE_BREAK = new Set(['so', 'but', 'and', 'or', 'then', 'because']);

/** What a candidate may already have at a time ("i got a shift at two", "my class is at three"). */
const BUSY_WITH = new Set([
  'shift',
  'class',
  'lecture',
  'appointment',
  'meeting',
  'exam',
  'work',
  'school',
  'practice',
  'training',
  'pickup',
  'doctor',
  'dentist',
  'session',
  'lesson',
  'kids',
  'kid',
  'son',
  'daughter',
  'children',
  'child',
]);

/**
 * Whether the time starting at `i` is when the candidate is busy with something else: "i got a shift at two", "i have
 * class at three", "my appointment is at noon", "i pick up my kids at three" (the thing, theirs, within three words before "at").
 */
export function busyTimeAt(tokens: readonly string[], i: number): boolean {
  const prev = tokens[i - 1];
  if (prev !== 'at' && prev !== 'until' && prev !== 'till' && prev !== 'from') return false;
  for (let k = i - 2; k >= 0 && k >= i - 4; k--) {
    const w = tokens[k] as string;
    if (BUSY_WITH.has(w)) return ownedAt(tokens, k);
    if (CLAUSE_BREAK.has(w)) return false;
  }
  return false;
}

/** "my shift", "i have a class", "i got work": the thing at k is the candidate's, not one asked for ("an appointment at"). */
function ownedAt(tokens: readonly string[], k: number): boolean {
  for (let j = k - 1; j >= 0 && j >= k - 3; j--) {
    const w = tokens[j] as string;
    if (w === 'my') return true;
    if ((w === 'have' || w === 'got') && (tokens[j - 1] === 'i' || tokens[j - 1] === 'we')) return true;
  }
  return false;
}

/** A reply that opens by asking ("how long is it", "is it on zoom"); "can you ..." may ask for a time, so it is left out. */
const OPENS_QUESTION = /^ (?:so |and |oh |okay |sorry )?(?:how|what|where|who|why|is|are|does|do|will) /;

/**
 * "how long will it take, i got a shift at two", "is it on zoom, i finish work at four": a question whose only times
 * are given as context (when the candidate is busy or done), so it asks and proposes nothing. `s` is the padded text.
 */
export function asksWithContextTimes(s: string, tokens: readonly string[], mentions: readonly Mention[]): boolean {
  if (!OPENS_QUESTION.test(s) || mentions.length === 0) return false;
  return mentions.every(
    (m) =>
      m.time !== null &&
      m.date === null &&
      m.ordinal === null &&
      !m.negated &&
      (contextTimeAt(tokens, m.time.start) || busyTimeAt(tokens, m.time.start)),
  );
}
