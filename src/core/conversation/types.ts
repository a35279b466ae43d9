import type { Slot } from '../scheduling/slots.js';
import type { Understanding } from '../understanding/types.js';

export type Phase = 'offering' | 'confirming' | 'ended';

export type CallStatus = 'active' | 'completed' | 'failed';

export type Outcome =
  | 'scheduled'
  | 'declined'
  | 'callback_requested'
  | 'opted_out'
  | 'wrong_number'
  | 'no_answer'
  | 'busy'
  | 'no_response'
  | 'max_turns'
  | 'hung_up'
  | 'error';

/** Who is being called, as the conversation needs it. */
export interface Candidate {
  name: string;
  email: string | null;
  position: string;
  company: string;
  timezone: string;
}

/** Everything the machine remembers between webhooks; stored as JSON on the session row. */
export interface ConversationState {
  phase: Phase;
  candidate: Candidate;
  maxTurns: number;
  /** Replies handled so far (silences included). */
  turns: number;
  /** The slots the last prompt offered, in the order spoken. */
  offered: Slot[];
  /** The slot being read back, while confirming. */
  pending: Slot | null;
  /** Silences in a row. */
  silences: number;
  /** Silences or unclear replies in a row; two switch keypad input on. */
  misses: number;
  dtmf: boolean;
}

export type ConversationEvent =
  | { type: 'start'; open: Slot[] }
  | { type: 'reply'; understanding: Understanding; open: Slot[] }
  | { type: 'digits'; digits: string; open: Slot[] }
  | { type: 'silence'; open: Slot[] }
  | { type: 'booked'; slot: Slot }
  | { type: 'slot_taken'; slot: Slot; open: Slot[] };

export type Action =
  | { type: 'say'; text: string }
  | { type: 'gather'; dtmf: boolean }
  | { type: 'book'; slot: Slot }
  | { type: 'opt_out' }
  | { type: 'end'; status: Exclude<CallStatus, 'active'>; outcome: Outcome; slot?: Slot }
  | { type: 'hangup' };

export interface TransitionResult {
  state: ConversationState;
  actions: Action[];
}
