import type { Transaction } from 'kysely';
import type { Database } from './schema.js';
import { releaseSeats } from './seats.js';
import { dialectOf } from './util.js';

/** A candidate's booking in a job: the call that made it and its slot. */
export interface CandidateBooking {
  id: number;
  call_sid: string;
  slot_id: number;
}

/**
 * Locks a candidate's row until the transaction ends (PostgreSQL; SQLite's write transactions are serialised), so
 * two calls of one candidate booking at once take turns and the second sees the first one's booking.
 */
export async function lockCandidate(trx: Transaction<Database>, candidateId: number): Promise<void> {
  await trx
    .selectFrom('candidates')
    .select('id')
    .where('id', '=', candidateId)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** The candidate's bookings in a job's slots, but the one made by `exceptCallSid`. */
export async function candidateBookingsInJob(
  trx: Transaction<Database>,
  candidateId: number,
  jobId: number,
  exceptCallSid: string,
): Promise<CandidateBooking[]> {
  return trx
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .select(['b.id', 'b.call_sid', 'b.slot_id'])
    .where('b.candidate_id', '=', candidateId)
    .where('s.job_id', '=', jobId)
    .where('b.call_sid', '!=', exceptCallSid)
    .execute();
}

/**
 * Cancels bookings by id in the caller's transaction: their seats are given back and their calls' sessions no
 * longer point at a slot (what was said on those calls stays in `confirmed_slot`).
 */
export async function cancelBookings(trx: Transaction<Database>, bookings: readonly CandidateBooking[]): Promise<void> {
  if (bookings.length === 0) return;
  await trx
    .deleteFrom('bookings')
    .where(
      'id',
      'in',
      bookings.map((b) => b.id),
    )
    .execute();
  await releaseSeats(
    trx,
    bookings.map((b) => b.slot_id),
  );
  await trx
    .updateTable('conversation_sessions')
    .set({ slot_id: null })
    .where(
      'call_sid',
      'in',
      bookings.map((b) => b.call_sid),
    )
    .execute();
}
