/**
 * The local understanding engine: rules over normalised tokens, no I/O. Dates, times and offered slots are
 * matched structurally (slot-match); intent comes from compositional cues (compose: opt-out, wrong person, callback,
 * decline), phrase cues (intent), the reply's mentions and the prompt kind.
 */
import type { Intent, Understander, Understanding, UnderstandInput } from '../types.js';
import {
  ACCEPT_STRONG, ACCEPT_WEAK, ANY_SLOT, BYE_STRONG, HOLD, REPEAT, CALLBACK_SOFT, THANKS, GOODBYE, NO_WORDS,
  QUESTION, REQ_ALTS, UNCLEAR, promptKind,
} from './intent.js';
import { callbackRequest, callbackState, declines, optOut, wrongPerson } from './compose.js';
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
  // a day in one place and a clock time in another ("tuesday works but can we do ten"): judged together
  if (pos.length === 2) {
    const d = pos.find((m) => m.date !== null && m.time === null && m.ordinal === null && m.pod === null);
    const t = pos.find((m) => m.time !== null && m.date === null && m.ordinal === null);
    if (d !== undefined && t !== undefined) {
      const both = d.matches.filter((x) => t.matches.includes(x));
      if (both.length === 1) return { ...res, focus: t, slot: both[0] as number, accepted: true };
      if (both.length === 0) return { ...res, focus: t, proposed: true };
    }
  }
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

const FORMAT_Q = /^ (?:can|could|may|should|would|will|is it|would it|do|does|are|is) .*? (?:by phone|over the phone|on the phone|by video|on video|over video|by zoom|on zoom|over zoom|on teams|over teams|online|remotely|virtually|in person|face to face) /;

/** A question about what is open ("are there any ...", "do you have anything ..."), not a proposal ("any time saturday works"). */
const ASKS_OPEN = /^ (?:(?:so|and|um|uh|well|okay|oh|also|hmm) )*(?:are there|is there|do you have|do you guys have|have you got|have you any|you got|got|what about any|how about any|anything|any (?!time ))/;

const HOLD_FIRST = new Set(['hold', 'hang', 'wait', 'one', 'just', 'give']);

/** "some other time" asks for a later call, unless something is asked for ("do you have another time"). */
const NOT_A_SLOT = / (?<!(?:have|got|there|any|offer|find|suggest|give me|is) )(?:some other time|another time) /g;

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
      // a part the focus lacks may come from a sibling mention of the same polarity ("at 4:45 pm for 2 on the 3rd")
      const ft = f.time ?? mentions.find((m) => m.time !== null && m.negated === f.negated && m.ordinal === null)?.time ?? null;
      const fd = f.date ?? mentions.find((m) => m.date !== null && m.negated === f.negated && m.ordinal === null)?.date ?? null;
      if (ft !== null) {
        const h = ft.ambiguous && info !== null && info.hour !== null && f.time !== null ? info.hour : ft.hour;
        time = pad2(h) + ':' + pad2(ft.minute);
      }
      if (fd !== null) date = fd.weekday !== null && info !== null && info.date !== null && f.date !== null ? info.date : fd.date;
    }
    return { intent, slot: intent === 'accept' ? slot : null, time, date, confidence, engine: 'local' };
  };
  let choice: Choice = { slot: null, focus: null, accepted: false, proposed: false, negatedOnly: false };
  let mentions: Mention[] = [];
  if (tokens.length === 0) return out('unclear', 0.3);
  mentions = findMentions(tokens, input.now, input.timezone, offered);
  choice = choose(mentions);
  const kind = promptKind(input.context);
  const single = offered.length === 1 ? 0 : null;

  // a day or a time other than "today"/"tonight": the reply is about slots, not about the call itself
  const slotTalk = mentions.some((m) => m.time !== null || m.ordinal !== null || (m.date !== null && !/^(?:today|tonight|now)$/.test(tokens[m.date.start] ?? '')));
  if (optOut(tokens)) return out('opt_out', 0.95);
  if (wrongPerson(tokens, candidateName(input.context), slotTalk) || notTheCandidate(s, input.context)) return out('wrong_person', 0.9);
  // "what was that last one", "you cut out": asks to hear it again, whatever it names
  const cbRequest = callbackRequest(tokens);
  if ((REPEAT.test(s) || (HOLD_FIRST.has(tokens[0] as string) && HOLD.test(s))) && !cbRequest) return out('unclear', 0.5);
  const byeStrong = BYE_STRONG.test(s);
  const thanks = THANKS.test(s);
  // "that's all for today": a closing, not a date
  if ((byeStrong || thanks) && mentions.every((m) => m.time === null && m.ordinal === null && m.date !== null && tokens[m.date.start] === 'today')) {
    choice = { slot: null, focus: null, accepted: false, proposed: false, negatedOnly: false };
  }
  if (declines(tokens) && !choice.accepted && !choice.proposed) {
    const later = cbRequest || /(?:later|another time|some other time|in the future|not now|right now)/.test(s);
    return out(later && !/interested|job|offer|position|role|application|withdraw|pass /.test(s) ? 'callback_later' : 'decline', 0.85);
  }
  if (cbRequest) return out('callback_later', 0.9);
  const reqAlts = REQ_ALTS.test(s);
  // "is there something a bit later": asks for another slot, not for a later call
  const asksForSlot = reqAlts && / (?:something|anything|is there|are there|do you have|have you got|any|nothing|earlier|sooner|options?|slots?|openings?) /.test(s)
    && REQ_ALTS.test(s.replace(NOT_A_SLOT, ' '));
  const soft = CALLBACK_SOFT.test(s);
  if (soft && !asksForSlot && !choice.accepted && !choice.proposed && !/ (?:else|other|others|different) /.test(s.replace(NOT_A_SLOT, ' '))) {
    return out('callback_later', 0.7);
  }
  const alts = reqAlts && !(byeStrong && !/ (?:other|another|different) |^ (?:is there|are there|do you have|have you got) /.test(s));
  if (alts && !choice.proposed) return out('request_alternatives', 0.85);
  // "are there any saturday slots", "have you got anything on the 20th": asks what is open on a day not offered (date set)
  if (alts && asksForSlot && choice.proposed && ASKS_OPEN.test(s) && !/ (?:else|other|others) /.test(s)
    && mentions.every((m) => m.time === null && m.ordinal === null && m.date !== null && m.date.weekday !== null && tokens[m.date.start] !== 'next')) {
    return out('request_alternatives', 0.8);
  }
  // "either works", "any of those is fine", "i don't mind": accepts, without choosing
  if (!choice.accepted && !choice.proposed && kind !== 'identity' && kind !== 'done' && kind !== 'anything_else' && ANY_SLOT.test(s) && !/ (?:none|neither|nor) | not (?:any|all|either|both) /.test(s)) {
    return out('accept', 0.6, single);
  }
  if (choice.accepted) {
    return out('accept', choice.slot !== null ? 0.9 : 0.6, choice.slot);
  }
  if (choice.proposed) return out('propose_time', 0.85);
  if (!slotTalk && callbackState(tokens)) return out('callback_later', 0.8);

  const yes = ACCEPT_STRONG.test(s);
  const weak = ACCEPT_WEAK.test(s);
  const no = NO_WORDS.test(s);
  const question = QUESTION.test(s);
  const first = tokens[0] as string;
  const second = tokens[1];
  const leadNo = (first === 'no' && second !== 'problem' && second !== 'worries') || first === 'nope' || first === 'nah' || (first === 'not' && tokens.length <= 3);
  const leadYes = /^ (?:yes|yeah|yep|yup|sure|absolutely|definitely|correct|exactly|perfect|certainly|of course|mhm) /.test(s);
  // after a read-back, "that's it" / "that's the one" confirms it (elsewhere it closes the call)
  if (kind === 'confirm' && /^ (?:yes |yeah |yep |yup |okay )?(?:that is|it is) (?:it|the one|them)(?: exactly| yes| yeah| thanks| thank you| right)*(?= $)/.test(s)) return out('accept', 0.8, single);

  if (kind === 'identity' && (leadNo || / (?:it is not|this is not|i am not) /.test(s)) && !choice.negatedOnly) return out('wrong_person', 0.75);
  if (kind === 'timing' && leadNo) return out('callback_later', 0.75);
  if (choice.negatedOnly) return out('decline', 0.7);
  if (leadNo && !leadYes) {
    if (kind === 'anything_else' || (kind === 'done' && (byeStrong || thanks))) return out('goodbye', 0.7);
    if (kind === 'recommend' && / (?:find|look|search|try|want|need|rather|prefer|how about|what about|instead|somewhere|someplace|else|other|another) /.test(s)) {
      return out('request_alternatives', 0.6);
    }
    // "no, for 4 people" / "no, the restaurant is X": a correction of details, not a refusal
    if (/ (?:people|person|persons|guests) | (?:restaurant|city|place|salon|name|location|address|diner|doctor|dentist) (?:is|should be) | i (?:want|would like|need) to go to /.test(s)) {
      return out('unclear', 0.4);
    }
    return out('decline', 0.8);
  }
  if (kind === 'done' || kind === 'anything_else') {
    if (question && !byeStrong) return out('question', 0.6);
    if (byeStrong || thanks || weak || yes) return out('goodbye', 0.7);
  }
  // thanks after a statement that asked nothing (a booking done, a detail given): a closing, not a yes
  if (kind === 'other' && (thanks || byeStrong) && mentions.length === 0 && !question && !offersSomething(input.context)) return out('goodbye', 0.6);
  // "can i do it by phone", "could we do it over zoom": asks about the interview's format, not a yes
  if (!leadYes && mentions.length === 0 && FORMAT_Q.test(s)) return out('question', 0.7);
  if (leadYes || (yes && !no)) return out('accept', 0.85, single);
  if (weak && !no) {
    if (question && kind !== 'confirm') return out('question', 0.6);
    if (byeStrong) return out('goodbye', 0.6);
    if (kind === 'recommend' && / (?:find|look|search|try|want|need|rather|instead|somewhere|someplace|else|other|another) /.test(s)) return out('request_alternatives', 0.5);
    return out('accept', 0.6, single);
  }
  if (no) return out('decline', 0.7);
  if (byeStrong || thanks || GOODBYE.test(s)) return out(kind === 'confirm' && thanks && !byeStrong ? 'accept' : 'goodbye', 0.7, single);
  if (UNCLEAR.test(s)) return out('unclear', 0.5);
  if (question) return out(kind === 'recommend' && / (?:find|search|look|other|another|else|more|something|someone|somewhere) /.test(s) ? 'request_alternatives' : 'question', 0.7);
  if (kind === 'recommend' && / (?:want|need|looking|interested|rather|prefer|only|instead|find|search|try) /.test(s)) return out('request_alternatives', 0.4);
  return out('unclear', 0.3);
}

/** A statement that still puts a time, a day or an opening forward ("you are free from 8 am to 10 am"). */
const CTX_OFFERS = /\d|\b(?:am|pm|noon|midnight|free|available|availability|slots?|openings?|open|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|instead|to be clear|will be|will visit|let me know)\b/i;
function offersSomething(context: string | undefined): boolean {
  return context !== undefined && CTX_OFFERS.test(context);
}

const NAME_IN_CONTEXT = /\b(?:hello|hi|hey|speaking (?:with|to)|talking (?:with|to)|is this|may i (?:speak|talk) (?:to|with)|thank you|thanks),? ([a-z]+)\b/i;
const NOT_NAMES = new Set(['there', 'the', 'this', 'that', 'for', 'you', 'so', 'again', 'and', 'very', 'much', 'sir', 'madam', 'a', 'an', 'i', 'it', 'is', 'we', 'my', 'your', 'all', 'again', 'everyone', 'folks', 'again']);
const nameCache = new Map<string, string | null>();
const nameRx = new Map<string, RegExp>();

/** The name the caller greeted the candidate by ("Hello Jordan, ..."), lower case, when there is one. */
function candidateName(context: string | undefined): string | null {
  if (context === undefined || context === '') return null;
  let name = nameCache.get(context);
  if (name === undefined) {
    const m = NAME_IN_CONTEXT.exec(context);
    const n = m?.[1]?.toLowerCase() ?? null;
    name = n === null || NOT_NAMES.has(n) ? null : n;
    if (nameCache.size > 2000) nameCache.clear();
    nameCache.set(context, name);
  }
  return name;
}

/** "i'm not alex", "there's no alex here", "alex moved out": about the person the caller asked for by name. */
function notTheCandidate(s: string, context: string | undefined): boolean {
  const name = candidateName(context);
  if (name === null || !s.includes(' ' + name + ' ')) return false;
  let rx = nameRx.get(name);
  if (rx === undefined) {
    rx = new RegExp(` (?:i am not|this is not|it is not|not|there is no|no|who is|who s|wrong) ${name} | ${name} (?:is not (?:here|home|in|available|around)|does not live|moved|no longer|is not at|passed away|died) `);
    if (nameRx.size > 1000) nameRx.clear();
    nameRx.set(name, rx);
  }
  return rx.test(s);
}

export function createLocalUnderstander(): Understander {
  return {
    name: 'local',
    understand(input: UnderstandInput): Promise<Understanding> {
      return Promise.resolve(understandLocal(input));
    },
  };
}
