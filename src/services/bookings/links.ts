import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { getBookingLinkByHash, insertBookingLink } from '../../db/booking-links.repo.js';
import type { BookingLinkRow } from '../../db/booking-links.table.js';
import type { Database } from '../../db/schema.js';
import { toUtcIso } from '../../db/util.js';

/** 32 random bytes in base64url: 43 characters, 256 bits. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What a link lets its holder do now. */
export type LinkStatus = 'valid' | 'expired' | 'used' | 'cancelled';

/** SHA-256 (hex) of a token: only this is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Makes a new reschedule/cancel link for a booking inside the caller's transaction and returns its token (shown only
 * in the link; the database keeps its hash). The link works until `expiresAtIso` (the interview's start).
 */
export async function createBookingLink(
  trx: Transaction<Database>,
  bookingId: number,
  expiresAtIso: string,
  nowIso: string,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertBookingLink(trx, {
    bookingId,
    tokenHash: hashToken(token),
    expiresAt: toUtcIso(expiresAtIso),
    createdAt: toUtcIso(nowIso),
  });
  return token;
}

/** The link a token opens, or undefined for a token that was never made (or is not even shaped like one). */
export async function findLink(db: Kysely<Database> | Transaction<Database>, token: string): Promise<BookingLinkRow | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  return getBookingLinkByHash(db, hashToken(token));
}

/**
 * Where a link stands at `nowIso`: cancelled once its booking is gone (by the link or otherwise), used once a move
 * consumed it, expired from the interview's start.
 */
export function linkStatus(link: BookingLinkRow, nowIso: string): LinkStatus {
  if (link.booking_id === null) return 'cancelled';
  if (link.used_at !== null) return 'used';
  if (toUtcIso(nowIso) >= link.expires_at) return 'expired';
  return 'valid';
}

/** The page's path for a token. */
export function bookingLinkPath(token: string): string {
  return `/b/${token}`;
}

/** The page's full address under the service's public base URL (e.g. `deps.webhookBase.url`). */
export function bookingLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}${bookingLinkPath(token)}`;
}
