/**
 * The local understanding engine: rules over normalised tokens, no I/O. Dates, times and offered slots are
 * matched structurally (slot-match); intent comes from phrase cues, the reply's mentions and the prompt kind.
 */
import type { Intent, Understander, Understanding, UnderstandInput } from '../types.js';
import {
  ACCEPT_STRONG, ACCEPT_WEAK, CALLBACK_EXPLICIT, CALLBACK_STATE, DECLINE_STRONG, GOODBYE, NO_WORDS, OPT_OUT,
  QUESTION, REQ_ALTS, UNCLEAR, WRONG_PERSON, promptKind,
} from './intent.js';
import { normalize } from './normalize.js';
import { findMentions, slotInfo, type Mention } from './slot-match.js';

export { normalize } from './normalize.js';

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

interface Choice {
  slot: number | null;
  focus: Mention | null;
  /** A positive mention names an offered slot (maybe ambiguously). */
  accepted: boolean;
  /** A positive mention names something not offered. */
  proposed: boolean;
  negatedOnly: boolean;
}

function choose(mentions: readonly Mention[]): Choice {
  const pos = mentions.filter((m) => !m.negated);
  const matched = pos.filter((m) => m.matches.length > 0);
  const unmatched = pos.filter((m) => m.matches.length === 0 && (m.date !== null || m.time !== null));
  const res: Choice = { slot: null, focus: null, accepted: false, proposed: false, negatedOnly: pos.length === 0 && mentions.length > 0 };
  // a preferred mention wins; else a later correction; else the set of matches must agree on one slot
  const pref = pos.filter((m) => m.preferred);
  const lead = pref.length > 0 ? pref[pref.length - 1] as Mention : undefined;
  if (lead !== undefined && lead.matches.length === 0 && (lead.date !== null || lead.time !== null)) {
    return { ...res, focus: lead, proposed: true };
  }
  if (lead !== undefined && lead.matches.length === 1) {
    return { ...res, focus: lead, slot: lead.matches[0] as number, accepted: true };
  }
  if (matched.length > 0 && unmatched.length === 0) {
    let common: number[] = (matched[0] as Mention).matches;
    for (const m of matched) common = common.filter((x) => m.matches.includes(x));
    const focus = matched[matched.length - 1] as Mention;
    if (common.length === 1) return { ...res, focus, slot: common[0] as number, accepted: true };
    const distinct = new Set(matched.flatMap((m) => m.matches));
    if (distinct.size === 1) return { ...res, focus, slot: [...distinct][0] as number, accepted: true };
    // a negated mention may narrow an ambiguous one ("the morning, not monday")
    const negSlots = new Set(mentions.filter((m) => m.negated).flatMap((m) => m.matches));
    const left = [...distinct].filter((x) => !negSlots.has(x));
    if (left.length === 1) return { ...res, focus, slot: left[0] as number, accepted: true };
    return { ...res, focus, accepted: true };
  }
  if (unmatched.length > 0) return { ...res, focus: unmatched[unmatched.length - 1] as Mention, proposed: true };
  if (mentions.length > 0) return { ...res, focus: mentions[0] as Mention };
  return res;
}

export function understandLocal(input: UnderstandInput): Understanding {
  const tokens = normalize(input.utterance ?? '');
  const s = ' ' + tokens.join(' ') + ' ';
  const offered = input.offered ?? [];
  const out = (intent: Intent, confidence: number, slot: number | null = null): Understanding => {
    let time: string | null = null;
    let date: string | null = null;
    const f = choice.focus;
    if (f !== null) {
      const info = slot !== null && offered[slot] !== undefined && f.matches.includes(slot) ? slotInfo(offered[slot], input.now, input.timezone) : null;
      if (f.time !== null) {
        const h = f.time.ambiguous && info !== null && info.hour !== null ? info.hour : f.time.hour;
        time = pad2(h) + ':' + pad2(f.time.minute);
      }
      if (f.date !== null) date = f.date.weekday !== null && info !== null && info.date !== null ? info.date : f.date.date;
    }
    return { intent, slot: intent === 'accept' ? slot : null, time, date, confidence, engine: 'local' };
  };
  let choice: Choice = { slot: null, focus: null, accepted: false, proposed: false, negatedOnly: false };
  if (tokens.length === 0) return out('unclear', 0.3);
  const mentions = findMentions(tokens, input.now, input.timezone, offered);
  choice = choose(mentions);
  const kind = promptKind(input.context);
  const single = offered.length === 1 ? 0 : null;

  if (OPT_OUT.test(s)) return out('opt_out', 0.95);
  if (WRONG_PERSON.test(s)) return out('wrong_person', 0.9);
  if (DECLINE_STRONG.test(s) && !choice.accepted && !choice.proposed) {
    return out(/(?:later|another time|some other time|in the future|not now|right now)/.test(s) && !/interested|job|offer|position/.test(s) ? 'callback_later' : 'decline', 0.85);
  }
  if (CALLBACK_EXPLICIT.test(s) && !/ not call /.test(s)) return out('callback_later', 0.9);
  const alts = REQ_ALTS.test(s);
  if (alts && !choice.proposed) return out('request_alternatives', 0.85);
  if (choice.accepted) {
    return out('accept', choice.slot !== null ? 0.9 : 0.6, choice.slot);
  }
  if (choice.proposed) return out('propose_time', 0.85);
  if (CALLBACK_STATE.test(s)) return out('callback_later', 0.8);

  const yes = ACCEPT_STRONG.test(s);
  const no = NO_WORDS.test(s);
  const bye = GOODBYE.test(s);
  const question = QUESTION.test(s);
  const first = tokens[0] as string;
  const leadNo = first === 'no' || first === 'nope' || first === 'nah' || (first === 'not' && tokens.length <= 3);
  const leadYes = /^ (?:yes|yeah|yep|yup|sure|absolutely|definitely|correct|exactly|perfect|certainly|of course|uh huh|mhm) /.test(s);

  if (kind === 'identity' && (leadNo || / (?:it is not|this is not|i am not) /.test(s)) && !choice.negatedOnly) return out('wrong_person', 0.75);
  if (kind === 'timing' && leadNo) return out('callback_later', 0.75);
  if (choice.negatedOnly) {
    return out('decline', 0.7);
  }
  if (leadNo && !leadYes) {
    if (kind === 'anything_else' || (kind === 'done' && bye)) return out('goodbye', 0.7);
    return out('decline', 0.8);
  }
  if (leadYes || (yes && !no)) {
    if ((kind === 'done' || kind === 'anything_else') && !leadYes) return out(bye ? 'goodbye' : question ? 'question' : 'accept', 0.6, single);
    if (kind === 'anything_else' && question) return out('question', 0.6);
    return out('accept', 0.85, single);
  }
  if (no) return out('decline', 0.7);
  if (bye) return out('goodbye', 0.8);
  if (UNCLEAR.test(s)) return out('unclear', 0.5);
  if (question) return out('question', 0.7);
  if (ACCEPT_WEAK.test(s)) {
    if (kind === 'done' || kind === 'anything_else') return out('goodbye', 0.5);
    return out('accept', 0.6, single);
  }
  return out('unclear', 0.3);
}

export function createLocalUnderstander(): Understander {
  return {
    name: 'local',
    understand(input: UnderstandInput): Promise<Understanding> {
      return Promise.resolve(understandLocal(input));
    },
  };
}
