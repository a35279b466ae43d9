import type { AttemptResult } from '../../core/campaigns/attempts.js';
import type { TelephonyError } from '../../adapters/telephony.js';
import { getAttempt, releaseAttempt } from '../../db/attempts.repo.js';
import type { AttemptRow } from '../../db/attempts.table.js';
import { updateCampaign } from '../../db/campaigns.repo.js';
import { bumpFunnel } from '../../db/funnel.repo.js';
import type { Deps } from '../../deps.js';
import { dialConversation, type AnswerRecorder } from '../dial-call.js';
import type { Step } from './dial-checks.js';
import { concludeAttempt, finishWhenDone } from './attempt-end.js';

/** Carrying out each claimed attempt's step (end, release, dial) and what follows a refused or failed call. */

/** What became of the attempt. */
export type Dispatched =
  /** The call was placed (or, for a simulated call, is being played). */
  | 'dialled'
  /** Someone else had it, or it was not due any more: nothing done. */
  | 'taken'
  /** Not now (campaign not running, job not open, outside calling hours, no open slot): back to due. */
  | 'released'
  /** Ended without a call (the candidate left the campaign, do-not-call, an invalid number, a refused call). */
  | 'ended'
  /** The telephony failed without saying whether the call exists: left claimed for reconcile. */
  | 'unknown';

/** Twilio's errors that say the number cannot be called at all: no retry, the candidate is unreachable. */
export const INVALID_NUMBER_CODES: ReadonlySet<string> = new Set(['21211', '21217', '13224', '21214', '21215', '13223']);

export async function carryOut(deps: Deps, attempt: AttemptRow, step: Step, nowIso: string, record?: AnswerRecorder): Promise<Dispatched> {
  switch (step.kind) {
    case 'end':
      return end(deps, attempt, step.result, nowIso);
    case 'release':
      return release(deps, attempt, step.dueAt, nowIso);
    case 'no_slots':
      await deps.database.db
        .transaction()
        .execute((trx) => updateCampaign(trx, attempt.job_id, { status: 'paused', paused_reason: 'no_open_slots', updated_at: nowIso }));
      deps.logger.warn({ jobId: attempt.job_id }, 'campaign paused: the job has no open interview slot');
      return release(deps, attempt, nowIso, nowIso);
    case 'lost':
      return 'taken';
    case 'dial': {
      const placed = await dialConversation(deps, step.call, step.conversation.id, record);
      return placed.ok ? 'dialled' : afterFailure(deps, attempt, placed.failure, deps.telephony.mode === 'twilio');
    }
  }
}

/** After an error: released when no conversation was made for it (no REST request was sent); else reconcile asks. */
export async function recover(deps: Deps, attempt: AttemptRow, nowIso: string, err: unknown): Promise<Dispatched> {
  const db = deps.database.db;
  deps.logger.error({ err, attempt: attempt.id }, 'dispatching a campaign attempt failed');
  const current = await getAttempt(db, attempt.id).catch(() => undefined);
  const ours = current?.claimed_by === attempt.claimed_by && current?.claimed_at === attempt.claimed_at;
  if (current?.state === 'claimed' && ours && current.conversation_id === null)
    await releaseAttempt(db, attempt.id, nowIso, nowIso).catch(() => false);
  return 'unknown';
}

/**
 * A call the telephony did not place. Refused for the number (Twilio 21211, 21217, …): done, invalid_number, no retry.
 * Refused otherwise: done, failed (retried after the wait). Our account refused: back to due, the campaign paused.
 * Failed without an answer (a timeout, a 5xx): Twilio may have the call: left claimed for reconcile to ask.
 */
async function afterFailure(deps: Deps, attempt: AttemptRow, failure: TelephonyError, realPhones: boolean): Promise<Dispatched> {
  const nowIso = deps.now().toISOString();
  const db = deps.database.db;
  if (failure.kind === 'unavailable') return 'unknown';
  if (failure.kind === 'account') {
    await db.transaction().execute(async (trx) => {
      await bumpFunnel(trx, attempt.job_id, 'calls_placed', -1);
      await updateCampaign(trx, attempt.job_id, { status: 'paused', paused_reason: 'telephony_account', updated_at: nowIso });
    });
    deps.logger.error({ jobId: attempt.job_id, code: failure.code }, 'campaign paused: the telephony refused our account');
    return release(deps, attempt, nowIso, nowIso);
  }
  const result: AttemptResult = INVALID_NUMBER_CODES.has(failure.code) ? 'invalid_number' : 'failed';
  await db.transaction().execute(async (trx) => {
    await bumpFunnel(trx, attempt.job_id, 'calls_placed', -1);
    await concludeAttempt(trx, { ...attempt, state: 'claimed' }, result, nowIso, { realPhones });
  });
  return 'ended';
}

async function release(deps: Deps, attempt: AttemptRow, dueAt: string, nowIso: string): Promise<Dispatched> {
  await releaseAttempt(deps.database.db, attempt.id, dueAt, nowIso);
  return 'released';
}

/** Ends the attempt without a call: cancelled (result null) or done with `result`, and what follows that result. */
async function end(deps: Deps, attempt: AttemptRow, result: AttemptResult | null, nowIso: string): Promise<Dispatched> {
  const realPhones = deps.telephony.mode === 'twilio';
  await deps.database.db.transaction().execute(async (trx) => {
    if (result !== null) return concludeAttempt(trx, attempt, result, nowIso, { realPhones });
    await trx
      .updateTable('call_attempts')
      .set({ state: 'cancelled', ended_at: nowIso, lease_until: null, updated_at: nowIso })
      .where('id', '=', attempt.id)
      .where('state', '=', 'claimed')
      .execute();
    await finishWhenDone(trx, attempt.job_id, nowIso);
  });
  return 'ended';
}
