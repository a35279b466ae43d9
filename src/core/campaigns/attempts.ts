import type { Outcome } from '../conversation/types.js';

/**
 * How a campaign attempt ended, and what follows: another attempt or the end of the candidate's campaign. Pure.
 * `AttemptResult` is the one the database stores (src/db/attempts.table.ts keeps the same union).
 */
export type AttemptResult =
  | 'scheduled'
  | 'declined'
  | 'opted_out'
  | 'wrong_number'
  | 'callback'
  | 'hung_up'
  | 'no_answer'
  | 'busy'
  | 'failed'
  | 'invalid_number'
  | 'voicemail'
  | 'machine'
  | 'do_not_call'
  | 'lost';

/** The candidate statuses a campaign can end on. */
export type FinalCandidateStatus = 'scheduled' | 'declined' | 'opted_out' | 'wrong_number' | 'unreachable' | 'callback';

export type NextStep = { kind: 'finish'; candidateStatus: FinalCandidateStatus } | { kind: 'retry'; reason: 'retry' | 'callback' };

/** What the ended session says about its call. */
export interface EndedCall {
  /** The session's outcome; null when it ended without one. */
  outcome: Outcome | null;
  /** Twilio's AnsweredBy ('human', 'machine_start', 'machine_end_beep', 'fax', 'unknown'...), when known. */
  answeredBy: string | null;
  /** Twilio's last CallStatus ('completed', 'failed', 'no-answer'...), when known. */
  twilioStatus: string | null;
}

/** A machine or a fax answered (AMD's verdict). */
function machine(answeredBy: string | null): boolean {
  return answeredBy !== null && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}

/**
 * The attempt's result from its session: the conversation's decisions as they are; the line's (no answer, busy,
 * a failed call, a message left); a machine that took a call the conversation could not finish; otherwise a person
 * answered and the call ended undecided (`hung_up`).
 */
export function resultOf(call: EndedCall): AttemptResult {
  switch (call.outcome) {
    case 'scheduled':
    case 'declined':
    case 'opted_out':
    case 'wrong_number':
    case 'voicemail':
    case 'no_answer':
    case 'busy':
      return call.outcome;
    case 'callback_requested':
      return 'callback';
    case 'error':
    case null:
      if (call.twilioStatus === 'failed') return 'failed';
      if (call.outcome === null && call.twilioStatus === 'no-answer') return 'no_answer';
      if (call.outcome === null && call.twilioStatus === 'busy') return 'busy';
      return machine(call.answeredBy) ? 'machine' : 'hung_up';
    case 'hung_up':
    case 'no_response':
    case 'max_turns':
      return machine(call.answeredBy) ? 'machine' : 'hung_up';
  }
}

/** Results that end the candidate's campaign whatever attempts remain, with the status each leaves. */
const FINAL: Partial<Record<AttemptResult, FinalCandidateStatus>> = {
  scheduled: 'scheduled',
  declined: 'declined',
  opted_out: 'opted_out',
  wrong_number: 'wrong_number',
  invalid_number: 'unreachable',
  do_not_call: 'opted_out',
};

/**
 * What follows attempt `number` (1-based) of `maxAttempts`: a decision or an unusable number ends the campaign for
 * the candidate; a call back they asked for is the next attempt (reason 'callback'); anything else (no answer, busy,
 * failed, voicemail, a machine, a hang-up, a lost call) is retried after the wait. Out of attempts: unreachable, or
 * 'callback' for a candidate who asked to be called back (the caller promised it only when an attempt remained, so
 * none was promised; the recruiter sees the request).
 */
export function nextStep(result: AttemptResult, number: number, maxAttempts: number): NextStep {
  const final = FINAL[result];
  if (final !== undefined) return { kind: 'finish', candidateStatus: final };
  if (number < maxAttempts) return { kind: 'retry', reason: result === 'callback' ? 'callback' : 'retry' };
  return { kind: 'finish', candidateStatus: result === 'callback' ? 'callback' : 'unreachable' };
}
