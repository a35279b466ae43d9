import { getBookingDetails, type BookingDetails } from '../../db/bookings.repo.js';
import { listOpenSlots, type OpenSlot } from '../../db/slots.repo.js';
import type { Deps } from '../../deps.js';
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
    }
  | { status: 'not_found' | Exclude<LinkStatus, 'valid'> };

/** Reads what the page of `token` shows, at the service's time. */
export async function readBookingPage(deps: Pick<Deps, 'database' | 'now'>, token: string): Promise<BookingPage> {
  const db = deps.database.db;
  const nowIso = deps.now().toISOString();
  const link = await findLink(db, token);
  if (link === undefined) return { status: 'not_found' };
  const status = linkStatus(link, nowIso);
  if (status !== 'valid' || link.booking_id === null) return { status: status === 'valid' ? 'cancelled' : status };
  const booking = await getBookingDetails(db, link.booking_id);
  if (booking === undefined) return { status: 'cancelled' };
  const openSlots = (await listOpenSlots(db, booking.job_id, nowIso)).filter((s) => s.id !== booking.slot_id);
  return { status: 'valid', booking, zone: booking.candidate_timezone ?? booking.job_timezone, openSlots };
}
