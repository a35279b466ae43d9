import type { Outcome } from '../../core/conversation/types.js';

/** What the Live page is told, as it happens: one turn of a call, or a call that started or ended. */

/** One answered webhook: what the caller said, what the candidate said or pressed, how it was understood. */
export interface LiveTurn {
  call_sid: string;
  job_id: number | null;
  /** The candidate's name. */
  candidate: string;
  /** When the turn was stored (UTC ISO). */
  at: string;
  turn: number;
  caller_text: string;
  /** The candidate's words, "(pressed 2)" for keypad digits, null for the greeting or a silence. */
  candidate_text: string | null;
  /** null for the greeting. */
  intent: string | null;
  /** The conversation's phase after the turn (null when the stored state could not be read). */
  state: string | null;
}

export interface LiveCall {
  call_sid: string;
  status: 'started' | 'ended';
  /** How it ended (ended only). */
  outcome?: Outcome;
  /** started only: the job and the candidate's name. */
  job_id?: number | null;
  candidate?: string;
  at: string;
}

/** A call in progress as the snapshot lists it: the call and its latest turn (null before it was answered). */
export interface LiveCallInProgress {
  call_sid: string;
  job_id: number | null;
  candidate: string;
  started_at: string;
  twilio_status: string | null;
  latest_turn: LiveTurn | null;
}

export type LiveEvent = { type: 'turn'; data: LiveTurn } | { type: 'call'; data: LiveCall };
