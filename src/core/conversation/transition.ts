import { DateTime } from 'luxon';
import { localParts, nearestSlots, spokenSlot } from '../scheduling/slots.js';
import type { Slot } from '../scheduling/slots.js';
import type { Understanding } from '../understanding/types.js';
import { say } from './prompts.js';
import type { Action, Candidate, ConversationEvent, ConversationState, Outcome, TransitionResult } from './types.js';

/** How many slots one prompt reads out; more is too much to hold in mind on the phone. */
export const MAX_OFFERED = 4;
const SILENCES_TO_END = 3;
const MISSES_FOR_KEYPAD = 2;

/** A fresh conversation, before the greeting. */
export function initialState(candidate: Candidate, maxTurns: number): ConversationState {
  return { phase: 'offering', candidate, maxTurns, turns: 0, offered: [], pending: null, silences: 0, misses: 0, dtmf: false };
}

/**
 * The whole conversation as a pure function: no I/O, no clock. The caller loads the state, applies one event,
 * performs the actions (book, opt out, end) and stores the new state.
 */
export function transition(state: ConversationState, event: ConversationEvent): TransitionResult {
  if (state.phase === 'ended') return { state, actions: [{ type: 'hangup' }] };
  switch (event.type) {
    case 'start':
      return start(state, event.open);
    case 'booked':
      return end(state, 'completed', 'scheduled', [say.booked(event.slot, state.candidate)], event.slot);
    case 'slot_taken':
      return offerFrom({ ...state, pending: null }, event.open, [say.slotTaken(event.slot, zoneOf(state))]);
    case 'silence':
      return counted(state, (s) => silence(s, event.open));
    case 'digits':
      return counted(state, (s) => digits(s, event.digits, event.open));
    case 'reply':
      return counted(state, (s) => reply(s, event.understanding, event.open));
  }
}

function zoneOf(state: ConversationState): string {
  return state.candidate.timezone;
}

function start(state: ConversationState, open: Slot[]): TransitionResult {
  if (open.length === 0) return end(state, 'failed', 'error', [say.greeting(state.candidate), say.noSlots()]);
  return offerFrom(state, open, [say.greeting(state.candidate)]);
}

/** Counts the turn, and ends the call when it was the last one allowed without a booking in sight. */
function counted(state: ConversationState, step: (s: ConversationState) => TransitionResult): TransitionResult {
  const result = step({ ...state, turns: state.turns + 1 });
  const booking = result.actions.some((a) => a.type === 'book');
  if (result.state.phase !== 'ended' && !booking && result.state.turns >= state.maxTurns) {
    return end(result.state, 'failed', 'max_turns', [say.maxTurns(state.candidate)]);
  }
  return result;
}

function silence(state: ConversationState, open: Slot[]): TransitionResult {
  const next = { ...state, silences: state.silences + 1, misses: state.misses + 1 };
  if (next.silences >= SILENCES_TO_END) return end(next, 'failed', 'no_response', [say.noResponse()]);
  return reprompt(next, open, say.didNotHear());
}

function unclear(state: ConversationState, open: Slot[]): TransitionResult {
  return reprompt({ ...state, silences: 0, misses: state.misses + 1 }, open, say.didNotUnderstand());
}

/** Asks the same question again; from the second miss in a row, keypad input is offered too. */
function reprompt(state: ConversationState, open: Slot[], lead: string): TransitionResult {
  const next = { ...state, dtmf: state.dtmf || state.misses >= MISSES_FOR_KEYPAD };
  if (next.phase === 'confirming' && next.pending !== null) return readBack(next, next.pending, [lead]);
  const offered = stillOpen(next.offered, open);
  if (offered.length === 0) return offerFrom(next, open, [lead]);
  return ask({ ...next, offered }, [lead, say.offer(offered, zoneOf(next))]);
}

function digits(state: ConversationState, pressed: string, open: Slot[]): TransitionResult {
  const n = Number.parseInt(pressed.trim().charAt(0), 10);
  const reset = { ...state, silences: 0, misses: 0 };
  if (state.phase === 'confirming' && state.pending !== null) {
    if (n === 1) return { state: reset, actions: [{ type: 'book', slot: state.pending }] };
    if (n === 2) return offerFrom({ ...reset, phase: 'offering', pending: null }, open, [say.notThatOne()], state.pending);
  } else {
    const chosen = Number.isNaN(n) ? undefined : state.offered[n - 1];
    if (chosen !== undefined) return choose(reset, chosen, open);
  }
  return unclear(state, open);
}

function reply(state: ConversationState, u: Understanding, open: Slot[]): TransitionResult {
  const s = { ...state, silences: 0 };
  const c = s.candidate;
  switch (u.intent) {
    case 'opt_out':
      return end(s, 'failed', 'opted_out', [say.optedOut()], undefined, [{ type: 'opt_out' }]);
    case 'wrong_person':
      return end(s, 'failed', 'wrong_number', [say.wrongPerson()]);
    case 'callback_later':
      return end(s, 'failed', 'callback_requested', [say.callback()]);
    case 'goodbye':
      return end(s, 'failed', 'declined', [say.goodbye()]);
    case 'decline':
      if (s.phase === 'confirming') {
        return offerFrom({ ...s, phase: 'offering', pending: null, misses: 0 }, open, [say.notThatOne()], s.pending);
      }
      return end(s, 'failed', 'declined', [say.declined(c)]);
    case 'accept':
      return accept({ ...s, misses: 0 }, u, open);
    case 'propose_time':
      return propose({ ...s, misses: 0 }, u, open);
    case 'request_alternatives':
      return alternatives({ ...s, misses: 0, phase: 'offering', pending: null }, open);
    case 'question':
      return reprompt({ ...s, misses: 0 }, open, say.question(c));
    case 'unclear':
      return unclear(s, open);
  }
}

function accept(state: ConversationState, u: Understanding, open: Slot[]): TransitionResult {
  if (state.phase === 'confirming' && state.pending !== null) {
    return { state, actions: [{ type: 'book', slot: state.pending }] };
  }
  const chosen = u.slot === null ? undefined : state.offered[u.slot];
  if (chosen !== undefined) return choose(state, chosen, open);
  if (u.time !== null || u.date !== null) return propose(state, u, open);
  if (state.offered.length === 1 && state.offered[0] !== undefined) return choose(state, state.offered[0], open);
  return ask(state, [say.whichOne(), say.offer(state.offered, zoneOf(state))]);
}

/** A slot the candidate picked: read it back if it is still open, otherwise say so and offer the nearest. */
function choose(state: ConversationState, slot: Slot, open: Slot[]): TransitionResult {
  if (!open.some((o) => o.id === slot.id)) {
    return offerFrom({ ...state, phase: 'offering', pending: null }, open, [say.slotTaken(slot, zoneOf(state))], slot);
  }
  return readBack({ ...state, phase: 'confirming', pending: slot }, slot, []);
}

function propose(state: ConversationState, u: Understanding, open: Slot[]): TransitionResult {
  if (u.time === null && u.date === null) return alternatives({ ...state, phase: 'offering', pending: null }, open);
  const zone = zoneOf(state);
  const matches = open.filter((slot) => {
    const p = localParts(slot.start, zone);
    return (u.date === null || p.date === u.date) && (u.time === null || p.time === u.time);
  });
  const only = matches.length === 1 ? matches[0] : undefined;
  if (only !== undefined) return readBack({ ...state, phase: 'confirming', pending: only }, only, []);
  const base = { ...state, phase: 'offering' as const, pending: null };
  if (matches.length > 1) return ask({ ...base, offered: matches.slice(0, MAX_OFFERED) }, [say.offer(matches.slice(0, MAX_OFFERED), zone)]);
  const nearest = nearestSlots(open, { date: u.date, time: u.time }, zone, 2);
  if (nearest.length === 0) return end(state, 'failed', 'error', [say.noSlots()]);
  const wanted = describeWanted(u, zone);
  return ask({ ...base, offered: nearest }, [say.notAvailable(wanted), say.nearest(nearest, zone)]);
}

function describeWanted(u: Understanding, zone: string): string {
  if (u.date !== null) {
    const at = DateTime.fromISO(`${u.date}T${u.time ?? '12:00'}`, { zone }).toISO() ?? '';
    const text = spokenSlot(at, zone);
    return u.time === null ? text.replace(/ at .*$/, '') : text;
  }
  return `${u.time ?? ''}`.replace(/^0/, '');
}

function alternatives(state: ConversationState, open: Slot[]): TransitionResult {
  const offeredIds = new Set(state.offered.map((s) => s.id));
  const others = open.filter((s) => !offeredIds.has(s.id));
  if (others.length === 0) return offerFrom(state, open, [say.noOthers()]);
  return offerFrom(state, others, [say.alternatives()]);
}

/** Offers up to MAX_OFFERED open slots (leaving out `skip`, the one just turned down, when others exist). */
function offerFrom(state: ConversationState, open: Slot[], lead: string[], skip?: Slot | null): TransitionResult {
  const pool = open.filter((s) => s.id !== skip?.id);
  const slots = (pool.length > 0 ? pool : open).slice(0, MAX_OFFERED);
  if (slots.length === 0) return end(state, 'failed', 'error', [...lead, say.noSlots()]);
  return ask({ ...state, phase: 'offering', pending: null, offered: slots }, [...lead, say.offer(slots, zoneOf(state))]);
}

function readBack(state: ConversationState, slot: Slot, lead: string[]): TransitionResult {
  const keypad = state.dtmf ? [say.keypadConfirm()] : [];
  return { state: { ...state, offered: [slot] }, actions: [...speak([...lead, say.readBack(slot, zoneOf(state)), ...keypad]), { type: 'gather', dtmf: state.dtmf }] };
}

function ask(state: ConversationState, lines: string[]): TransitionResult {
  const keypad = state.dtmf && state.offered.length > 0 ? [say.keypad(state.offered, zoneOf(state))] : [];
  return { state, actions: [...speak([...lines, ...keypad]), { type: 'gather', dtmf: state.dtmf }] };
}

function end(
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

function speak(lines: string[]): Action[] {
  return lines.filter((l) => l.length > 0).map((text) => ({ type: 'say', text }));
}

function stillOpen(offered: Slot[], open: Slot[]): Slot[] {
  const ids = new Set(open.map((s) => s.id));
  return offered.filter((s) => ids.has(s.id));
}
