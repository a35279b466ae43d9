import type { Transaction } from 'kysely';
import { nextAttemptAt } from '../../core/campaigns/cadence.js';
import type { AttemptResult } from '../../core/campaigns/attempts.js';
import type { SimulateOptions, TelephonyError } from '../../adapters/telephony.js';
import { claimAttemptRow, getAttempt, releaseAttempt, setAttemptConversations, type HeldClaim } from '../../db/attempts.repo.js';
import type { AttemptRow } from '../../db/attempts.table.js';
import { updateCampaign } from '../../db/campaigns.repo.js';
import type { CampaignRow } from '../../db/campaigns.table.js';
import { moveCandidatesStatus } from '../../db/candidates.repo.js';
import type { CandidateRow, CandidateStatus } from '../../db/candidates.table.js';
import { doNotCallAmong } from '../../db/do-not-call.repo.js';
import { bumpFunnel } from '../../db/funnel.repo.js';
import type { JobRow } from '../../db/jobs.table.js';
import { listOpenSlots } from '../../db/slots.repo.js';
import type { Deps } from '../../deps.js';
import type { Database } from '../../db/schema.js';
import type { NewSession } from '../../db/sessions.table.js';
import { callingHoursVerdict } from '../people.js';
import type { CallBack } from '../../core/conversation/types.js';
import {
  dialConversation,
  newConversation,
  resolveCandidate,
  type AnswerRecorder,
  type CheckedCall,
  type NewConversation,
} from '../start-call.js';
import { readSimulatePlan, simulatedAttempt } from './simulate-plan.js';
import { candidateZones, concludeAttempt, finishWhenDone, parseWaits } from './attempt-end.js';

/**
 * Dials due attempts: claim them (one conditional UPDATE: whoever updates a row owns it, and from then on it is never
 * dialled again by anyone), check what must hold at dial time, then place the calls through startCall's path. A crash
 * anywhere after the claim leaves an attempt claimed with a lease; reconcile resolves it by asking Twilio.
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
 * pass): their jobs, campaigns and candidates, whether each job has an open slot, and which of the candidates' numbers
 * are on the do-not-call list. Read after the claim, so the checks see the state at dial time, not at the time the
 * attempts were chosen.
 */
export interface DialContext {
  jobs: ReadonlyMap<number, JobRow>;
  campaigns: ReadonlyMap<number, CampaignRow>;
  candidates: ReadonlyMap<number, CandidateRow>;
  /** Jobs with at least one open slot now. */
  jobsWithOpenSlots: ReadonlySet<number>;
  /** The candidates' numbers (as stored) that are on the do-not-call list. */
  doNotCall: ReadonlySet<string>;
}

/** Reads the dial context of `attempts` (claimed): a few queries for the whole batch. */
export async function readDialContext(deps: Deps, attempts: readonly AttemptRow[], nowIso: string): Promise<DialContext> {
  const db = deps.database.db;
  const jobIds = [...new Set(attempts.map((a) => a.job_id))];
  const candidateIds = [...new Set(attempts.map((a) => a.candidate_id))];
  if (jobIds.length === 0) {
    return { jobs: new Map(), campaigns: new Map(), candidates: new Map(), jobsWithOpenSlots: new Set(), doNotCall: new Set() };
  }
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
    doNotCall: await doNotCallAmong(
      db,
      deps.doNotCallSecret,
      candidates.map((c) => c.phone),
    ),
  };
}

/** Claims attempt `attemptId` (if it is still due) and dials it: see dispatchClaimed. */
export async function dispatchAttempt(deps: Deps, attemptId: number): Promise<Dispatched> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const claim = { instanceId: deps.instanceId, nowIso, leaseUntil: leaseUntil(deps, now) };
  const attempt = await claimAttemptRow(deps.database.db, attemptId, claim);
  if (attempt === undefined) return 'taken';
  return (await dispatchClaimed(deps, [attempt], nowIso).get(attempt.id)) ?? 'unknown';
}

/** What the checks decided for one claimed attempt. */
type Step =
  /** Ended without a call: cancelled (result null) or done with the result. */
  | { kind: 'end'; result: AttemptResult | null }
  /** Not now: back to due at `dueAt`. */
  | { kind: 'release'; dueAt: string }
  /** The job has no open slot: the campaign paused, the attempt back to due. */
  | { kind: 'no_slots' }
  /** Dialled: the call and its conversation (inserted with the batch's, before any REST request). */
  | { kind: 'dial'; call: CheckedCall; conversation: NewConversation }
  /** The claim was lost before the link (reconcile took the attempt): nothing written, nothing dialled. */
  | { kind: 'lost' };

/**
 * Checks and dials attempts this instance claimed at `nowIso`, as one batch: their context read once (after the
 * claim), the conversations of those that pass inserted in one transaction (each linked to its attempt, the candidate
 * moved to calling), then a REST request each, side by side under the telephony's own limits. Returns what becomes
 * of each attempt, by id; `record` records Twilio's answers (one transaction each by default). A database error
 * before an attempt's REST request puts it back to due; after it, startCall's own handling ran and reconcile asks.
 */
export function dispatchClaimed(
  deps: Deps,
  attempts: readonly AttemptRow[],
  nowIso: string,
  record?: AnswerRecorder,
): Map<number, Promise<Dispatched>> {
  const out = new Map<number, Promise<Dispatched>>();
  if (attempts.length === 0) return out;
  const steps = checkBatch(deps, attempts, nowIso);
  for (const attempt of attempts) {
    const step = steps.then((s) => s.get(attempt.id) ?? { kind: 'end' as const, result: null });
    out.set(
      attempt.id,
      step.then((s) => carryOut(deps, attempt, s, nowIso, record)).catch((err: unknown) => recover(deps, attempt, nowIso, err)),
    );
  }
  return out;
}

async function checkBatch(deps: Deps, attempts: readonly AttemptRow[], nowIso: string): Promise<Map<number, Step>> {
  const context = await readDialContext(deps, attempts, nowIso);
  const steps = new Map(attempts.map((attempt) => [attempt.id, check(deps, attempt, context, nowIso)]));
  const dials = attempts.flatMap((attempt) => {
    const step = steps.get(attempt.id);
    return step?.kind === 'dial' ? [{ attempt, call: step.call, conversation: step.conversation }] : [];
  });
  if (dials.length === 0) return steps;
  await deps.database.db.transaction().execute(async (trx) => {
    // First the links, each only while this batch's claim still holds: an attempt reconcile took back (its lease ran
    // out) is not ours any more, and gets no conversation, no candidate move, no count and no REST request.
    const linked = new Set(
      await setAttemptConversations(
        trx,
        dials.map((d) => ({ attemptId: d.attempt.id, conversationId: d.conversation.id, ...heldClaim(d.attempt, nowIso) })),
        nowIso,
      ),
    );
    const kept = dials.filter((d) => linked.has(d.attempt.id));
    for (const d of dials) if (!linked.has(d.attempt.id)) steps.set(d.attempt.id, { kind: 'lost' });
    if (kept.length === 0) return;
    const placedByJob = new Map<number, number>();
    for (const { attempt } of kept) placedByJob.set(attempt.job_id, (placedByJob.get(attempt.job_id) ?? 0) + 1);
    await moveCandidatesStatus(
      trx,
      kept.map((d) => d.attempt.candidate_id),
      'calling',
      nowIso,
    );
    await insertSessions(
      trx,
      kept.map((d) => d.conversation.session),
    );
    for (const [jobId, placed] of placedByJob) await bumpFunnel(trx, jobId, 'calls_placed', placed);
  });
  for (const d of dials) if (steps.get(d.attempt.id)?.kind === 'lost') deps.logger.warn({ attempt: d.attempt.id }, LOST);
  return steps;
}

const LOST = 'campaign attempt no longer held by this claim (reconciled after its lease ran out): not dialled';

/** The claim a batch holds on `attempt`, as the claim returned it. */
function heldClaim(attempt: AttemptRow, nowIso: string): HeldClaim {
  return { claimedBy: attempt.claimed_by ?? '', claimedAt: attempt.claimed_at ?? nowIso };
}

/** The checks that must hold at dial time (the do-not-call list, calling hours, the job and campaign open…). */
function check(deps: Deps, attempt: AttemptRow, context: DialContext, nowIso: string): Step {
  const job = context.jobs.get(attempt.job_id);
  const candidate = context.candidates.get(attempt.candidate_id);
  const campaign = context.campaigns.get(attempt.job_id);
  if (job === undefined || candidate === undefined) return { kind: 'end', result: null };
  if (campaign?.status !== 'running' || job.status !== 'open') return { kind: 'release', dueAt: nowIso };
  if (LEFT.has(candidate.status)) return { kind: 'end', result: null };
  if (context.doNotCall.has(candidate.phone)) return { kind: 'end', result: 'do_not_call' };
  const realPhones = deps.telephony.mode === 'twilio';
  if (realPhones) {
    const hours = callingHoursVerdict(
      { ...deps, config: { ...deps.config, CALLING_HOURS: job.calling_hours } },
      candidate.phone,
      candidate.timezone ?? undefined,
    );
    if (!hours.result.allowed) {
      // Windows that never overlap across the number's zones: tried again in a day (the recruiter sees it waiting).
      const next = hours.result.nextAllowed ?? new Date(Date.parse(nowIso) + 86_400_000).toISOString();
      return { kind: 'release', dueAt: new Date(next).toISOString() };
    }
  }
  if (!context.jobsWithOpenSlots.has(job.id)) return { kind: 'no_slots' };
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
    return { kind: 'end', result: 'invalid_number' };
  }
  const call: CheckedCall = {
    job,
    candidate: person.candidate,
    phone: person.phone,
    candidateId: candidate.id,
    attemptId: attempt.id,
    amd: true,
    callBack: callBackFor(job, candidate, attempt, nowIso, realPhones),
    ...(realPhones ? {} : { simulate: simulationOf(candidate, attempt.number) }),
  };
  return { kind: 'dial', call, conversation: newConversation(deps, call) };
}

async function carryOut(deps: Deps, attempt: AttemptRow, step: Step, nowIso: string, record?: AnswerRecorder): Promise<Dispatched> {
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
async function recover(deps: Deps, attempt: AttemptRow, nowIso: string, err: unknown): Promise<Dispatched> {
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

/** The batch's sessions in one INSERT. */
async function insertSessions(trx: Transaction<Database>, rows: readonly NewSession[]): Promise<void> {
  await trx
    .insertInto('conversation_sessions')
    .values([...rows])
    .execute();
}
