import { nextAttemptAt } from '../../core/campaigns/cadence.js';
import type { AttemptResult } from '../../core/campaigns/attempts.js';
import type { SimulateOptions } from '../../adapters/telephony.js';
import type { AttemptRow } from '../../db/attempts.table.js';
import type { CampaignRow } from '../../db/campaigns.table.js';
import type { CandidateRow, CandidateStatus } from '../../db/candidates.table.js';
import { doNotCallAmong } from '../../db/do-not-call.repo.js';
import type { JobRow } from '../../db/jobs.table.js';
import { listOpenSlots } from '../../db/slots.repo.js';
import type { Deps } from '../../deps.js';
import { callingHoursVerdict } from '../people.js';
import type { CallBack } from '../../core/conversation/types.js';
import { newConversation, type CheckedCall, type NewConversation } from '../dial-call.js';
import { candidateInputOf, resolveCandidate } from '../start-call.js';
import { readSimulatePlan, simulatedAttempt } from './simulate-plan.js';
import { candidateZones, parseWaits } from './attempt-end.js';

/** What must hold when a claimed attempt is dialled, read for a batch at once, and the step each attempt takes. */

/** Candidate statuses that leave the campaign: an attempt found for them at dial time is cancelled. */
const LEFT: ReadonlySet<CandidateStatus> = new Set(['scheduled', 'declined', 'opted_out', 'wrong_number', 'withdrawn']);

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

/** What the checks decided for one claimed attempt. */
export type Step =
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

/** The checks that must hold at dial time (the do-not-call list, calling hours, the job and campaign open…). */
export function check(deps: Deps, attempt: AttemptRow, context: DialContext, nowIso: string): Step {
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
    person = resolveCandidate(deps, job, candidateInputOf(candidate, job));
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
