/**
 * The local understanding engine: rules over normalised tokens, no I/O. It reads the conversation's state (what was
 * asked, the slot read back, the candidate's name), never the caller's words. Dates, times and offered slots are
 * matched structurally (slot-match, choose); intent comes from the compositional families (opt-out, wrong person,
 * decline, callback), phrase cues (intent) and the reply's mentions.
 */
import type { Intent, OfferedSlot, QuestionTopic, Understander, Understanding, UnderstandInput } from '../types.js';
import { callbackRequest, callbackState, requestedCallbackAt } from './callback.js';
import { choose, type Choice } from './choose.js';
import { asksWithContextTimes } from './context-times.js';
import { correctionStart, keepUncorrected, triesUnheardTime } from './correction.js';
import { declines, withdrawsAfter } from './decline.js';
import {
  ACCEPT_STRONG,
  ACCEPT_WEAK,
  ANY_SLOT,
  BYE_STRONG,
  HOLD,
  REPEAT,
  CALLBACK_SOFT,
  THANKS,
  GOODBYE,
  NO_WORDS,
  QUESTION,
  REQ_ALTS,
  UNCLEAR,
} from './intent.js';
import { normalize } from './normalize.js';
import { optOut } from './opt-out.js';
import { asksKnownTopic, questionTopic } from './questions.js';
import { otherOfDay, pickWithinDay } from './same-day.js';
import { boundWithinDay, orderWhichever } from './slot-bounds.js';
import { findMentions, matchSlots, slotInfo, type Mention } from './slot-match.js';
import { wrongPerson } from './wrong-person.js';
import { afterYes, LEAD_YES, readYesNo } from './yes-no.js';

export { normalize } from './normalize.js';

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Ways to hold the interview ("by phone", "over zoom"), for FORMAT_Q. */
const FORMAT_WAYS =
  'by phone|over the phone|on the phone|by video|on video|over video|by zoom|on zoom|over zoom|on teams|over teams|online|' +
  'remotely|virtually|in person|face to face';
const FORMAT_Q = new RegExp(`^ (?:can|could|may|should|would|will|is it|would it|do|does|are|is) .*? (?:${FORMAT_WAYS}) `);

/** "no, for 4 people", "no, the restaurant is X", "no, i want to go to Y": details corrected, not a refusal. */
const DETAILS = new RegExp(
  ' (?:people|person|persons|guests) | (?:restaurant|city|place|salon|name|location|address|diner|doctor|dentist) (?:is|should be) ' +
    '| i (?:want|would like|need) to go to ',
);

/** A question about what is open ("are there any ...", "do you have anything ..."), not a proposal ("any time saturday works"). */
const ASKS_OPEN = new RegExp(
  '^ (?:(?:so|and|um|uh|well|okay|oh|also|hmm) )*' +
    '(?:are there|is there|do you have|do you guys have|have you got|have you any|you got|got|what about any|how about any|' +
    'anything|any (?!time ))',
);

/** A question after a statement ("i'm on a student permit, do you sponsor visas"): no question word at the start. */
const ASKS_AFTER =
  / (?:do|does|will|would|can|could|are|should) (?:you|you guys|they|the company|your company|i|we) (?!mean |know what )[a-z]+ /;

const ANY_TIME_BOUND = / any time (?=(?:after|before|from|around|about|past|no|not) )/g;

const HOLD_FIRST = new Set(['hold', 'hang', 'wait', 'one', 'just', 'give']);

/**
 * "I need to move my interview", "can we reschedule", "can we change it": asks for another time for the interview (a
 * later call to a candidate who holds a booking), so the open times are offered, as for "what else do you have".
 */
const RESCHEDULE = new RegExp(
  ' (?:re ?schedul[a-z]*|re ?book(?:ing)?|' +
    '(?:move|moving|change|changing|shift|push|switch|rearrange) (?:my |the |our |this |that )?' +
    '(?:interview|appointment|booking|time|slot|date|day)s?|' +
    '(?:move|change|shift|push) (?:it|that|this)) ',
);

/** "some other time" asks for a later call, unless something is asked for ("do you have another time"). */
const NOT_A_SLOT = / (?<!(?:have|got|there|any|offer|find|suggest|give me|is) )(?:some other time|another time) /g;

export function understandLocal(input: UnderstandInput): Understanding {
  const offered = input.offered ?? [];
  const said = corrected(readYesNo(normalize(input.utterance ?? '')), input, offered);
  const tokens = said.tokens;
  const s = ' ' + tokens.join(' ') + ' ';
  const out = (intent: Intent, confidence: number, slot: number | null = null): Understanding => {
    let time: string | null = null;
    let date: string | null = null;
    const f = choice.focus;
    if (f !== null) {
      const info =
        slot !== null && offered[slot] !== undefined && f.matches.includes(slot)
          ? slotInfo(offered[slot], input.now, input.timezone)
          : null;
      // a part the focus lacks may come from a sibling mention of the same polarity ("at 4:45 pm for 2 on the 3rd")
      const ft = f.time ?? mentions.find((m) => m.time !== null && m.negated === f.negated && m.ordinal === null)?.time ?? null;
      const fd = f.date ?? mentions.find((m) => m.date !== null && m.negated === f.negated && m.ordinal === null)?.date ?? null;
      if (ft !== null) {
        const h = ft.ambiguous && info !== null && info.hour !== null && f.time !== null ? info.hour : ft.hour;
        time = pad2(h) + ':' + pad2(ft.minute);
      }
      if (fd !== null) date = fd.weekday !== null && info !== null && info.date !== null && f.date !== null ? info.date : fd.date;
    }
    const topic: QuestionTopic | null = intent === 'question' ? questionTopic(s) : null;
    const u: Understanding = { intent, slot: intent === 'accept' ? slot : null, time, date, topic, confidence, engine: 'local' };
    return intent === 'callback_later' ? { ...u, callbackAt: requestedCallbackAt(tokens, input.now, input.timezone) } : u;
  };
  let choice: Choice = { slot: null, focus: null, accepted: false, proposed: false, negatedOnly: false };
  let mentions: Mention[] = [];
  if (tokens.length === 0) return out('unclear', 0.3);
  const confirming = input.expecting === 'confirm';
  // the caller asked nothing more, or whether anything else is needed: thanks, yes and "no, that's all" close the call
  const closingCall = input.expecting === 'closing';
  const readBack = confirming && input.pending != null ? slotInfo(input.pending, input.now, input.timezone) : null;
  const infos = offered.map((o) => slotInfo(o, input.now, input.timezone));
  // an order, a part of day, a rough time or a bound picks among one day's slots ("around 4", "whichever is free first")
  mentions = boundWithinDay(pickWithinDay(orderWhichever(said.mentions, tokens), infos, readBack, tokens), infos, readBack, tokens);
  // "no, the other one on tuesday": at a read-back, that day's one other slot (not a request for other times)
  const otherOne = otherOfDay(mentions, infos, readBack, tokens);
  choice = choose(mentions);
  // "how long will it take, i got a shift at two": a question, its time only the reason it is asked
  if (asksWithContextTimes(s, tokens, mentions)) {
    mentions = [];
    choice = choose(mentions);
  }
  // a plain yes: at a read-back, the slot read back (its index when it is among the offered); else the only slot offered
  const single = confirming ? pendingIndex(offered, input.pending ?? null) : offered.length === 1 ? 0 : null;

  // a day or a time other than "today"/"tonight": the reply is about slots, not about the call itself
  const slotTalk = mentions.some(
    (m) => m.time !== null || m.ordinal !== null || (m.date !== null && !/^(?:today|tonight|now)$/.test(tokens[m.date.start] ?? '')),
  );
  if (optOut(tokens)) return out('opt_out', 0.95);
  if (wrongPerson(tokens, firstName(input.candidateName), slotTalk)) return out('wrong_person', 0.9);
  // "what was that last one", "you cut out": asks to hear it again, whatever it names (unless a choice follows the cue)
  const cbRequest = callbackRequest(tokens);
  const repeat = REPEAT.exec(s);
  if (repeat !== null && !cbRequest && !choosesAfter(repeat, s, tokens, mentions, choice)) return out('unclear', 0.5);
  if (HOLD_FIRST.has(tokens[0] as string) && HOLD.test(s) && !cbRequest) return out('unclear', 0.5);
  const byeStrong = BYE_STRONG.test(s);
  const thanks = THANKS.test(s);
  // "that's all for today": a closing, not a date
  if (
    (byeStrong || thanks) &&
    mentions.every((m) => m.time === null && m.ordinal === null && m.date !== null && tokens[m.date.start] === 'today')
  ) {
    choice = { slot: null, focus: null, accepted: false, proposed: false, negatedOnly: false };
  }
  if (declines(tokens) && !choice.accepted && !choice.proposed) {
    const later = cbRequest || /(?:later|another time|some other time|in the future|not now|right now)/.test(s);
    if (later && !/interested|job|offer|position|role|application|withdraw|pass /.test(s)) return out('callback_later', 0.85);
    return { ...out('decline', 0.85), declinesInterview: true };
  }
  const named = mentions.filter((m) => !m.negated).reduce((end, m) => Math.max(end, m.end), 0);
  if ((choice.accepted || choice.proposed) && withdrawsAfter(tokens, named)) return { ...out('decline', 0.8), declinesInterview: true };
  if (cbRequest) return out('callback_later', 0.9);
  if (RESCHEDULE.test(s) && !choice.accepted && !choice.proposed) return out('request_alternatives', 0.85);
  // "any time after 3", "any time before noon": a bound on the time, not a request for any other time
  const reqAlts = !otherOne && REQ_ALTS.test(s.replace(ANY_TIME_BOUND, ' anytime '));
  // "is there something a bit later": asks for another slot, not for a later call
  const asksForSlot =
    reqAlts &&
    / (?:something|anything|is there|are there|do you have|have you got|any|nothing|earlier|sooner|options?|slots?|openings?) /.test(s) &&
    REQ_ALTS.test(s.replace(NOT_A_SLOT, ' '));
  const soft = CALLBACK_SOFT.test(s);
  const namesBySlotOrder = mentions.some((m) => m.ordinal !== null && !m.negated);
  if (
    soft &&
    !asksForSlot &&
    !choice.accepted &&
    !choice.proposed &&
    !namesBySlotOrder &&
    !/ (?:else|other|others|different) /.test(s.replace(NOT_A_SLOT, ' '))
  ) {
    return out('callback_later', 0.7);
  }
  const alts = reqAlts && !(byeStrong && !/ (?:other|another|different) |^ (?:is there|are there|do you have|have you got) /.test(s));
  if (alts && !choice.proposed) return out('request_alternatives', 0.85);
  // "are there any saturday slots", "have you got anything on the 20th": asks what is open on a day not offered (date set)
  if (
    alts &&
    asksForSlot &&
    choice.proposed &&
    ASKS_OPEN.test(s) &&
    !/ (?:else|other|others) /.test(s) &&
    mentions.every(
      (m) => m.time === null && m.ordinal === null && m.date !== null && m.date.weekday !== null && tokens[m.date.start] !== 'next',
    )
  ) {
    return out('request_alternatives', 0.8);
  }
  // "either works", "any of those is fine", "i don't mind": accepts, without choosing ("this one singapore time right"
  // asks the zone of the times, choosing none)
  const anySlot = ANY_SLOT.test(s) && !/ (?:none|neither|nor) | not (?:any|all|either|both) /.test(s) && questionTopic(s) !== 'timezone';
  // "nah all good thanks", "yeah nah, i'm all good": a no, politely (at a read-back not a clean yes either way)
  if (anySlot && !choice.accepted && /^ (?:no|nah|nope) (?:thanks |thank you |mate |i am |it is |we are |that is )*all good/.test(s)) {
    return confirming ? out('unclear', 0.4) : out('decline', 0.7);
  }
  if (!choice.accepted && !choice.proposed && anySlot && !closingCall) {
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
  const leadNo =
    (first === 'no' && second !== 'problem' && second !== 'worries' && second !== 'bother') ||
    first === 'nope' ||
    first === 'nah' ||
    (first === 'not' && tokens.length <= 3);
  const leadYes = LEAD_YES.test(s);
  // after a read-back, "that's it" / "that's the one" confirms it (elsewhere it closes the call)
  if (
    confirming &&
    /^ (?:yes |yeah |yep |yup |okay )?(?:that is|it is) (?:it|the one|them)(?: exactly| yes| yeah| thanks| thank you| right)*(?= $)/.test(s)
  )
    return out('accept', 0.8, single);

  if (choice.negatedOnly) return out('decline', 0.7);
  // "okay, that's all i needed, thanks", "no that's it, thanks, bye": closes the call, says yes to nothing; a question
  // closes only with a goodbye ("what time zone is that, is it helsinki time" asks: its "that is it" closes nothing)
  const closing =
    byeStrong &&
    mentions.length === 0 &&
    !(question && !/ (?:bye|goodbye|good bye|take care) /.test(s)) &&
    !/ (?:works?|book|take|fine|sounds|do it|go ahead|perfect|correct|right) /.test(s);
  if (closing && !confirming && (leadNo ? / (?:bye|goodbye|that is (?:it|all)) /.test(s) : !leadYes)) return out('goodbye', 0.7);
  if (leadNo && !leadYes) {
    // "no", "no thanks, that's all" closes the call; "no, don't add it" still refuses what was just said
    if (closingCall && (byeStrong || thanks || GOODBYE.test(s) || tokens.length <= 2)) return out('goodbye', 0.7);
    // "no, for 4 people" / "no, the restaurant is X": a correction of details, not a refusal
    if (DETAILS.test(s)) {
      return out('unclear', 0.4);
    }
    return out('decline', 0.8);
  }
  if (closingCall) {
    if (question && !byeStrong) return out('question', 0.6);
    if (byeStrong || thanks || weak || yes) return out('goodbye', 0.7);
  }
  // "can i do it by phone", "could we do it over zoom": asks about the interview's format, not a yes
  if (!leadYes && mentions.length === 0 && FORMAT_Q.test(s)) return out('question', 0.7);
  // "this one singapore time right": asks the zone, the "right" asks for a yes rather than giving one
  const endsOnZone = / time(?: right| correct| yeah| yes| is it| is not it| no)? $/.test(s);
  if (!leadYes && (!yes || endsOnZone) && questionTopic(s) === 'timezone') return out('question', 0.7);
  // a read-back books only on a clean yes: "yeah not really", "yes i mean no", "sure, that doesn't work" refuse it;
  // "yeah no, that works" (both said), "yes hang on", "yes maybe" are asked again
  if (confirming && leadYes) {
    const after = afterYes(s);
    if (after === 'refused') return out('decline', 0.7);
    if (after !== null) return out('unclear', 0.4);
  }
  if (leadYes || (yes && !no)) return out('accept', 0.85, single);
  if (weak && !no) {
    if (question && !confirming) return out('question', 0.6);
    if (byeStrong) return out('goodbye', 0.6);
    return out('accept', 0.6, single);
  }
  if (no) return out('decline', 0.7);
  if (byeStrong || thanks || GOODBYE.test(s)) return out(confirming && thanks && !byeStrong ? 'accept' : 'goodbye', 0.7, single);
  if (UNCLEAR.test(s)) return out('unclear', 0.5);
  // "am i talking to a robot", "is that uk time": a question the caller can answer, even without a question word
  // "the dress code?": a transcript that ends with a question mark asks something, whatever its words
  if (question || asksKnownTopic(s) || ASKS_AFTER.test(s) || /\?\s*$/.test(input.utterance ?? '')) return out('question', 0.7);
  return out('unclear', 0.3);
}

/** The reply as finally meant: the words after the last correction, or all of them (see correction.ts). */
function corrected(all: string[], input: UnderstandInput, offered: readonly OfferedSlot[]): { tokens: string[]; mentions: Mention[] } {
  const whole = { tokens: all, mentions: findMentions(all, input.now, input.timezone, offered) };
  const at = correctionStart(all);
  if (at < 0) return whole;
  const tail = all.slice(at);
  const head = whole.mentions.filter((m) => m.end < at);
  const tailMentions = findMentions(tail, input.now, input.timezone, offered);
  const infos = offered.map((o) => slotInfo(o, input.now, input.timezone));
  // "thursday at eleven, no, i meant (at) half <unheard>": the time is corrected but not understood, so only the day
  // stands, and never the slot first named (nothing is chosen when that day has no other)
  if (head.length > 0 && triesUnheardTime(tail, tailMentions)) {
    const first = new Set(head.filter((m) => !m.negated && m.time !== null).flatMap((m) => m.matches));
    const days = [...head, ...tailMentions].filter((m) => m.date !== null && !m.negated && m.ordinal === null);
    const last = days[days.length - 1];
    const day = last === undefined ? null : { ...last, time: null, pod: null, preferred: false };
    const matches = day === null ? [] : matchSlots(day, infos).filter((x) => !first.has(x));
    if (day === null || matches.length === 0) return { tokens: tail, mentions: [] };
    return { tokens: tail, mentions: [{ ...day, matches }] };
  }
  if (head.length === 0 || (tailMentions.length === 0 && !declines(tail))) return whole;
  return { tokens: tail, mentions: keepUncorrected(tailMentions, head, infos, tail) };
}

/** Words after a repeat cue that still ask to hear something ("you cut out, what was the tuesday one"). */
const STILL_ASKS = new Set(['what', 'which', 'hear', 'say', 'repeat', 'again', 'catch', 'was', 'were']);

/**
 * "sorry you cut out, tuesday at two": after the cue the reply picks one offered slot, so it is a choice, not a request
 * to hear the offer again. Every slot named comes after the cue, and nothing between asks again.
 */
function choosesAfter(cue: RegExpExecArray, s: string, tokens: string[], mentions: readonly Mention[], choice: Choice): boolean {
  if (!choice.accepted || choice.slot === null) return false;
  const before = s.slice(0, cue.index + cue[0].length).trim();
  const cueEnd = before === '' ? 0 : before.split(' ').length;
  const named = mentions.filter((m) => !m.negated);
  const from = Math.min(...named.map((m) => m.start));
  if (named.length === 0 || from < cueEnd) return false;
  // "i could not hear the tuesday time": names what was not heard
  const after = tokens[Math.max(...named.map((m) => m.end))];
  if (after === 'time' || after === 'times' || after === 'one' || after === 'slot' || after === 'option') return false;
  return !tokens.slice(cueEnd, from).some((w) => STILL_ASKS.has(w));
}

/** The candidate's first name, lower case as the tokens are, when the state knows it. */
function firstName(name: string | null | undefined): string | null {
  const first = normalize(name ?? '')[0];
  return first !== undefined && /^[a-z]{2,}$/.test(first) ? first : null;
}

/** Index in `offered` of the slot read back: by id, else by start, else by label; null when it is not among them. */
function pendingIndex(offered: readonly OfferedSlot[], pending: OfferedSlot | null): number | null {
  if (pending === null) return null;
  const i = offered.findIndex((o) =>
    pending.id !== undefined && o.id !== undefined
      ? o.id === pending.id
      : pending.start !== undefined && o.start !== undefined
        ? o.start === pending.start
        : o.label === pending.label,
  );
  return i >= 0 ? i : null;
}

export function createLocalUnderstander(): Understander {
  return {
    name: 'local',
    understand(input: UnderstandInput): Promise<Understanding> {
      return Promise.resolve(understandLocal(input));
    },
  };
}
