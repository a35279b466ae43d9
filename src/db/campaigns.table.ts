import type { Selectable, Updateable } from 'kysely';

/** Where a job's campaign stands: calling, held, ended by a recruiter, or out of candidates to call. */
export type CampaignStatus = 'running' | 'paused' | 'stopped' | 'finished';

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['running', 'paused', 'stopped', 'finished'];

/** `campaigns`: one row per job whose campaign was ever started. Timestamps are UTC ISO text. */
export interface CampaignsTable {
  job_id: number;
  status: CampaignStatus;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  /** Why the service paused it by itself (e.g. 'no_open_slots'); null when a recruiter did or it runs. */
  paused_reason: string | null;
}

export type CampaignRow = Selectable<CampaignsTable>;
export type CampaignUpdate = Omit<Updateable<CampaignsTable>, 'job_id'>;
