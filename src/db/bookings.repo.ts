import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { dialectOf } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A booking with what its page shows: the slot, the job and the zone the call spoke to the candidate in. */
export interface BookingDetails {
  id: number;
  call_sid: string;
  slot_id: number;
  candidate_id: number | null;
  sequence: number;
  /** ISO-8601 with the job zone's offset. */
  start_time: string;
  start_utc: string;
  /** The slot's length, else the job's. */
  minutes: number;
  interviewer_name: string | null;
  interviewer_email: string | null;
  job_id: number;
  title: string;
  company: string;
  job_timezone: string;
  format: string;
  location: string | null;
  /** The job's language tag (its candidate pages are written in it). */
  language: string;
  /** The zone the call used for the candidate (null when the call's session is gone). */
  candidate_timezone: string | null;
}

/** One booking with its slot, job and call zone, or undefined. */
export async function getBookingDetails(db: Db, bookingId: number): Promise<BookingDetails | undefined> {
  return db
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .innerJoin('jobs as j', 'j.id', 's.job_id')
    .leftJoin('conversation_sessions as c', 'c.call_sid', 'b.call_sid')
    .select((eb) => [
      'b.id',
      'b.call_sid',
      'b.slot_id',
      'b.candidate_id',
      'b.sequence',
      's.start_time',
      's.start_utc',
      eb.fn.coalesce('s.minutes', 'j.interview_minutes').as('minutes'),
      's.interviewer_name',
      's.interviewer_email',
      'j.id as job_id',
      'j.title',
      'j.company',
      'j.timezone as job_timezone',
      'j.format',
      'j.location',
      'j.language',
      'c.candidate_timezone',
    ])
    .where('b.id', '=', bookingId)
    .executeTakeFirst();
}

/**
 * Locks a booking's row until the transaction ends (PostgreSQL; SQLite's write transactions are serialised) and
 * returns what a move or a cancel needs of it, or undefined when it is gone.
 */
export async function lockBooking(
  trx: Transaction<Database>,
  bookingId: number,
): Promise<{ id: number; call_sid: string; slot_id: number; candidate_id: number | null; sequence: number } | undefined> {
  return trx
    .selectFrom('bookings')
    .select(['id', 'call_sid', 'slot_id', 'candidate_id', 'sequence'])
    .where('id', '=', bookingId)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Points a booking at another slot and raises its invite's SEQUENCE (the seats are the caller's business). */
export async function setBookingSlot(trx: Transaction<Database>, bookingId: number, slotId: number): Promise<void> {
  await trx
    .updateTable('bookings')
    .set((eb) => ({ slot_id: slotId, sequence: eb('sequence', '+', 1) }))
    .where('id', '=', bookingId)
    .execute();
}
