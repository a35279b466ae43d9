import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { InterviewFacts } from './compose.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A booking as its messages describe it, or undefined when it does not exist (any more). The candidate is the
 * candidate row when the call was placed for one, else the call's own details; their zone is theirs, else the call's
 * (from the number), else the job's.
 */
export async function loadInterview(db: Db, bookingId: number): Promise<InterviewFacts | undefined> {
  const row = await db
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .innerJoin('jobs as j', 'j.id', 's.job_id')
    .leftJoin('conversation_sessions as cs', 'cs.call_sid', 'b.call_sid')
    .leftJoin('candidates as c', 'c.id', 'b.candidate_id')
    .select([
      'b.id as booking_id',
      'b.sequence',
      'b.candidate_phone',
      'b.candidate_id',
      's.start_time',
      's.minutes',
      's.interviewer_name',
      's.interviewer_email',
      'j.id as job_id',
      'j.title',
      'j.company',
      'j.timezone as job_timezone',
      'j.format',
      'j.location',
      'j.interview_minutes',
      'cs.candidate_name as session_name',
      'cs.candidate_email as session_email',
      'cs.candidate_timezone as session_timezone',
      'c.name as candidate_name',
      'c.email as candidate_email',
      'c.timezone as candidate_timezone',
    ])
    .where('b.id', '=', bookingId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  // A candidate's row is the truth (their address may have been corrected, or removed, since the call).
  const email = cleanEmail(row.candidate_id !== null ? row.candidate_email : row.session_email);
  return {
    bookingId: row.booking_id,
    sequence: row.sequence,
    job: { id: row.job_id, title: row.title, company: row.company, timezone: row.job_timezone, format: row.format, location: row.location },
    start: row.start_time,
    minutes: row.minutes ?? row.interview_minutes,
    candidate: {
      id: row.candidate_id,
      name: row.candidate_name ?? row.session_name ?? 'there',
      email,
      phone: row.candidate_phone,
      timezone: row.candidate_timezone ?? row.session_timezone ?? row.job_timezone,
    },
    interviewer: row.interviewer_email === null ? null : { name: row.interviewer_name, email: row.interviewer_email },
  };
}

/** An address mail can be sent to, or null. */
export function cleanEmail(value: string | null | undefined): string | null {
  const email = value?.trim() ?? '';
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email) ? email : null;
}

/** An E.164 number a text can be sent to. */
export function textable(phone: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(phone.trim());
}
