import { initialState } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { Action, ConversationEvent, ConversationState, TransitionResult } from '../../src/core/conversation/types.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import type { Intent, Understanding } from '../../src/core/understanding/types.js';

/** Four slots on four days, Monday to Thursday, in the candidate's zone (Eastern). */
export const SLOTS: Slot[] = [
  { id: 1, start: '2026-11-30T10:00:00-05:00' },
  { id: 2, start: '2026-12-01T14:00:00-05:00' },
  { id: 3, start: '2026-12-02T11:00:00-05:00' },
  { id: 4, start: '2026-12-03T15:00:00-05:00' },
];

export const candidate = {
  name: 'Sam Rivera',
  email: 'sam@example.com',
  position: 'Analyst',
  company: 'Acme',
  timezone: 'America/New_York',
};
export const interview = { minutes: 45, format: 'video call' };

export function slot(index: number, slots: Slot[] = SLOTS): Slot {
  const s = slots[index];
  if (s === undefined) throw new Error(`no slot ${index}`);
  return s;
}

export function u(intent: Intent, extra: Partial<Understanding> = {}): Understanding {
  return { intent, slot: null, time: null, date: null, confidence: 0.9, engine: 'local', ...extra };
}

export function replyOf(understanding: Understanding, open: Slot[] = SLOTS, utterance = 'words'): ConversationEvent {
  return { type: 'reply', understanding, utterance, open };
}

export function said(actions: Action[]): string {
  return actions.flatMap((a) => (a.type === 'say' ? [a.text] : [])).join(' ');
}

export function started(open: Slot[] = SLOTS, maxTurns = 6): ConversationState {
  return transition(initialState(candidate, interview, maxTurns), { type: 'start', open }).state;
}

/** Plays replies in order from `state`, returning every result. */
export function play(state: ConversationState, events: ConversationEvent[]): TransitionResult[] {
  const results: TransitionResult[] = [];
  let s = state;
  for (const event of events) {
    const result = transition(s, event);
    results.push(result);
    s = result.state;
  }
  return results;
}

/** The result at `index`, failing the test when there is none. */
export function nth(results: TransitionResult[], index: number): TransitionResult {
  const result = results[index];
  if (result === undefined) throw new Error(`no result ${index}`);
  return result;
}

export function booked(result: TransitionResult): Slot | undefined {
  return result.actions.find((a): a is Extract<Action, { type: 'book' }> => a.type === 'book')?.slot;
}
