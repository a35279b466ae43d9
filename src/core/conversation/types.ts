import type { Slot } from '../scheduling/slots.js';
import type { HistoryLine, QuestionTopic, Understanding } from '../understanding/types.js';

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
  /** A campaign call reached an answering machine and left the job's message. */
  | 'voicemail'
  | 'error';

/** Who is being called, as the conversation needs it. */
export interface Candidate {
  name: string;
  email: string | null;
  position: string;
  company: string;
  timezone: string;
}

/** What the caller may tell a candidate about the interview and the role: the job's fields (the settings' for the default job). */
export interface InterviewInfo {
  /** Length in minutes. */
  minutes: number;
  /** How it is held, as spoken after the length: "video call", "phone call", "in-person interview". */
  format: string;
  /** Where it is held ("12 Main Street"), when the job says and it can be spoken; null: not said. */
  location: string | null;
  /** What the caller may tell about the role; null: questions about the role or pay are passed on. */
  description: string | null;
  /** The zone the job's slots are defined in; said beside the candidate's own when they differ. null: the candidate's. */
  timezone: string | null;
  /** The caller's name spoken in the greeting; null: "an automated interview scheduling assistant". */
  callerName: string | null;
}

/** An `InterviewInfo` as given: the optional parts absent are null (the prototype's settings have only these two). */
export type InterviewInput = Pick<InterviewInfo, 'minutes' | 'format'> & Partial<InterviewInfo>;

/** The version of `ConversationState` this code writes; older stored states are upgraded by `parseState`. */
export const STATE_VERSION = 2;

/** Everything the machine remembers between webhooks; stored as JSON on the session row. */
export interface ConversationState {
  version: typeof STATE_VERSION;
  phase: Phase;
  candidate: Candidate;
  interview: InterviewInfo;
  maxTurns: number;
  /** Replies handled so far (silences included). */
  turns: number;
  /** The slots on the table, in the order spoken (kept during a read-back, so another can still be named). */
  offered: Slot[];
  /** The slot being read back, while confirming. */
  pending: Slot | null;
  /** The last few lines of the conversation (caller and candidate), oldest first, for understanding. */
  recent: HistoryLine[];
  /** Silences in a row. */
  silences: number;
  /** Silences or unclear replies in a row; two switch keypad input on. */
  misses: number;
  dtmf: boolean;
}

export type ConversationEvent =
  | { type: 'start'; open: Slot[] }
  | { type: 'reply'; understanding: Understanding; utterance: string; open: Slot[] }
  | { type: 'digits'; digits: string; open: Slot[] }
  | { type: 'silence'; open: Slot[] }
  | { type: 'booked'; slot: Slot }
  | { type: 'slot_taken'; slot: Slot; open: Slot[] };

export type Action =
  | { type: 'say'; text: string }
  | { type: 'gather'; dtmf: boolean }
  | { type: 'book'; slot: Slot }
  | { type: 'opt_out' }
  /** A question the caller could not answer from what it knows: stored for the recruiter, as the caller says. */
  | { type: 'record_question'; text: string; topic: QuestionTopic }
  | { type: 'end'; status: Exclude<CallStatus, 'active'>; outcome: Outcome; slot?: Slot }
  | { type: 'hangup' };

export interface TransitionResult {
  state: ConversationState;
  actions: Action[];
}
