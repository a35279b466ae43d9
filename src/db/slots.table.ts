import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** `slots`: a job's interview slots; the CHECK constraint keeps 0 <= booked_count <= capacity; UNIQUE(job_id, start_utc). */
export interface SlotsTable {
  id: Generated<number>;
  job_id: number;
  /** ISO-8601 with the job zone's offset, e.g. '2026-12-01T14:00:00-05:00'. */
  start_time: string;
  /** The same instant in UTC ISO-8601 with milliseconds, used for ordering. */
  start_utc: string;
  label: string;
  capacity: number;
  booked_count: ColumnType<number, number | undefined, number>;
  /** The interview's length; null: the job's `interview_minutes`. */
  minutes: number | null;
  interviewer_name: string | null;
  /** Stored lower-case: an interviewer is one person across jobs, matched by this address. */
  interviewer_email: string | null;
}

export type SlotRow = Selectable<SlotsTable>;
export type NewSlotRow = Insertable<SlotsTable>;
export type SlotUpdate = Omit<Updateable<SlotsTable>, 'id' | 'job_id' | 'booked_count'>;
