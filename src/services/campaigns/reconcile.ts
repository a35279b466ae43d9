import { FINAL_CALL_STATUSES, type CallInfo } from '../../adapters/telephony.js';
import type { Outcome } from '../../core/conversation/types.js';
import { extendLease, findExpired } from '../../db/attempt-leases.repo.js';
import { markDialled, releaseAttempt } from '../../db/attempts.repo.js';
import type { AttemptRow } from '../../db/attempts.table.js';
import { bumpFunnel } from '../../db/funnel.repo.js';
import { getSession, updateSession } from '../../db/sessions.repo.js';
import type { SessionUpdate } from '../../db/sessions.table.js';
import { dialectOf } from '../../db/util.js';
import type { Deps } from '../../deps.js';
import { answeredByMachine, recordCandidateEnd } from '../candidate-calls.js';
import { concludeAttempt } from './attempt-end.js';
import { leaseUntil } from './dispatch.js';

/**
 * Attempts whose lease ran out (their instance died, or lost track of them) are resolved from the telephony's own
 * record, never by guessing: a claimed attempt whose call Twilio has (a crash between the REST request and its
 * answer) becomes dialled with that call; one whose call Twilio does not have goes back to due (it was never
 * dialled, so it is dialled once, later). A dialled attempt whose call ended while no instance heard it is ended as
 * the status callback would have; one whose call is still alive keeps going with a fresh lease. Any instance runs it.
 */

/** How far before the claim a call may have been created (clocks of two machines differ a little). */
const CLAIM_SLACK_MS = 5_000;

const FINAL_OUTCOME: Record<string, Outcome> = {
  completed: 'hung_up',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'error',
  canceled: 'error',
};

/** Resolves up to `limit` expired attempts; returns how many it looked at. */
export async function reconcileAttempts(deps: Deps, limit = 50): Promise<number> {
  const expired = await findExpired(deps.database.db, deps.now().toISOString(), limit);
  for (const attempt of expired) {
    try {
      await reconcileAttempt(deps, attempt);
    } catch (err) {
      deps.logger.warn({ err, attempt: attempt.id }, 'an expired campaign attempt could not be reconciled yet; trying again later');
    }
  }
  return expired.length;
}

export async function reconcileAttempt(deps: Deps, attempt: AttemptRow): Promise<void> {
  if (attempt.state === 'claimed') {
    const sid = await findPlacedCall(deps, attempt);
    if (sid === undefined) {
      await releaseUnplaced(deps, attempt);
      return;
    }
    const nowIso = deps.now().toISOString();
    await markDialled(deps.database.db, attempt.id, sid, nowIso);
    if (attempt.conversation_id !== null) {
      await deps.database.db
        .updateTable('conversation_sessions')
        .set({ twilio_call_sid: sid, updated_at: nowIso })
        .where('call_sid', '=', attempt.conversation_id)
        .where('twilio_call_sid', 'is', null)
        .execute();
    }
    deps.logger.info({ attempt: attempt.id, callSid: sid }, 'reconcile: the claimed attempt was dialled (found at the telephony)');
    await reconcileDialled(deps, { ...attempt, state: 'dialled', twilio_call_sid: sid });
    return;
  }
  if (attempt.state === 'dialled') await reconcileDialled(deps, attempt);
}

/**
 * The call the telephony made for a claimed attempt: one to the candidate's number created since the claim (its
 * real time: the service's clock may run fast), and not known as another conversation's call. The earliest wins.
 */
async function findPlacedCall(deps: Deps, attempt: AttemptRow): Promise<string | undefined> {
  const db = deps.database.db;
  const candidate = await db.selectFrom('candidates').select('phone').where('id', '=', attempt.candidate_id).executeTakeFirst();
  if (candidate === undefined) return undefined;
  const claimedAt = Date.parse(attempt.claimed_at ?? deps.now().toISOString());
  const claimedReal = Date.now() - Math.max(0, deps.now().getTime() - claimedAt) / deps.clockSpeed;
  const calls = await deps.telephony.listCalls({ to: candidate.phone, since: new Date(claimedReal - CLAIM_SLACK_MS) });
  const sorted = [...calls].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const call of sorted) {
    const other = await db
      .selectFrom('conversation_sessions')
      .select('call_sid')
      .where('twilio_call_sid', '=', call.callSid)
      .$if(attempt.conversation_id !== null, (qb) => qb.where('call_sid', '!=', attempt.conversation_id ?? ''))
      .executeTakeFirst();
    if (other === undefined) return call.callSid;
  }
  return undefined;
}

/** No call exists for a claimed attempt: back to due now, its conversation (if one was made) closed as never placed. */
async function releaseUnplaced(deps: Deps, attempt: AttemptRow): Promise<void> {
  const nowIso = deps.now().toISOString();
  const released = await deps.database.db.transaction().execute(async (trx) => {
    if (!(await releaseAttempt(trx, attempt.id, nowIso, nowIso, { claimedAt: attempt.claimed_at }))) return false;
    if (attempt.conversation_id !== null) {
      // The dispatcher counted the call when it made the conversation; no call was placed after all.
      await bumpFunnel(trx, attempt.job_id, 'calls_placed', -1);
      await trx
        .updateTable('conversation_sessions')
        .set({ status: 'failed', outcome: 'error', end_time: nowIso, updated_at: nowIso, error_code: 'not_placed' })
        .where('call_sid', '=', attempt.conversation_id)
        .where('status', '=', 'active')
        .execute();
    }
    return true;
  });
  if (released) deps.logger.info({ attempt: attempt.id }, 'reconcile: the claimed attempt was never dialled; due again');
}

/** A dialled attempt whose lease expired: ended as its call ended, or its lease renewed while the call is alive. */
async function reconcileDialled(deps: Deps, attempt: AttemptRow): Promise<void> {
  const db = deps.database.db;
  const session = attempt.conversation_id === null ? undefined : await getSession(db, attempt.conversation_id);
  if (session === undefined) {
    // The conversation was erased (or never written): nothing can be learnt of this call.
    await db
      .transaction()
      .execute((trx) => concludeAttempt(trx, attempt, 'lost', deps.now().toISOString(), { realPhones: deps.telephony.mode === 'twilio' }));
    return;
  }
  if (session.status !== 'active') {
    // It ended without its attempt (a failure recorded outside the end hook): the hook runs now, once.
    await endAs(deps, session.call_sid, undefined);
    return;
  }
  const sid = attempt.twilio_call_sid ?? session.twilio_call_sid;
  const info = sid === null ? undefined : await deps.telephony.fetchCall(sid);
  if (info !== undefined && !FINAL_CALL_STATUSES.includes(info.status)) {
    const now = deps.now();
    await extendLease(db, attempt.id, leaseUntil(deps, now), now.toISOString());
    return;
  }
  await endAs(deps, session.call_sid, info ?? null);
}

/**
 * Ends the attempt's session as the status callback would have (outcome from Twilio's final status; a call that was
 * answered ends 'hung_up'), then the end hook runs in the same transaction. `info` null: the telephony does not know
 * the call (another process's simulated call, say): the attempt's result is 'lost'. undefined: the session had ended.
 */
async function endAs(deps: Deps, conversationId: string, info: CallInfo | null | undefined): Promise<void> {
  const ended = await deps.database.db.transaction().execute(async (trx) => {
    const session = await trx
      .selectFrom('conversation_sessions')
      .selectAll()
      .where('call_sid', '=', conversationId)
      .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (session === undefined) return undefined;
    const nowIso = deps.now().toISOString();
    const answeredBy = info?.answeredBy ?? session.answered_by;
    if (info === undefined || session.status !== 'active') {
      const reached = isAnswered(session.twilio_status) && !answeredByMachine(answeredBy);
      await recordCandidateEnd(trx, session, session.outcome ?? 'error', reached, nowIso);
      return undefined;
    }
    const answered = isAnswered(session.twilio_status) || info?.status === 'completed';
    const outcome: Outcome = info === null ? 'error' : answered ? 'hung_up' : (FINAL_OUTCOME[info.status] ?? 'error');
    const patch: SessionUpdate = { status: 'failed', outcome, end_time: nowIso, updated_at: nowIso };
    if (info === null) {
      patch.error_code = 'lost';
      patch.error_message = 'The call could not be found at the telephony after its instance stopped hearing it.';
    } else {
      patch.twilio_status = info.status;
      if (info.duration !== null && session.duration_seconds === null) patch.duration_seconds = info.duration;
      if (info.answeredBy !== null && session.answered_by === null) patch.answered_by = info.answeredBy;
    }
    await recordCandidateEnd(trx, session, outcome, answered && !answeredByMachine(answeredBy), nowIso, {
      twilioStatus: info?.status ?? session.twilio_status,
      answeredBy,
      ...(info === null ? { result: 'lost' as const } : {}),
    });
    await updateSession(trx, session.call_sid, patch);
    return outcome;
  });
  if (ended !== undefined) deps.metrics.calls.inc({ outcome: ended });
}

function isAnswered(twilioStatus: string | null): boolean {
  return twilioStatus === 'in-progress' || twilioStatus === 'completed';
}
