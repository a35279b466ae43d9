/**
 * The shared lexicon of the compositional rules (opt-out, wrong person, decline, callback): word classes and the
 * chain matcher over normalised tokens. A rule is a short chain of classes ("stop|quit|never" + "call|ring|text" +
 * "me|again|anymore"), each part allowed to start within a small window after the previous one, with a veto
 * (e.g. a negation in front) where it matters. Classes hold single words or short phrases, looked up by first token.
 * Nothing here keeps state between replies: every function takes the tokens it reads.
 */

export type Toks = readonly string[];

/** A word class: phrases (space separated) indexed by their first token. */
export class Lex {
  private readonly byFirst = new Map<string, string[][]>();
  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const parts = p.split(' ');
      const first = parts[0] as string;
      const list = this.byFirst.get(first) ?? [];
      list.push(parts);
      this.byFirst.set(first, list);
    }
    // longest first, so `at` returns the longest phrase
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
  }
  /** End (exclusive) of the longest phrase of this class starting at i, or -1. */
  at(t: Toks, i: number): number {
    const list = this.byFirst.get(t[i] as string);
    if (list === undefined) return -1;
    for (const p of list) {
      let ok = true;
      for (let k = 1; k < p.length; k++) {
        if (t[i + k] !== p[k]) {
          ok = false;
          break;
        }
      }
      if (ok) return i + p.length;
    }
    return -1;
  }
  /** Whether a phrase of this class occurs anywhere in t. */
  has(t: Toks): boolean {
    for (let i = 0; i < t.length; i++) if (this.at(t, i) >= 0) return true;
    return false;
  }
}

/** A set of single words from "a b c" (lists of words read better on a few lines than one per line). */
export const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter((w) => w !== ''));

/** A class from "a, b c, d". */
export const L = (s: string): Lex =>
  new Lex(
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  );

/** One part of a chain: a class, how many tokens may come before it (after the previous part), optional or not. */
export interface Part {
  lex: Lex;
  gap: number;
  opt?: boolean;
}
export const P = (lex: Lex, gap = 0, opt = false): Part => ({ lex, gap, opt });

/**
 * Start of the first place where the parts match in order, each within its gap of the previous one; -1 if none.
 * `ok(start, end)` may veto a match (e.g. a negation in front of it).
 */
export function chain(t: Toks, parts: readonly Part[], ok?: (start: number, end: number) => boolean): number {
  const first = parts[0] as Part;
  for (let i = 0; i < t.length; i++) {
    const e = first.lex.at(t, i);
    if (e < 0) continue;
    const end = rest(t, parts, 1, e);
    if (end >= 0 && (ok === undefined || ok(i, end))) return i;
  }
  return -1;
}

function rest(t: Toks, parts: readonly Part[], k: number, from: number): number {
  if (k >= parts.length) return from;
  const p = parts[k] as Part;
  for (let j = from; j <= from + p.gap && j < t.length; j++) {
    const e = p.lex.at(t, j);
    if (e >= 0) {
      const r = rest(t, parts, k + 1, e);
      if (r >= 0) return r;
    }
  }
  if (p.opt) return rest(t, parts, k + 1, from);
  return -1;
}

/** Whether a phrase of `lex` starts within `w` tokens from i. */
export function within(t: Toks, i: number, w: number, lex: Lex): boolean {
  for (let j = i; j < t.length && j <= i + w; j++) if (lex.at(t, j) >= 0) return true;
  return false;
}

/** A negation within `w` tokens before position i ("i am not busy", "do not call back later"). */
const NEG = L('not, never, no longer, no need to, do not, stop, quit');
export function negatedBefore(t: Toks, i: number, w = 2): boolean {
  for (let j = Math.max(0, i - w); j < i; j++) {
    const e = NEG.at(t, j);
    if (e >= 0 && e <= i) return true;
  }
  return false;
}
/** A veto for `chain`: no negation within `w` tokens before the match. */
export const notNegated =
  (t: Toks, w = 2) =>
  (start: number): boolean =>
    !negatedBefore(t, start, w);

export const WEEKDAYS = 'monday, tuesday, wednesday, thursday, friday, saturday, sunday';

/** Words that name a slot or a stretch of time ("not the monday one", "the wrong time"). */
export const TIME_N = L(`time, times, day, days, date, dates, slot, slots, week, month, one, hour, ${WEEKDAYS}`);
export const SLOT_W = L(
  `${WEEKDAYS}, time, times, day, days, slot, slots, date, morning, afternoon, evening, week, the first, the second, the third, the ` +
    `fourth, the last, the earlier, the later`,
);

/** Lists and what a candidate may be taken off: the call list (opt-out) or the application (decline). */
export const FROM_OFF = L('from, off, out of');
export const LIST_DET = L('your, the, this, their, my, any, all, all your, every, whatever');
export const LIST_KIND = L('call, calling, phone, contact, dialing, dialling, mailing, marketing');
export const NO_MORE = L('no further, no more, not any more, not any further');
/** What a candidate may be removed from that is the application, not the call list ("remove me from consideration"). */
export const CONSIDERATION = L(
  'consideration, the running, running, the process, process, the shortlist, the short list, shortlist, short list, the candidate ' +
    'list, candidate, candidates, applicant, applicants, the applicant pool, the pool, pool, the search, the selection, selection, ' +
    'interview list, hiring list, hiring process, recruitment, recruiting, application process, interview process, applications, ' +
    'application',
);

/** Words that may follow a complete refusal or request without changing it ("pass thanks", "i do not want it so"). */
export const END_OK = new Set(['thanks', 'thank', 'sorry', 'please', 'i', 'so', 'because', 'cause', 'as', 'bye', 'goodbye', 'but']);

/** A single word that can stand for a person's name: not a pronoun or a function word. */
const NOT_NAME_W = new Set(
  (
    'i me we us you it its that this there here they them he she his her one ones nobody anyone no not a an the my your our ' +
    'problem problems worries worry thanks thank sir madam maam more time times slot slots day days opening openings availability ' +
    'way chance need ' +
    'sure available free interested busy ready able home certain looking going working kidding joking done okay fine good happy ' +
    'comfortable convinced ' +
    'feeling well around in out really so too very quite much big positive aware clear familiar worried bothered fussed picky either ' +
    'yet now today ' +
    'then keen bad right correct true wrong possible alone allowed single sorry open late early there tomorrow monday tuesday ' +
    'wednesday thursday friday saturday sunday ' +
    'morning afternoon evening night week weekend month one two three four five six seven eight nine ten eleven twelve noon am pm ' +
    'interview job ' +
    'have has had just also already was were been recently since who which what will would can could should must did does am are'
  ).split(' '),
);
export const looksLikeName = (w: string): boolean =>
  !NOT_NAME_W.has(w) && /^[a-z]{3,}$/.test(w) && !/(?:ing|ed|ly|ble|ful|ous|ive|ent|ant)$/.test(w);
