import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Whether a job is being recruited for: only open jobs are called for. */
export type JobStatus = 'open' | 'paused' | 'closed';

export const JOB_STATUSES: readonly JobStatus[] = ['open', 'paused', 'closed'];

/**
 * `jobs`: one hiring round (a position at a company) with its interview's details, its zone and its calling rules.
 * Exactly one row has `is_default = 1`: the job made from the prototype's settings, used by calls placed without a
 * job. Timestamps are UTC ISO text.
 */
export interface JobsTable {
  id: Generated<number>;
  /** The position, as spoken ("Software Engineer"). */
  title: string;
  /** The company, as spoken in the greeting. */
  company: string;
  /** IANA zone the job's slots are defined in. */
  timezone: string;
  /** The interview's length; a slot's own `minutes` overrides it. */
  interview_minutes: number;
  /** How the interview is held, as spoken after its length ("video call"). */
  format: string;
  /** Video link, phone number or address. */
  location: string | null;
  /** What the caller may tell candidates about the role. */
  description: string | null;
  /** 'HH:MM-HH:MM' in the candidate's zone, like CALLING_HOURS. */
  calling_hours: string;
  max_turns: number;
  /** The caller's name spoken in the greeting; null: the service's default. */
  caller_name: string | null;
  voicemail_message: string | null;
  status: JobStatus;
  /** Campaign calls per candidate at most (default 3). */
  max_attempts: Generated<number>;
  /** Minutes to wait before each retry, comma-separated, the last repeated (default '120,1440'). */
  retry_minutes: Generated<string>;
  /** Reminders: minutes before the interview, comma-separated ('' for none; default '1440,120'). */
  reminder_minutes: Generated<string>;
  /** BCP 47 tag of the candidate pages' language: 'en', 'es', 'fr' or 'de' (default 'en'; see core/languages.ts). */
  language: Generated<string>;
  /** SHA-256 (hex) of the job's calendar feed token; null: no feed. */
  calendar_token_hash: string | null;
  /** 1 for the default job, else 0. */
  is_default: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type JobRow = Selectable<JobsTable>;
export type NewJobRow = Insertable<JobsTable>;
export type JobUpdate = Omit<Updateable<JobsTable>, 'id' | 'is_default' | 'created_at'>;
