import type { Slot } from '../scheduling/slots.js';
import { say, type SpokenZones } from './prompts.js';
import type { Action, ConversationState, Outcome, TransitionResult } from './types.js';

/** The results every handler builds: a question asked (and listened for), a read-back, the end of the call. */

export function zoneOf(state: ConversationState): string {
  return state.candidate.timezone;
}

/** The zones a slot is spoken in: the candidate's, and the job's when its slots are defined in another zone. */
export function spokenZonesOf(state: ConversationState): SpokenZones {
  const job = state.interview.timezone;
  return job === null || job === state.candidate.timezone ? state.candidate.timezone : { own: state.candidate.timezone, job };
}

/** Says `lines` and listens; the keypad choices are read out too once keypad input is on. */
export function ask(state: ConversationState, lines: string[]): TransitionResult {
  const keypad = state.dtmf && state.offered.length > 0 ? [say.keypad(state.offered, spokenZonesOf(state))] : [];
  return { state, actions: [...speak([...lines, ...keypad]), { type: 'gather', dtmf: state.dtmf }] };
}

/**
 * Reads `slot` back and listens for the answer; `offered` stays, so the candidate can still name another slot.
 * `question` replaces the usual read-back when the slot is one the candidate did not name (a yes still books it).
 */
export function readBack(
  state: ConversationState,
  slot: Slot,
  lead: string[],
  extra: Action[] = [],
  question = say.readBack(slot, spokenZonesOf(state)),
): TransitionResult {
  const keypad = state.dtmf ? [say.keypadConfirm()] : [];
  return {
    state: { ...state, phase: 'confirming', pending: slot },
    actions: [...extra, ...speak([...lead, question, ...keypad]), { type: 'gather', dtmf: state.dtmf }],
  };
}

/** Ends the call: `extra` actions first (what the closing line may promise is done before it is said). */
export function end(
  state: ConversationState,
  status: 'completed' | 'failed',
  outcome: Outcome,
  lines: string[],
  slot?: Slot,
  extra: Action[] = [],
): TransitionResult {
  const endAction: Action = slot === undefined ? { type: 'end', status, outcome } : { type: 'end', status, outcome, slot };
  return {
    state: { ...state, phase: 'ended', pending: null },
    actions: [...extra, ...speak(lines), endAction, { type: 'hangup' }],
  };
}

export function speak(lines: string[]): Action[] {
  return lines.filter((l) => l.length > 0).map((text) => ({ type: 'say', text }));
}
