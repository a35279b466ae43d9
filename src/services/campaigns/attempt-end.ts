import type { Transaction } from 'kysely';
import { nextAttemptAt, shiftIntoHours } from '../../core/campaigns/cadence.js';
import { nextStep, resultOf } from '../../core/campaigns/attempts.js';
import type { Outcome } from '../../core/conversation/types.js';
import { zonesForPhone } from '../../core/scheduling/phone-zone.js';
import { hasOpenAttempts } from '../../db/attempt-queries.repo.js';
import { endAttempt, insertNextAttempt, lockAttempt } from '../../db/attempts.repo.js';
import type { AttemptResult, AttemptRow } from '../../db/attempts.table.js';
import { lockCampaign, updateCampaign } from '../../db/campaigns.repo.js';
import { getCandidate, moveCandidateStatus } from '../../db/candidates.repo.js';
import type { CandidateRow, CandidateStatus } from '../../db/candidates.table.js';
import type { JobRow } from '../../db/jobs.table.js';
import type { Database } from '../../db/schema.js';
import type { Session } from '../../db/sessions.table.js';

/**
 * The end hook of a campaign attempt, in the transaction that ends its call (or that the dispatcher or reconcile
 * decides it in): the attempt done with its result, the candidate's next attempt written or their campaign ended,
 * and the campaign finished when nothing of it is left to call.
 */

/** What the line said at the end, when the caller knows better than the session row read before its update. */
export interface EndedLine {
  twilioStatus?: string | null;
  answeredBy?: string | null;
  /** The result when it is known otherwise (reconcile: 'lost', a call the telephony does not know). */
  result?: AttemptResult;
  /**
   * When the call back was promised for (the ending turn's `schedule_callback` action): the turn's row, which stores
   * it as callback_at, is written after the end hook in the same transaction. Absent: read from the stored turns.
   */
  callbackAt?: string | null;
}

/** Statuses in which a candidate is still being called by the campaign (any other was decided meanwhile). */
const IN_CAMPAIGN: ReadonlySet<CandidateStatus> = new Set(['new', 'calling', 'callback', 'unreachable']);

/**
 * Called by recordCandidateEnd when a session of an attempt ends (after the candidate's status was moved by the
 * call's own words). A session that is no longer its attempt's (the attempt was released and dialled again) and an
 * attempt already ended change nothing: the hook runs at most once per attempt.
 */
export async function finishAttempt(
  trx: Transaction<Database>,
  session: Session,
  outcome: Outcome,
  _reached: boolean,
  nowIso: string,
  line: EndedLine = {},
): Promise<void> {
  if (session.attempt_id === null) return;
  const attempt = await lockAttempt(trx, session.attempt_id);
  if (attempt === undefined || (attempt.state !== 'claimed' && attempt.state !== 'dialled')) return;
  if (attempt.conversation_id !== null && attempt.conversation_id !== session.call_sid) return;
  const result =
    line.result ??
    resultOf({
      outcome,
      answeredBy: line.answeredBy !== undefined ? line.answeredBy : session.answered_by,
      twilioStatus: line.twilioStatus !== undefined ? line.twilioStatus : session.twilio_status,
    });
  const callbackAt = result !== 'callback' ? null : (line.callbackAt ?? (await askedCallbackAt(trx, session.call_sid)));
  await concludeAttempt(trx, attempt, result, nowIso, {
    realPhones: session.telephony === 'twilio',
    twilioCallSid: session.twilio_call_sid,
    callbackAt,
  });
}

export interface Conclusion {
  /** Real phones: the next attempt is shifted into the job's calling hours (simulated phones ring any time). */
  realPhones: boolean;
  twilioCallSid?: string | null;
  /** When the candidate asked to be called back (the turn's callback_at), for a 'callback' result. */
  callbackAt?: string | null;
}

/**
 * Ends an attempt with `result` (unless it already ended) and does what follows: the candidate's campaign ends with
 * the status the result leaves, or (attempts left) their next attempt is written, due after the wait or when they
 * asked, and they wait in 'callback'. A stopped campaign writes no next attempt; a paused one does (it waits).
 */
export async function concludeAttempt(
  trx: Transaction<Database>,
  attempt: AttemptRow,
  result: AttemptResult,
  nowIso: string,
  how: Conclusion,
): Promise<void> {
  const ended = await endAttempt(trx, attempt.id, { state: 'done', result, nowIso, twilioCallSid: how.twilioCallSid ?? null });
  if (!ended) return;
  const [job, candidate, campaign] = await Promise.all([
    trx.selectFrom('jobs').selectAll().where('id', '=', attempt.job_id).executeTakeFirst(),
    getCandidate(trx, attempt.candidate_id),
    trx.selectFrom('campaigns').select('status').where('job_id', '=', attempt.job_id).executeTakeFirst(),
  ]);
  if (job !== undefined && candidate !== undefined && IN_CAMPAIGN.has(candidate.status)) {
    const step = nextStep(result, attempt.number, job.max_attempts);
    if (step.kind === 'finish') {
      await moveCandidateStatus(trx, candidate.id, step.candidateStatus, nowIso);
    } else if (campaign?.status === 'stopped') {
      // No next attempt: the candidate waits to be called back should the campaign start again.
      if (candidate.status === 'calling') await moveCandidateStatus(trx, candidate.id, 'callback', nowIso);
    } else {
      const dueAt = nextDueAt(
        job,
        candidate,
        attempt,
        nowIso,
        step.reason === 'callback' ? (how.callbackAt ?? null) : null,
        how.realPhones,
      );
      await insertNextAttempt(trx, {
        job_id: attempt.job_id,
        candidate_id: attempt.candidate_id,
        number: attempt.number + 1,
        state: 'due',
        due_at: dueAt,
        reason: step.reason,
        created_at: nowIso,
        updated_at: nowIso,
      });
      await moveCandidateStatus(trx, candidate.id, 'callback', nowIso);
    }
  }
  await finishWhenDone(trx, attempt.job_id, nowIso);
}

/**
 * Marks the job's running campaign finished when none of its attempts is due, claimed or dialled, in the transaction
 * that ended one. As progress.ts finishIfDone, but asking whether one open attempt exists (one probe of the (job_id,
 * state) index) rather than counting them all: it runs at every attempt's end, and the count grew with the campaign
 * (quadratic over a campaign of 10,000). The campaign row is locked first, so of two ends committing together the
 * later one sees the earlier one's attempt done.
 */
export async function finishWhenDone(trx: Transaction<Database>, jobId: number, nowIso: string): Promise<void> {
  const campaign = await lockCampaign(trx, jobId);
  if (campaign?.status !== 'running' || (await hasOpenAttempts(trx, jobId))) return;
  await updateCampaign(trx, jobId, { status: 'finished', finished_at: nowIso, paused_reason: null, updated_at: nowIso });
}

/** The next attempt's due instant: when the candidate asked (if still ahead), else after the job's wait. */
function nextDueAt(
  job: JobRow,
  candidate: CandidateRow,
  attempt: AttemptRow,
  nowIso: string,
  askedAt: string | null,
  realPhones: boolean,
): string {
  const hours = realPhones ? job.calling_hours : null;
  const zone = candidateZones(candidate, job);
  if (askedAt !== null && Date.parse(askedAt) > Date.parse(nowIso)) return shiftIntoHours(askedAt, hours, zone);
  return nextAttemptAt({ endedAt: nowIso, number: attempt.number, waits: parseWaits(job.retry_minutes), callingHours: hours, zone });
}

/** The candidate's zone, else every zone of their number's country, else the job's. */
export function candidateZones(candidate: Pick<CandidateRow, 'timezone' | 'phone'>, job: Pick<JobRow, 'timezone'>): readonly string[] {
  if (candidate.timezone !== null) return [candidate.timezone];
  const zones = zonesForPhone(candidate.phone).zones;
  return zones.length > 0 ? zones : [job.timezone];
}

/** '120,1440' → [120, 1440] (blank or bad parts skipped; none: a two-hour wait). */
export function parseWaits(text: string): number[] {
  const waits = text
    .split(',')
    .map((p) => Number.parseInt(p.trim(), 10))
    .filter((n) => Number.isFinite(n) && n > 0);
  return waits.length > 0 ? waits : [120];
}

/** The latest time the candidate asked to be called back at during the call (the turns' callback_at), or null. */
async function askedCallbackAt(trx: Transaction<Database>, callSid: string): Promise<string | null> {
  const row = await trx
    .selectFrom('conversation_turns')
    .select('callback_at')
    .where('call_sid', '=', callSid)
    .where('callback_at', 'is not', null)
    .orderBy('turn_number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.callback_at ?? null;
}
