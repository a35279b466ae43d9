import type { Kysely, Transaction } from 'kysely';
import type { BookingLinkRow } from './booking-links.table.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a booking's link by the hash of its token. */
export async function insertBookingLink(
  trx: Transaction<Database>,
  link: { bookingId: number; tokenHash: string; expiresAt: string; createdAt: string },
): Promise<void> {
  await trx
    .insertInto('booking_links')
    .values({ booking_id: link.bookingId, token_hash: link.tokenHash, expires_at: link.expiresAt, created_at: link.createdAt })
    .execute();
}

/** The link with this token hash, or undefined. */
export async function getBookingLinkByHash(db: Db, tokenHash: string): Promise<BookingLinkRow | undefined> {
  return db.selectFrom('booking_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Every link of a booking not yet used is used now (a move or a cancel makes the booking's older links void too). */
export async function useLinksOfBooking(trx: Transaction<Database>, bookingId: number, nowIso: string, cancelled: boolean): Promise<void> {
  await trx
    .updateTable('booking_links')
    .set(cancelled ? { used_at: nowIso, booking_id: null } : { used_at: nowIso })
    .where('booking_id', '=', bookingId)
    .where('used_at', 'is', null)
    .execute();
}

/** One link by id, or undefined. */
export async function getBookingLinkById(db: Db, id: number): Promise<BookingLinkRow | undefined> {
  return db.selectFrom('booking_links').selectAll().where('id', '=', id).executeTakeFirst();
}
