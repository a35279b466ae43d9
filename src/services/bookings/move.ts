import type { Transaction } from 'kysely';
import { spokenSlot } from '../../core/scheduling/slots.js';
import { getBookingLinkById, useLinksOfBooking } from '../../db/booking-links.repo.js';
import type { BookingLinkRow } from '../../db/booking-links.table.js';
import { lockBooking, setBookingSlot } from '../../db/bookings.repo.js';
import { cancelBookings, lockCandidate } from '../../db/candidate-bookings.repo.js';
import { moveCandidateStatus } from '../../db/candidates.repo.js';
import type { Database } from '../../db/schema.js';
import { releaseSeats } from '../../db/seats.js';
import { getSession, updateSession } from '../../db/sessions.repo.js';
import { getSlot, lockInterviewer, takeSeat } from '../../db/slots.repo.js';
import { toUtcIso } from '../../db/util.js';
import type { Deps } from '../../deps.js';
import { messageContext, queueBookingMessages } from '../messages/queue.js';
import { cancelReminders, queueReminders } from '../messages/reminders.js';
import { bookingEvent } from '../webhooks/event-data.js';
import { createBookingLink, findLink, linkStatus, type LinkStatus } from './links.js';

/**
 * What the candidate does with their link: move the interview to another open slot of the job, or cancel it. Each is
 * one transaction: the seats, the booking, the session, the links, the messages and the event commit together or not
 * at all; the messages and the event are only queued here (sent by the scheduler), so nothing slow runs inside it.
 */

/** `messaging` (MAIL_FROM, the invite's organiser) once Deps carries it; the messages' default sender until then. */
export type BookingDeps = Pick<Deps, 'database' | 'now' | 'webhookBase' | 'doNotCallSecret'> & { messaging?: { mailFrom: string } };

/** Why a link cannot be acted on: never made, or no longer valid. */
export type LinkRefusal = { result: 'not_found' } | { result: Exclude<LinkStatus, 'valid'> };

export type MoveOutcome =
  | { result: 'moved'; bookingId: number; slotId: number; token: string }
  /** The slot is not an open, future slot of the booking's job (taken meanwhile, full, the current one, unknown). */
  | { result: 'slot_unavailable' }
  | LinkRefusal;

export type CancelOutcome = { result: 'cancelled'; bookingId: number } | LinkRefusal;

/** A cancel reason is kept to this many characters. */
export const REASON_MAX = 500;

/** Thrown inside a transaction to roll it back when the new seat cannot be taken. */
class SlotUnavailable extends Error {}

type LockedBooking = NonNullable<Awaited<ReturnType<typeof lockBooking>>>;

/**
 * Moves the booking a link is for to `slotId`: the new seat taken (interviewer clashes included) and the old one
 * released together, the booking pointed at the new slot with its SEQUENCE raised (same invite UID), the call's
 * session told, the old link used and a new one made (valid until the new start), an 'update' invite queued for the
 * candidate and the interviewer, the reminders moved, and `booking.rescheduled` emitted.
 */
export async function moveBooking(deps: BookingDeps, token: string, slotId: number): Promise<MoveOutcome> {
  const nowIso = deps.now().toISOString();
  try {
    return await withValidLink(deps, token, nowIso, async (trx, booking) => {
      const from = await getSlot(trx, booking.slot_id);
      const to = await getSlot(trx, slotId);
      if (from === undefined || to === undefined || to.job_id !== from.job_id || to.id === from.id || to.start_utc <= nowIso) {
        return { result: 'slot_unavailable' };
      }
      // Every booker locks the interviewer before touching a slot row; so does a move, before it frees the old seat
      // (freed first, so the candidate's own booking never counts as the interviewer's clash).
      await lockInterviewer(trx, to.interviewer_email);
      await releaseSeats(trx, [from.id]);
      if ((await takeSeat(trx, to.id)) === 'full') throw new SlotUnavailable();
      await setBookingSlot(trx, booking.id, to.id);
      await useLinksOfBooking(trx, booking.id, nowIso, false);
      const session = await getSession(trx, booking.call_sid);
      if (session !== undefined) {
        await updateSession(trx, booking.call_sid, {
          slot_id: to.id,
          confirmed_slot: spokenSlot(to.start_time, session.candidate_timezone),
          confirmed_slot_start: to.start_time,
          updated_at: nowIso,
        });
      }
      const newToken = await createBookingLink(trx, booking.id, to.start_utc, nowIso);
      const ctx = messageContext(deps, nowIso);
      await queueBookingMessages(trx, ctx, { bookingId: booking.id, purpose: 'update', link: newToken, previousSlotId: from.id });
      await cancelReminders(trx, booking.id, nowIso);
      await queueReminders(trx, ctx, booking.id, newToken);
      await bookingEvent(trx, 'booking.rescheduled', booking.id, nowIso, { previous_slot_id: from.id });
      return { result: 'moved', bookingId: booking.id, slotId: to.id, token: newToken };
    });
  } catch (err) {
    if (err instanceof SlotUnavailable) return { result: 'slot_unavailable' };
    throw err;
  }
}

/**
 * Cancels the booking a link is for: the 'cancellation' messages (METHOD:CANCEL) queued and `booking.cancelled`
 * emitted while the booking is still there to read, its reminders cancelled, then the booking deleted and its seat
 * released, the link used (it says "cancelled" from then on) and the candidate moved to 'declined'.
 */
export async function cancelBooking(deps: BookingDeps, token: string, reason: string | null): Promise<CancelOutcome> {
  const nowIso = deps.now().toISOString();
  const why = reason === null || reason.trim() === '' ? null : reason.trim().slice(0, REASON_MAX);
  return withValidLink(deps, token, nowIso, async (trx, booking) => {
    await queueBookingMessages(trx, messageContext(deps, nowIso), { bookingId: booking.id, purpose: 'cancellation' });
    await cancelReminders(trx, booking.id, nowIso);
    await bookingEvent(trx, 'booking.cancelled', booking.id, nowIso, { reason: why });
    await useLinksOfBooking(trx, booking.id, nowIso, true);
    await cancelBookings(trx, [booking]);
    if (booking.candidate_id !== null) await moveCandidateStatus(trx, booking.candidate_id, 'declined', nowIso);
    return { result: 'cancelled', bookingId: booking.id };
  });
}

/**
 * Runs `work` in one transaction once the link is known valid there: the candidate (as every booker does) and the
 * booking are locked first, then the link is read again, so of two moves or cancels racing on one link the second
 * sees the first one's commit and is refused as 'used' or 'cancelled'.
 */
async function withValidLink<T>(
  deps: BookingDeps,
  token: string,
  nowIso: string,
  work: (trx: Transaction<Database>, booking: LockedBooking) => Promise<T>,
): Promise<T | LinkRefusal> {
  const db = deps.database.db;
  const found = await findLink(db, token);
  if (found === undefined) return { result: 'not_found' };
  const before = linkStatus(found, nowIso);
  if (before !== 'valid' || found.booking_id === null) return { result: before === 'valid' ? 'cancelled' : before };
  const bookingId = found.booking_id;
  return db.transaction().execute(async (trx) => {
    const peek = await trx.selectFrom('bookings').select('candidate_id').where('id', '=', bookingId).executeTakeFirst();
    if (peek?.candidate_id != null) await lockCandidate(trx, peek.candidate_id);
    const booking = await lockBooking(trx, bookingId);
    const link: BookingLinkRow | undefined = await getBookingLinkById(trx, found.id);
    const status = link === undefined || booking === undefined ? 'cancelled' : linkStatus(link, toUtcIso(nowIso));
    if (status !== 'valid' || booking === undefined) return { result: status === 'valid' ? 'cancelled' : status };
    return work(trx, booking);
  });
}
