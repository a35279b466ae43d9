import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { CallStatus, Outcome } from '../core/conversation/types.js';

/** Lifecycle of a call, and how it ended (null while active): the core's own words. */
export type SessionStatus = CallStatus;
export type SessionOutcome = Outcome;

export type Telephony = 'twilio' | 'simulated';

/**
 * `conversation_sessions` (table name kept from the Python prototype).
 * Timestamps are UTC ISO-8601 text with milliseconds ('2026-11-24T13:49:42.123Z').
 */
export interface ConversationSessionsTable {
  /**
   * The conversation's own id, made before anyone is dialled and carried in the webhook URLs (`?conversation=`).
   * The simulator's calls use their simulated CallSid; Twilio calls a generated 'conv_…' id. (Rows from before
   * migration 007 hold Twilio's CallSid here, or 'pending-…'.) Every child row refers to it.
   */
  call_sid: string;
  /** Twilio's CallSid once the REST answer or the first webhook brings it (unique); null until then. */
  twilio_call_sid: string | null;
  candidate_name: string;
  candidate_phone: string;
  candidate_email: string | null;
  candidate_position: string;
  candidate_company: string;
  candidate_timezone: string;
  status: SessionStatus;
  outcome: SessionOutcome | null;
  start_time: string;
  end_time: string | null;
  /** The slot label as spoken to the candidate. */
  confirmed_slot: string | null;
  /** ISO-8601 with offset. */
  confirmed_slot_start: string | null;
  slot_id: number | null;
  /** The job the call is for; null for calls of before jobs (the default job's). */
  job_id: number | null;
  /** The candidate called, when the call was placed for one. */
  candidate_id: number | null;
  turn_count: ColumnType<number, number | undefined, number>;
  /** JSON of the conversation state machine (not a copy of the turns). */
  state: string;
  telephony: Telephony;
  twilio_status: string | null;
  duration_seconds: number | null;
  answered_by: string | null;
  /** The campaign attempt this call is (null for a call placed directly). */
  attempt_id: number | null;
  error_code: string | null;
  error_message: string | null;
  updated_at: string;
}

export type Session = Selectable<ConversationSessionsTable>;
export type NewSession = Insertable<ConversationSessionsTable>;
/** The conversation's id never changes. */
export type SessionUpdate = Omit<Updateable<ConversationSessionsTable>, 'call_sid'>;
