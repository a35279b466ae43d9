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

/** How a confirmation reaches the candidate: an email (with the calendar invite) or a text message. */
export type ConfirmationChannel = 'email' | 'sms';

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

/**
 * A campaign call that may promise a call back: set by the dispatcher only when another attempt remains. `defaultAt`
 * (UTC ISO) is when the next attempt would be due anyway; `callingHours` ('08:00-21:00', the candidate's local time)
 * bounds any time promised; null: none (simulated phones).
 */
export interface CallBack {
  defaultAt: string;
  callingHours: string | null;
}

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
  /** Present on campaign calls that may promise a call back (see `CallBack`); absent or null: no call back is promised. */
  callBack?: CallBack | null;
}

export type ConversationEvent =
  | { type: 'start'; open: Slot[] }
  /**
   * `now` (ISO 8601): when the reply was heard; a call-back time the candidate asks for is checked against it (in the
   * future, within 14 days). Absent: the time asked for is not used.
   */
  | { type: 'reply'; understanding: Understanding; utterance: string; open: Slot[]; now?: string }
  | { type: 'digits'; digits: string; open: Slot[] }
  | { type: 'silence'; open: Slot[] }
  /**
   * The seat was taken; `sent`: the channels a confirmation was queued on for the candidate (none: nothing is said of
   * it); `moved`: the candidate's existing booking was moved to it (a later call), not a new one made.
   */
  | { type: 'booked'; slot: Slot; sent?: readonly ConfirmationChannel[]; moved?: boolean }
  | { type: 'slot_taken'; slot: Slot; open: Slot[] };

export type Action =
  | { type: 'say'; text: string }
  | { type: 'gather'; dtmf: boolean }
  | { type: 'book'; slot: Slot }
  | { type: 'opt_out' }
  /** The candidate is promised a call back at `at` (UTC ISO); the turn stores it, the campaign dials it. */
  | { type: 'schedule_callback'; at: string }
  /** The booking's confirmation was queued for the candidate on these channels (done by the service before `booked`). */
  | { type: 'send_confirmation'; channels: readonly ConfirmationChannel[] }
  /** A question the caller could not answer from what it knows: stored for the recruiter, as the caller says. */
  | { type: 'record_question'; text: string; topic: QuestionTopic }
  | { type: 'end'; status: Exclude<CallStatus, 'active'>; outcome: Outcome; slot?: Slot }
  | { type: 'hangup' };

export interface TransitionResult {
  state: ConversationState;
  actions: Action[];
}
