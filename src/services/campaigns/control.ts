import type { Transaction } from 'kysely';
import { AppError, conflict, notFound } from '../../core/errors.js';
import { cancelDueAttempts, createStartAttempts, lockCampaign, updateCampaign, upsertCampaign } from '../../db/campaigns.repo.js';
import type { CampaignRow } from '../../db/campaigns.table.js';
import { lockJob } from '../../db/candidates.repo.js';
import type { JobRow } from '../../db/jobs.table.js';
import { getJob } from '../../db/jobs.repo.js';
import type { Database } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { campaignProgress, finishIfDone, type CampaignProgress } from './progress.js';

/**
 * A recruiter's hand on a job's campaign. Every change commits first, then pokes the engine (it looks again at once
 * instead of at its next tick). What each one does, from each state (none = never started):
 *
 * - start: from any state. The job must be open (409 `job_not_open`). Every candidate in status new or callback
 *   with no attempt pending gets one, due now; the campaign runs (paused_reason cleared). A start while running or
 *   paused adds the candidates imported since and keeps `started_at`; after a stop or a finish it is a new run
 *   (`started_at` now). Starting twice creates nothing twice. With nobody to call it is finished at once.
 * - pause: running → paused (nothing new is claimed; calls on the line finish). Paused: unchanged.
 *   Stopped or finished: 409 `campaign_not_running`.
 * - resume: paused → running; the job must be open (409 `job_not_open`). Running: unchanged. Stopped or finished:
 *   409 `campaign_ended` (start it again instead: that is what decides who is called).
 * - stop: running or paused → stopped, every due attempt cancelled (calls on the line finish). Stopped: unchanged
 *   (due attempts cancelled again). Finished: unchanged.
 *
 * Pause, resume and stop of a job never started: 404 `campaign_not_found`. Unknown job: 404 `not_found`.
 */

type ControlDeps = Pick<Deps, 'database' | 'now' | 'campaigns'>;

/** What a start did, with the progress after it. */
export type StartedCampaign = CampaignProgress & { attempts_created: number };

/** Starts (or restarts) a job's campaign; see the module's notes. */
export async function startCampaign(deps: ControlDeps, jobId: number): Promise<StartedCampaign> {
  const nowIso = deps.now().toISOString();
  const created = await deps.database.db.transaction().execute(async (trx) => {
    const job = await lockedJob(trx, jobId);
    requireOpen(job);
    const current = await lockCampaign(trx, jobId);
    const continuing = current?.status === 'running' || current?.status === 'paused';
    const row: CampaignRow = {
      job_id: jobId,
      status: 'running',
      started_at: continuing ? current.started_at : nowIso,
      updated_at: nowIso,
      finished_at: null,
      paused_reason: null,
    };
    await upsertCampaign(trx, row);
    const made = await createStartAttempts(trx, jobId, nowIso);
    await finishIfDone(trx, jobId, nowIso);
    return made;
  });
  deps.campaigns.poke();
  return { ...(await campaignProgress(deps, jobId)), attempts_created: created };
}

/** Pauses a running campaign; see the module's notes. */
export async function pauseCampaign(deps: ControlDeps, jobId: number): Promise<CampaignProgress> {
  return change(deps, jobId, async (trx, campaign, _job, nowIso) => {
    if (campaign.status === 'paused') return;
    if (campaign.status !== 'running') {
      throw conflict('campaign_not_running', `The campaign is ${campaign.status}: only a running campaign can be paused.`, {
        status: campaign.status,
      });
    }
    await updateCampaign(trx, jobId, { status: 'paused', paused_reason: null, updated_at: nowIso });
  });
}

/** Resumes a paused campaign; see the module's notes. */
export async function resumeCampaign(deps: ControlDeps, jobId: number): Promise<CampaignProgress> {
  return change(deps, jobId, async (trx, campaign, job, nowIso) => {
    if (campaign.status === 'running') return;
    if (campaign.status !== 'paused') {
      throw conflict('campaign_ended', `The campaign is ${campaign.status}: start it again (POST /jobs/${jobId}/campaign) instead.`, {
        status: campaign.status,
      });
    }
    requireOpen(job);
    await updateCampaign(trx, jobId, { status: 'running', paused_reason: null, updated_at: nowIso });
    await finishIfDone(trx, jobId, nowIso);
  });
}

/** Stops a campaign: its due attempts cancelled; see the module's notes. */
export async function stopCampaign(deps: ControlDeps, jobId: number): Promise<CampaignProgress> {
  return change(deps, jobId, async (trx, campaign, _job, nowIso) => {
    if (campaign.status === 'finished') return;
    await cancelDueAttempts(trx, jobId, nowIso);
    if (campaign.status !== 'stopped') await updateCampaign(trx, jobId, { status: 'stopped', paused_reason: null, updated_at: nowIso });
  });
}

/** Runs `apply` on the locked job and campaign in one transaction, pokes the engine, and answers the progress. */
async function change(
  deps: ControlDeps,
  jobId: number,
  apply: (trx: Transaction<Database>, campaign: CampaignRow, job: JobRow, nowIso: string) => Promise<void>,
): Promise<CampaignProgress> {
  const nowIso = deps.now().toISOString();
  await deps.database.db.transaction().execute(async (trx) => {
    const job = await lockedJob(trx, jobId);
    const campaign = await lockCampaign(trx, jobId);
    if (campaign === undefined) {
      throw new AppError('campaign_not_found', `Job ${jobId} has no campaign: start one with POST /jobs/${jobId}/campaign.`, 404);
    }
    await apply(trx, campaign, job, nowIso);
  });
  deps.campaigns.poke();
  return campaignProgress(deps, jobId);
}

async function lockedJob(trx: Transaction<Database>, jobId: number): Promise<JobRow> {
  const job = (await lockJob(trx, jobId)) ? await getJob(trx, jobId) : undefined;
  if (job === undefined) throw notFound(`Job ${jobId}`);
  return job;
}

function requireOpen(job: JobRow): void {
  if (job.status !== 'open') {
    throw conflict('job_not_open', `The job is ${job.status}: set its status to open (PATCH /jobs/${job.id}) to call its candidates.`, {
      job_status: job.status,
    });
  }
}
