import type { Kysely } from 'kysely';
import { languageOf, type Language } from '../../core/languages.js';
import { getBookingDetails, type BookingDetails } from '../../db/bookings.repo.js';
import type { Database } from '../../db/schema.js';
import { listOpenSlots, type OpenSlot } from '../../db/slots.repo.js';
import type { Deps } from '../../deps.js';
import { sequenceOfKey } from '../messages/queue.js';
import { findLink, linkStatus, type LinkStatus } from './links.js';

/** What the page of a link shows: the interview and the other open slots, or why the link no longer works. */
export type BookingPage =
  | {
      status: 'valid';
      booking: BookingDetails;
      /** The zone times are shown in: the one the call used for the candidate, else the job's. */
      zone: string;
      /** The job's other open slots (the current one left out), nearest first. */
      openSlots: OpenSlot[];
      /** The job's language: the page is written in it. */
      language: Language;
    }
  | {
      status: 'not_found' | Exclude<LinkStatus, 'valid'>;
      /** The job's language when the link still names a booking (expired, replaced); else unknown. */
      language?: Language;
    };

/** Reads what the page of `token` shows, at the service's time. */
export async function readBookingPage(deps: Pick<Deps, 'database' | 'now'>, token: string): Promise<BookingPage> {
  const db = deps.database.db;
  const nowIso = deps.now().toISOString();
  const link = await findLink(db, token);
  if (link === undefined) return { status: 'not_found' };
  const status = linkStatus(link, nowIso);
  const booking = link.booking_id === null ? undefined : await getBookingDetails(db, link.booking_id);
  if (booking === undefined) return { status: status === 'valid' ? 'cancelled' : status };
  const language = languageOf(booking.language);
  if (status !== 'valid') return { status, language };
  const openSlots = (await listOpenSlots(db, booking.job_id, nowIso)).filter((s) => s.id !== booking.slot_id);
  return { status: 'valid', booking, zone: booking.candidate_timezone ?? booking.job_timezone, openSlots, language };
}

/**
 * True when the booking's update (the move that made its current `sequence`) was queued for the candidate, by email
 * or text: what lets the moved page say new details are on their way. Reminders and the interviewer's copy do not count.
 */
export async function updateQueuedForCandidate(db: Kysely<Database>, bookingId: number, sequence: number): Promise<boolean> {
  const rows = await db
    .selectFrom('messages')
    .select('dedupe_key')
    .where('booking_id', '=', bookingId)
    .where('purpose', '=', 'update')
    .execute();
  return rows.some((r) => r.dedupe_key.includes(':candidate:') && sequenceOfKey(r.dedupe_key) === sequence);
}
