import type { Transaction } from 'kysely';
import { callCompletedEvent } from './webhooks/event-data.js';
import type { Outcome } from '../core/conversation/types.js';
import { candidateBookingsInJob } from '../db/candidate-bookings.repo.js';
import { getCandidate, moveCandidateStatus } from '../db/candidates.repo.js';
import type { CandidateStatus } from '../db/candidates.table.js';
import { bumpFunnel } from '../db/funnel.repo.js';
import type { Database } from '../db/schema.js';
import type { Session } from '../db/sessions.table.js';
import { finishAttempt, type EndedLine } from './campaigns/attempt-end.js';

/**
 * What a call placed for a candidate does to the candidate: `reached` counted once when a human answers, and the
 * status moved when the call ends, each in the transaction that records the answer or the end.
 */

/** The statuses a call's own words decide (whatever the candidate's status was while it rang). */
const DECIDED: Partial<Record<Outcome, CandidateStatus>> = {
  scheduled: 'scheduled',
  declined: 'declined',
  callback_requested: 'callback',
  opted_out: 'opted_out',
  wrong_number: 'wrong_number',
};

/** True when Twilio's AnsweredBy says a machine (or a fax) took the call; absent or 'unknown' counts as a person. */
export function answeredByMachine(answeredBy: string | null | undefined): boolean {
  return answeredBy != null && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}

/**
 * The candidate's status after a call ended with `outcome`. A candidate who holds a booking in the job stays
 * 'scheduled' unless they opted out or were the wrong person (a "no thanks" on a second call keeps the interview).
 * A call that decided nothing leaves the candidate to be called again: 'unreachable' when no one answered (no answer,
 * busy, failed, a machine), 'callback' when a person answered but the call ended undecided (hung up, silence, the
 * turn limit, an error). Neither is 'new': `called` counts a candidate once, when they first leave 'new'.
 */
export function candidateStatusAfter(outcome: Outcome, reached: boolean, holdsBooking: boolean): CandidateStatus {
  const decided = DECIDED[outcome];
  if (decided === 'opted_out' || decided === 'wrong_number') return decided;
  if (holdsBooking) return 'scheduled';
  if (decided !== undefined) return decided;
  return reached ? 'callback' : 'unreachable';
}

/** Counts `reached` for the call's job once, in the transaction that first records the call as answered by a person. */
export async function countReached(trx: Transaction<Database>, session: Session, answeredBy: string | null | undefined): Promise<void> {
  if (session.candidate_id === null || session.job_id === null || answeredByMachine(answeredBy)) return;
  await bumpFunnel(trx, session.job_id, 'reached', 1);
}

/**
 * Takes `reached` back when answering-machine detection (asynchronous: its verdict comes after the call was answered
 * and counted) finds a machine: counted only if the answer was counted, i.e. the call was already recorded answered.
 */
export async function uncountReached(trx: Transaction<Database>, session: Session): Promise<void> {
  if (session.candidate_id === null || session.job_id === null || answeredByMachine(session.answered_by)) return;
  if (session.twilio_status !== 'in-progress' && session.twilio_status !== 'completed') return;
  await bumpFunnel(trx, session.job_id, 'reached', -1);
}

/**
 * Moves the call's candidate (if it was placed for one) to the status its end decides, in the transaction that ends
 * the call. An undecided end moves only a candidate still 'calling' (a status set meanwhile, say 'withdrawn', stays).
 * A campaign call's attempt is then ended too (its result, the next attempt or the end of the candidate's campaign:
 * see campaigns/attempt-end.ts); `line` is what the caller knows of the line beyond the session row it read.
 */
export async function recordCandidateEnd(
  trx: Transaction<Database>,
  session: Session,
  outcome: Outcome,
  reached: boolean,
  nowIso: string,
  line?: EndedLine,
): Promise<void> {
  await moveCandidateAtEnd(trx, session, outcome, reached, nowIso);
  if (session.attempt_id !== null) await finishAttempt(trx, session, outcome, reached, nowIso, line);
  await callCompletedEvent(trx, session, outcome, nowIso);
}

async function moveCandidateAtEnd(trx: Transaction<Database>, session: Session, outcome: Outcome, reached: boolean, nowIso: string) {
  const id = session.candidate_id;
  if (id === null || session.job_id === null) return;
  const candidate = await getCandidate(trx, id);
  if (candidate === undefined) return;
  const holdsBooking = outcome === 'scheduled' || (await candidateBookingsInJob(trx, id, session.job_id, '')).length > 0;
  const to = candidateStatusAfter(outcome, reached, holdsBooking);
  if (DECIDED[outcome] === undefined && !holdsBooking && candidate.status !== 'calling') return;
  await moveCandidateStatus(trx, id, to, nowIso);
}
