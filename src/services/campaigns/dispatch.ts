import { nextAttemptAt } from '../../core/campaigns/cadence.js';
import type { AttemptResult } from '../../core/campaigns/attempts.js';
import type { SimulateOptions, TelephonyError } from '../../adapters/telephony.js';
import { claimAttemptRow, getAttempt, markDialled, releaseAttempt } from '../../db/attempts.repo.js';
import type { AttemptRow } from '../../db/attempts.table.js';
import { updateCampaign } from '../../db/campaigns.repo.js';
import type { CampaignRow } from '../../db/campaigns.table.js';
import { moveCandidateStatus } from '../../db/candidates.repo.js';
import type { CandidateRow, CandidateStatus } from '../../db/candidates.table.js';
import { isDoNotCall } from '../../db/do-not-call.repo.js';
import { bumpFunnel } from '../../db/funnel.repo.js';
import type { JobRow } from '../../db/jobs.table.js';
import { listOpenSlots } from '../../db/slots.repo.js';
import type { Deps } from '../../deps.js';
import { callingHoursVerdict } from '../people.js';
import type { CallBack } from '../../core/conversation/types.js';
import { placeCheckedCall, resolveCandidate } from '../start-call.js';
import { readSimulatePlan, simulatedAttempt } from './simulate-plan.js';
import { candidateZones, concludeAttempt, finishWhenDone, parseWaits } from './attempt-end.js';

/**
 * Dials one due attempt: claim it (one conditional UPDATE: whoever updates the row owns it, and from then on it is
 * never dialled again by anyone), check what must hold at dial time, then place the call through startCall's path.
 * A crash anywhere after the claim leaves the attempt claimed with a lease; reconcile resolves it by asking Twilio.
 */

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

/** Candidate statuses that leave the campaign: an attempt found for them at dial time is cancelled. */
const LEFT: ReadonlySet<CandidateStatus> = new Set(['scheduled', 'declined', 'opted_out', 'wrong_number', 'withdrawn']);

/** Twilio's errors that say the number cannot be called at all: no retry, the candidate is unreachable. */
export const INVALID_NUMBER_CODES: ReadonlySet<string> = new Set(['21211', '21217', '13224', '21214', '21215', '13223']);

/** The lease of a claim: CAMPAIGN_LEASE_SECONDS of real time, as an instant on the service's (maybe fast) clock. */
export function leaseUntil(deps: Pick<Deps, 'config' | 'clockSpeed'>, now: Date): string {
  return new Date(now.getTime() + deps.config.CAMPAIGN_LEASE_SECONDS * 1000 * deps.clockSpeed).toISOString();
}

/**
 * What the dial-time checks read, for a batch of claimed attempts at once (the embedded engine claims several per
 * pass): their jobs, campaigns and candidates, and whether each job has an open slot. Read after the claim, so the
 * checks see the state at dial time, not at the time the attempts were chosen.
 */
export interface DialContext {
  jobs: ReadonlyMap<number, JobRow>;
  campaigns: ReadonlyMap<number, CampaignRow>;
  candidates: ReadonlyMap<number, CandidateRow>;
  /** Jobs with at least one open slot now. */
  jobsWithOpenSlots: ReadonlySet<number>;
}

/** Reads the dial context of `attempts` (claimed): a few queries for the whole batch. */
export async function readDialContext(deps: Deps, attempts: readonly AttemptRow[], nowIso: string): Promise<DialContext> {
  const db = deps.database.db;
  const jobIds = [...new Set(attempts.map((a) => a.job_id))];
  const candidateIds = [...new Set(attempts.map((a) => a.candidate_id))];
  if (jobIds.length === 0) return { jobs: new Map(), campaigns: new Map(), candidates: new Map(), jobsWithOpenSlots: new Set() };
  const [jobs, campaigns, candidates] = await Promise.all([
    db.selectFrom('jobs').selectAll().where('id', 'in', jobIds).execute(),
    db.selectFrom('campaigns').selectAll().where('job_id', 'in', jobIds).execute(),
    db.selectFrom('candidates').selectAll().where('id', 'in', candidateIds).execute(),
  ]);
  const open = await Promise.all(jobIds.map(async (id) => ((await listOpenSlots(db, id, nowIso)).length > 0 ? [id] : [])));
  return {
    jobs: new Map(jobs.map((j) => [j.id, j])),
    campaigns: new Map(campaigns.map((c) => [c.job_id, c])),
    candidates: new Map(candidates.map((c) => [c.id, c])),
    jobsWithOpenSlots: new Set(open.flat()),
  };
}

/** Claims attempt `attemptId` (if it is still due) and dials it: see dispatchClaimed. */
export async function dispatchAttempt(deps: Deps, attemptId: number): Promise<Dispatched> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const claim = { instanceId: deps.instanceId, nowIso, leaseUntil: leaseUntil(deps, now) };
  const attempt = await claimAttemptRow(deps.database.db, attemptId, claim);
  if (attempt === undefined) return 'taken';
  return dispatchClaimed(deps, attempt, nowIso);
}

/**
 * Checks and dials an attempt this instance claimed at `nowIso`, with `context` read after the claim (read here for
 * this attempt alone when absent). A database error before the REST request puts it back to due; after it, startCall's
 * own handling ran and reconcile asks Twilio.
 */
export async function dispatchClaimed(deps: Deps, attempt: AttemptRow, nowIso: string, context?: DialContext): Promise<Dispatched> {
  const db = deps.database.db;
  try {
    return await checkAndDial(deps, attempt, context ?? (await readDialContext(deps, [attempt], nowIso)), nowIso);
  } catch (err) {
    deps.logger.error({ err, attempt: attempt.id }, 'dispatching a campaign attempt failed');
    // Released only when no conversation was made for it (then no REST request was sent); otherwise reconcile asks.
    const current = await getAttempt(db, attempt.id).catch(() => undefined);
    if (current?.state === 'claimed' && current.conversation_id === null)
      await releaseAttempt(db, attempt.id, nowIso, nowIso).catch(() => false);
    return 'unknown';
  }
}

async function checkAndDial(deps: Deps, attempt: AttemptRow, context: DialContext, nowIso: string): Promise<Dispatched> {
  const db = deps.database.db;
  const job = context.jobs.get(attempt.job_id);
  const candidate = context.candidates.get(attempt.candidate_id);
  const campaign = context.campaigns.get(attempt.job_id);
  if (job === undefined || candidate === undefined) return end(deps, attempt, null, nowIso);
  if (campaign?.status !== 'running' || job.status !== 'open') return release(deps, attempt, nowIso, nowIso);
  if (LEFT.has(candidate.status)) return end(deps, attempt, null, nowIso);
  if (await isDoNotCall(db, deps.doNotCallSecret, candidate.phone)) return end(deps, attempt, 'do_not_call', nowIso);
  if (deps.telephony.mode === 'twilio') {
    const hours = callingHoursVerdict(
      { ...deps, config: { ...deps.config, CALLING_HOURS: job.calling_hours } },
      candidate.phone,
      candidate.timezone ?? undefined,
    );
    if (!hours.result.allowed) {
      // Windows that never overlap across the number's zones: tried again in a day (the recruiter sees it waiting).
      const next = hours.result.nextAllowed ?? new Date(Date.parse(nowIso) + 86_400_000).toISOString();
      return release(deps, attempt, new Date(next).toISOString(), nowIso);
    }
  }
  if (!context.jobsWithOpenSlots.has(job.id)) {
    await db
      .transaction()
      .execute((trx) => updateCampaign(trx, job.id, { status: 'paused', paused_reason: 'no_open_slots', updated_at: nowIso }));
    deps.logger.warn({ jobId: job.id }, 'campaign paused: the job has no open interview slot');
    return release(deps, attempt, nowIso, nowIso);
  }
  return dial(deps, attempt, job, candidate, nowIso);
}

async function dial(deps: Deps, attempt: AttemptRow, job: JobRow, candidate: CandidateRow, nowIso: string): Promise<Dispatched> {
  const db = deps.database.db;
  let person;
  try {
    person = resolveCandidate(deps, job, {
      name: candidate.name,
      phone: candidate.phone,
      email: candidate.email,
      ...(candidate.timezone === null ? {} : { timezone: candidate.timezone }),
      ...(job.title === '' ? {} : { position: job.title }),
      ...(job.company === '' ? {} : { company: job.company }),
    });
  } catch (err) {
    deps.logger.warn({ err, attempt: attempt.id }, 'campaign candidate cannot be called as stored');
    return end(deps, attempt, 'invalid_number', nowIso);
  }
  await db.transaction().execute(async (trx) => {
    await moveCandidateStatus(trx, candidate.id, 'calling', nowIso);
    await bumpFunnel(trx, job.id, 'calls_placed', 1);
  });
  const realPhones = deps.telephony.mode === 'twilio';
  const placed = await placeCheckedCall(deps, {
    job,
    candidate: person.candidate,
    phone: person.phone,
    candidateId: candidate.id,
    attemptId: attempt.id,
    amd: true,
    callBack: callBackFor(job, candidate, attempt, nowIso, realPhones),
    ...(realPhones ? {} : { simulate: simulationOf(candidate, attempt.number) }),
  });
  if (placed.ok) {
    await markDialled(db, attempt.id, placed.call.callSid, deps.now().toISOString());
    return 'dialled';
  }
  return afterFailure(deps, attempt, placed.failure, realPhones);
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
  await db.transaction().execute((trx) => bumpFunnel(trx, attempt.job_id, 'calls_placed', -1));
  if (failure.kind === 'account') {
    await db
      .transaction()
      .execute((trx) => updateCampaign(trx, attempt.job_id, { status: 'paused', paused_reason: 'telephony_account', updated_at: nowIso }));
    deps.logger.error({ jobId: attempt.job_id, code: failure.code }, 'campaign paused: the telephony refused our account');
    return release(deps, attempt, nowIso, nowIso);
  }
  const result: AttemptResult = INVALID_NUMBER_CODES.has(failure.code) ? 'invalid_number' : 'failed';
  await db.transaction().execute((trx) => concludeAttempt(trx, { ...attempt, state: 'claimed' }, result, nowIso, { realPhones }));
  return 'ended';
}

/** The call back the caller may promise: only when another attempt remains, at the default wait from now. */
function callBackFor(job: JobRow, candidate: CandidateRow, attempt: AttemptRow, nowIso: string, realPhones: boolean): CallBack | null {
  if (attempt.number >= job.max_attempts) return null;
  const callingHours = realPhones ? job.calling_hours : null;
  const defaultAt = nextAttemptAt({
    endedAt: nowIso,
    number: attempt.number,
    waits: parseWaits(job.retry_minutes),
    callingHours,
    zone: candidateZones(candidate, job),
  });
  return { defaultAt, callingHours };
}

/** What the simulator plays for attempt `number`: the candidate's plan for it, else an answer that books. */
export function simulationOf(candidate: Pick<CandidateRow, 'simulate'>, number: number): SimulateOptions {
  const entry = simulatedAttempt(readSimulatePlan(candidate.simulate), number);
  return { result: entry.result, ...(entry.replies === undefined ? {} : { replies: entry.replies }) };
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
