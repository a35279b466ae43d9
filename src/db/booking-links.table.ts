import type { Generated, Insertable, Selectable } from 'kysely';

/** `booking_links`: a booking's reschedule/cancel link, by the SHA-256 (hex) of its token. UTC ISO text. */
export interface BookingLinksTable {
  id: Generated<number>;
  /** null once the booking was cancelled (deleted): the link then says so. */
  booking_id: number | null;
  token_hash: string;
  /** The interview's start: the link works until then. */
  expires_at: string;
  /** When a move or a cancel consumed it (a move gives the booking a new link). */
  used_at: string | null;
  created_at: string;
}

export type BookingLinkRow = Selectable<BookingLinksTable>;
export type NewBookingLinkRow = Insertable<BookingLinksTable>;
