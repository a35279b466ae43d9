import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Where a candidate stands; the service keeps it (imports start at 'new', calls and their outcomes move it). */
export type CandidateStatus =
  'new' | 'calling' | 'scheduled' | 'declined' | 'callback' | 'opted_out' | 'wrong_number' | 'unreachable' | 'withdrawn';

export const CANDIDATE_STATUSES: readonly CandidateStatus[] = [
  'new',
  'calling',
  'scheduled',
  'declined',
  'callback',
  'opted_out',
  'wrong_number',
  'unreachable',
  'withdrawn',
];

/**
 * `candidates`: the people to call for one job. UNIQUE(job_id, phone) and UNIQUE(job_id, external_id) where the
 * external id is set: an import matches by the tracking system's id, else by the number. Timestamps are UTC ISO text.
 */
export interface CandidatesTable {
  id: Generated<number>;
  job_id: number;
  name: string;
  /** E.164. */
  phone: string;
  email: string | null;
  /** IANA zone; null means "from the number" as for any call. */
  timezone: string | null;
  /** The applicant tracking system's id. */
  external_id: string | null;
  notes: string | null;
  status: CandidateStatus;
  created_at: string;
  updated_at: string;
  /** When the first booking was made (for the median time from import to booking); null until then. */
  scheduled_at: string | null;
  /** JSON `{attempts: [{result, replies}]}`: what the simulator plays on each campaign attempt; null: answer and take the first slot. */
  simulate: string | null;
}

export type CandidateRow = Selectable<CandidatesTable>;
export type NewCandidateRow = Insertable<CandidatesTable>;
export type CandidateUpdate = Omit<Updateable<CandidatesTable>, 'id' | 'job_id' | 'created_at'>;
