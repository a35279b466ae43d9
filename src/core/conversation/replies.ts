import { localParts } from '../scheduling/slots.js';
import type { Slot } from '../scheduling/slots.js';
import type { Understanding } from '../understanding/types.js';
import { callBackLater } from './call-back.js';
import { alternatives, choose, offerFrom, offering, propose, reprompt } from './offers.js';
import { say } from './prompts.js';
import { answerQuestion } from './questions.js';
import { ask, end, spokenZonesOf, zoneOf } from './results.js';
import type { Action, ConversationState, TransitionResult } from './types.js';

/** What each kind of candidate input does; the turn limit and the history are the caller's (transition.ts). */

const SILENCES_TO_END = 3;
const MISSES_FOR_KEYPAD = 2;

export function silence(state: ConversationState, open: Slot[]): TransitionResult {
  const next = { ...state, silences: state.silences + 1, misses: state.misses + 1 };
  if (next.silences >= SILENCES_TO_END) return end(next, 'failed', 'no_response', [say.noResponse()]);
  return again(next, open, say.didNotHear());
}

function unclear(state: ConversationState, open: Slot[]): TransitionResult {
  return again({ ...state, silences: 0, misses: state.misses + 1 }, open, say.didNotUnderstand());
}

/** The same question again after a miss; from the second miss in a row, keypad input is offered too. */
function again(state: ConversationState, open: Slot[], lead: string): TransitionResult {
  return reprompt({ ...state, dtmf: state.dtmf || state.misses >= MISSES_FOR_KEYPAD }, open, [lead]);
}

/** Keypad input: a slot's number while offering; 1 (yes) or 2 (no) at a read-back. */
export function digits(state: ConversationState, pressed: string, open: Slot[]): TransitionResult {
  const n = Number.parseInt(pressed.trim().charAt(0), 10);
  const reset = { ...state, silences: 0, misses: 0 };
  if (state.phase === 'confirming' && state.pending !== null) {
    if (n === 1) return book(reset, state.pending);
    if (n === 2) return offerFrom(reset, open, [say.notThatOne()], state.pending);
  } else {
    const chosen = Number.isNaN(n) ? undefined : state.offered[n - 1];
    if (chosen !== undefined) return choose(reset, chosen, open);
  }
  return unclear(state, open);
}

export function reply(state: ConversationState, u: Understanding, utterance: string, open: Slot[], now?: string): TransitionResult {
  const s = { ...state, silences: 0 };
  switch (u.intent) {
    case 'opt_out': {
      const optOut: Action[] = [{ type: 'opt_out' }];
      return end(s, 'failed', 'opted_out', [say.optedOut(optOut)], undefined, optOut);
    }
    case 'wrong_person':
      return end(s, 'failed', 'wrong_number', [say.wrongPerson()]);
    case 'callback_later':
      return callBackLater(s, u, now);
    case 'goodbye':
      return end(s, 'failed', 'declined', [say.goodbye()]);
    case 'decline':
      // At a read-back "no" turns the slot down, not the interview: the others are offered. A reply that turns the
      // interview itself down ("i'll pass on this whole thing") ends the call, whatever was asked.
      if (s.phase === 'confirming' && u.declinesInterview !== true) {
        return offerFrom({ ...s, misses: 0 }, open, [say.notThatOne()], s.pending);
      }
      // "monday doesn't work", "tuesday is too early": a day or time refused at the offer, not the interview, so the
      // open slots not refused are offered
      if (u.declinesInterview !== true && (u.date !== null || u.time !== null)) {
        const rest = open.filter((slot) => !fits(slot, u, zoneOf(s)));
        return offerFrom({ ...s, misses: 0 }, rest.length > 0 ? rest : open, [say.notThatOne()]);
      }
      return end(s, 'failed', 'declined', [say.declined(s.candidate)]);
    case 'accept':
      return accept({ ...s, misses: 0 }, u, open);
    case 'propose_time':
      return propose({ ...s, misses: 0 }, u, open);
    case 'request_alternatives':
      return alternatives(offering({ ...s, misses: 0 }), open);
    case 'question':
      return answerQuestion({ ...s, misses: 0 }, u.topic, utterance, open);
    case 'unclear':
      return unclear(s, open);
  }
}

/**
 * A yes, or a choice. At a read-back only a clean yes books: one naming no slot (or the pending one) and no other
 * date or time; "yes, but the eleven" reads the eleven back. An index that names no offered slot is not understood.
 */
function accept(state: ConversationState, u: Understanding, open: Slot[]): TransitionResult {
  const named = u.slot === null ? undefined : state.offered[u.slot];
  if (u.slot !== null && named === undefined) return unclear(state, open);
  const pending = state.phase === 'confirming' ? state.pending : null;
  if (pending !== null) {
    if (named !== undefined && named.id !== pending.id) return choose(state, named, open);
    if (named === undefined && !fits(pending, u, zoneOf(state))) return propose(state, u, open);
    return book(state, pending);
  }
  if (named !== undefined) return choose(state, named, open);
  if (u.time !== null || u.date !== null) return propose(state, u, open);
  const only = state.offered.length === 1 ? state.offered[0] : undefined;
  if (only !== undefined) return choose(state, only, open);
  return ask(state, [say.whichOne(), say.offer(state.offered, spokenZonesOf(state))]);
}

/** True when the date and time named (if any) are the slot's. */
function fits(slot: Slot, u: Understanding, zone: string): boolean {
  const p = localParts(slot.start, zone);
  return (u.date === null || u.date === p.date) && (u.time === null || u.time === p.time);
}

function book(state: ConversationState, slot: Slot): TransitionResult {
  return { state, actions: [{ type: 'book', slot }] };
}
