import type { Generated, Insertable, Selectable } from 'kysely';

/** `bookings`: at most one per call (call_sid UNIQUE). */
export interface BookingsTable {
  id: Generated<number>;
  call_sid: string;
  slot_id: number;
  candidate_phone: string;
  /** The candidate booked, when the call was placed for one (at most one active booking per job). */
  candidate_id: number | null;
  created_at: string;
  /** The invite's SEQUENCE: 0 when booked, raised by every move (the UID stays); a cancel deletes the row. */
  sequence: Generated<number>;
}

export type Booking = Selectable<BookingsTable>;
export type NewBooking = Insertable<BookingsTable>;
