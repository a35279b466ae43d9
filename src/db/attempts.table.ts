import type { AttemptResult } from '../core/campaigns/attempts.js';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * An attempt's life: `due` (waiting for its time and a free line), `claimed` (a dispatcher took it and is asking
 * the telephony to dial: from here it is never dialled again), `dialled` (the telephony answered with a CallSid; the
 * call is ringing or in progress), `done` (it ended; `result` says how), `cancelled` (the campaign was stopped or
 * the candidate left it before it was dialled).
 */
export type AttemptState = 'due' | 'claimed' | 'dialled' | 'done' | 'cancelled';

/** Why the attempt exists: the campaign's first call, a retry after a wait, or a call back the candidate asked for. */
export type AttemptReason = 'first' | 'retry' | 'callback';

export type { AttemptResult };

/** `call_attempts`: every attempt to call a campaign's candidate. UNIQUE(candidate_id, number). UTC ISO text. */
export interface CallAttemptsTable {
  id: Generated<number>;
  job_id: number;
  candidate_id: number;
  /** 1 for the first attempt. */
  number: number;
  state: AttemptState;
  /** When it may be dialled (already shifted into calling hours for real phones). */
  due_at: string;
  reason: AttemptReason;
  claimed_at: string | null;
  /** The instance that claimed it (hostname:pid:random). */
  claimed_by: string | null;
  /** The claim holds until then; the instance renews it while the call runs. An expired lease is reconciled. */
  lease_until: string | null;
  dialled_at: string | null;
  /** The conversation's own id (`conversation_sessions.call_sid`), set in the claim's transaction before dialling. */
  conversation_id: string | null;
  twilio_call_sid: string | null;
  result: AttemptResult | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export type AttemptRow = Selectable<CallAttemptsTable>;
export type NewAttemptRow = Insertable<CallAttemptsTable>;
export type AttemptUpdate = Omit<Updateable<CallAttemptsTable>, 'id' | 'job_id' | 'candidate_id' | 'number' | 'created_at'>;
