import type { Transaction } from 'kysely';
import { notFound } from '../../core/errors.js';
import type { AttemptResult } from '../../db/attempts.table.js';
import {
  countAttempts,
  countPendingAttempts,
  doneByResult,
  finishCampaignIfDone,
  getCampaign,
  waitingAttempts,
  type WaitingAttempt,
} from '../../db/campaigns.repo.js';
import type { CampaignStatus } from '../../db/campaigns.table.js';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../db/candidates.table.js';
import { readFunnelCounters } from '../../db/funnel.repo.js';
import type { Database } from '../../db/schema.js';
import type { Deps } from '../../deps.js';

/** How many waiting attempts the progress lists (the soonest); `waiting_count` counts them all. */
export const WAITING_SHOWN = 100;

/** Where a job's campaign stands (GET /jobs/{id}/campaign). */
export interface CampaignProgress {
  job_id: number;
  /** null: the job's campaign was never started. */
  status: CampaignStatus | null;
  /** Why the service paused it by itself ('no_open_slots'); null when a recruiter paused it or it is not paused. */
  paused_reason: string | null;
  started_at: string | null;
  finished_at: string | null;
  /** Attempts whose time has come, waiting for a free line (or for the campaign to run). */
  due_now: number;
  /** Attempts being dialled or on the line (claimed or dialled). */
  in_progress: number;
  /** Attempts waiting for their time (a retry or a call back), soonest first, at most {@link WAITING_SHOWN}. */
  waiting: WaitingAttempt[];
  waiting_count: number;
  /** Done attempts by result. */
  finished: Partial<Record<AttemptResult, number>>;
  /** Attempts cancelled before they were dialled (a stop, or the candidate left the campaign). */
  cancelled: number;
  /** The job's candidates by status (every status, zeros included). */
  candidates: Record<CandidateStatus, number>;
  attempts_total: number;
}

type Reader = Pick<Deps, 'database' | 'now'>;

/**
 * Marks a job's running campaign finished when none of its attempts is due, claimed or dialled (for the dispatcher,
 * in the transaction that ends an attempt, and for the progress read). True when it did.
 */
export async function finishIfDone(trx: Transaction<Database>, jobId: number, nowIso: string): Promise<boolean> {
  return finishCampaignIfDone(trx, jobId, nowIso);
}

/**
 * A job's campaign progress: a few aggregates over the job's attempts (the (job_id, state) index), its funnel's status
 * counters, and the soonest waiting attempts. A running campaign with nothing left to call is marked finished here
 * too (the dispatcher does it when an attempt ends; this covers a start with nobody to call). 404 for no such job.
 */
export async function campaignProgress(deps: Reader, jobId: number): Promise<CampaignProgress> {
  const db = deps.database.db;
  const job = await db.selectFrom('jobs').select('id').where('id', '=', jobId).executeTakeFirst();
  if (job === undefined) throw notFound(`Job ${jobId}`);
  const nowIso = deps.now().toISOString();
  let campaign = await getCampaign(db, jobId);
  if (campaign?.status === 'running' && (await countPendingAttempts(db, jobId)) === 0) {
    await db.transaction().execute((trx) => finishIfDone(trx, jobId, nowIso));
    campaign = await getCampaign(db, jobId);
  }
  const [counts, waiting, results, counters] = await Promise.all([
    countAttempts(db, jobId, nowIso),
    waitingAttempts(db, jobId, nowIso, WAITING_SHOWN),
    doneByResult(db, jobId),
    readFunnelCounters(db, jobId),
  ]);
  const candidates: Record<CandidateStatus, number> = {
    new: 0,
    calling: 0,
    scheduled: 0,
    declined: 0,
    callback: 0,
    opted_out: 0,
    wrong_number: 0,
    unreachable: 0,
    withdrawn: 0,
  };
  for (const status of CANDIDATE_STATUSES) candidates[status] = counters.get(`status:${status}`) ?? 0;
  return {
    job_id: jobId,
    status: campaign?.status ?? null,
    paused_reason: campaign?.paused_reason ?? null,
    started_at: campaign?.started_at ?? null,
    finished_at: campaign?.finished_at ?? null,
    due_now: counts.dueNow,
    in_progress: counts.byState.claimed + counts.byState.dialled,
    waiting,
    waiting_count: counts.byState.due - counts.dueNow,
    finished: Object.fromEntries(results),
    cancelled: counts.byState.cancelled,
    candidates,
    attempts_total: counts.total,
  };
}
