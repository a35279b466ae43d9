import type { Slot } from '../scheduling/slots.js';
import type { HistoryLine } from '../understanding/types.js';
import { offerFrom } from './offers.js';
import { say } from './prompts.js';
import { digits, reply, silence } from './replies.js';
import { end, spokenZonesOf } from './results.js';
import type { Action, ConfirmationChannel, ConversationEvent, ConversationState, TransitionResult } from './types.js';

/** How many lines of the conversation the state keeps for understanding, and how long each may be. */
export const RECENT_LINES = 6;
export const RECENT_LINE_CHARS = 240;

/**
 * Past MAX_TURNS, a read-back still gets its answer: a result that books always goes through, one that reads a
 * slot back goes through while turns <= MAX_TURNS + 1, and anything else ends the call. So a choice made on the last
 * allowed turn is read back, and "no, the other one" to that gets one more read-back; no call takes more than
 * MAX_TURNS + 2 replies.
 */
const READ_BACK_GRACE = 1;

/**
 * The whole conversation as a pure function: no I/O, no clock. The caller loads the state, applies one event,
 * performs the actions (book, opt out, record a question, end) and stores the new state.
 */
export function transition(state: ConversationState, event: ConversationEvent): TransitionResult {
  if (state.phase === 'ended') return { state, actions: [{ type: 'hangup' }] };
  switch (event.type) {
    case 'start':
      return remembered(start(state, event.open));
    case 'booked':
      return remembered(booked(state, event.slot, event.sent ?? [], event.moved === true));
    case 'slot_taken':
      return remembered(offerFrom(state, event.open, [say.slotTaken(event.slot, spokenZonesOf(state))]));
    case 'silence':
      return remembered(counted(state, (s) => silence(s, event.open)));
    case 'digits':
      return remembered(
        counted(state, (s) => digits(s, event.digits, event.open)),
        `(pressed ${event.digits.trim()})`,
      );
    case 'reply':
      return remembered(
        counted(state, (s) => reply(s, event.understanding, event.utterance, event.open, event.now)),
        event.utterance,
      );
  }
}

function start(state: ConversationState, open: Slot[]): TransitionResult {
  if (open.length === 0) return end(state, 'failed', 'error', [say.greeting(state.candidate, state.interview.callerName), say.noSlots()]);
  return offerFrom(state, open, [say.greeting(state.candidate, state.interview.callerName)]);
}

/** Counts the turn, and ends the call when the turn limit is reached (see READ_BACK_GRACE). */
function counted(state: ConversationState, step: (s: ConversationState) => TransitionResult): TransitionResult {
  const result = step({ ...state, turns: state.turns + 1 });
  const turns = result.state.turns;
  if (result.state.phase === 'ended' || turns < state.maxTurns) return result;
  if (result.actions.some((a) => a.type === 'book')) return result;
  if (result.state.phase === 'confirming' && turns <= state.maxTurns + READ_BACK_GRACE) return result;
  // What the last step asked for (a question recorded, say) is still done; its words are replaced by the ending.
  const kept = result.actions.filter((a) => a.type !== 'say' && a.type !== 'gather');
  return end(result.state, 'failed', 'max_turns', [say.maxTurns()], undefined, kept);
}

/** Adds the candidate's words (when any) and what the caller said to `recent`, keeping the last few lines. */
function remembered(result: TransitionResult, heard?: string): TransitionResult {
  const spoken = result.actions.flatMap((a) => (a.type === 'say' ? [a.text] : [])).join(' ');
  const lines: HistoryLine[] = [];
  if (heard !== undefined && heard.trim() !== '') lines.push({ speaker: 'candidate', text: clip(heard) });
  if (spoken !== '') lines.push({ speaker: 'caller', text: clip(spoken) });
  const recent = [...result.state.recent, ...lines].slice(-RECENT_LINES);
  return { ...result, state: { ...result.state, recent } };
}

/** A line kept to RECENT_LINE_CHARS; the end is kept, as that is where a question or a correction sits. */
function clip(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length <= RECENT_LINE_CHARS ? t : `…${t.slice(t.length - RECENT_LINE_CHARS + 1)}`;
}

/**
 * The booking made (or the candidate's booking moved): said with its time, and the details promised only on the
 * channels they were queued on.
 */
function booked(state: ConversationState, slot: Slot, sent: readonly ConfirmationChannel[], moved: boolean): TransitionResult {
  const recorded: Action[] = sent.length === 0 ? [] : [{ type: 'send_confirmation', channels: sent }];
  const sentence = (moved ? say.moved : say.booked)(slot, state.candidate, recorded, spokenZonesOf(state));
  const result = end(state, 'completed', 'scheduled', [sentence], slot);
  return { state: result.state, actions: [...recorded, ...result.actions] };
}
