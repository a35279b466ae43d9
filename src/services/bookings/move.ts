import { sql, type Transaction } from 'kysely';
import { languageOf, type Language } from '../../core/languages.js';
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
import { loadInterview } from '../messages/facts.js';
import {
  messageContext,
  NO_CHANNELS,
  queueBookingMessages,
  type BookingMessageContext,
  type CandidateChannels,
} from '../messages/queue.js';
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

/** A move done: the booking, its new slot, the new link's token, and the candidate's channels the update went on. */
export interface Moved {
  result: 'moved';
  bookingId: number;
  slotId: number;
  token: string;
  /** Where the candidate's update (with the new invite) was queued: none when they have no address and no textable number. */
  channels: CandidateChannels;
}

export type MoveOutcome =
  | Moved
  /** The slot is not an open, future slot of the booking's job (taken meanwhile, full, the current one, unknown). */
  | { result: 'slot_unavailable' }
  | LinkRefusal;

export type CancelOutcome = { result: 'cancelled'; bookingId: number; channels: CandidateChannels; language: Language } | LinkRefusal;

/** A cancel reason is kept to this many characters. */
export const REASON_MAX = 500;

/** The booking a move acts on, read (and locked) in the move's transaction. */
export type LockedBooking = NonNullable<Awaited<ReturnType<typeof lockBooking>>>;

/**
 * Moves the booking a link is for to `slotId` (see {@link moveLockedBooking}), in one transaction that first checks
 * the link is still valid.
 */
export async function moveBooking(deps: BookingDeps, token: string, slotId: number): Promise<MoveOutcome> {
  const nowIso = deps.now().toISOString();
  return withValidLink(deps, token, nowIso, (trx, booking) => moveLockedBooking(trx, messageContext(deps, nowIso), booking, slotId));
}

/**
 * The one way a booking moves, from its page or on a later call: inside the caller's transaction, with the candidate
 * and the booking locked by the caller, the new seat taken (interviewer clashes included) and the old one released
 * together, the booking pointed at the new slot with its SEQUENCE raised (same invite UID), the session of the call
 * that holds it told, the old links used and a new one made (valid until the new start), an 'update' invite queued
 * for the candidate and the interviewer, the reminders moved, and `booking.rescheduled` emitted. A seat that cannot
 * be taken leaves everything as it was (a savepoint: the caller's transaction goes on) and answers 'slot_unavailable'.
 */
export async function moveLockedBooking(
  trx: Transaction<Database>,
  ctx: BookingMessageContext,
  booking: LockedBooking,
  slotId: number,
): Promise<Moved | { result: 'slot_unavailable' }> {
  const nowIso = ctx.nowIso;
  const from = await getSlot(trx, booking.slot_id);
  const to = await getSlot(trx, slotId);
  if (from === undefined || to === undefined || to.job_id !== from.job_id || to.id === from.id || to.start_utc <= toUtcIso(nowIso)) {
    return { result: 'slot_unavailable' };
  }
  await sql`savepoint move_booking`.execute(trx);
  // Every booker locks the interviewer before touching a slot row; so does a move, before it frees the old seat
  // (freed first, so the candidate's own booking never counts as the interviewer's clash).
  await lockInterviewer(trx, to.interviewer_email);
  await releaseSeats(trx, [from.id]);
  if ((await takeSeat(trx, to.id)) === 'full') {
    await sql`rollback to savepoint move_booking`.execute(trx);
    await sql`release savepoint move_booking`.execute(trx);
    return { result: 'slot_unavailable' };
  }
  await sql`release savepoint move_booking`.execute(trx);
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
  const facts = await loadInterview(trx, booking.id);
  const channels =
    facts === undefined
      ? NO_CHANNELS
      : await queueBookingMessages(trx, ctx, facts, { purpose: 'update', link: newToken, previousSlotId: from.id });
  await cancelReminders(trx, booking.id, nowIso);
  if (facts !== undefined) await queueReminders(trx, ctx, facts, newToken);
  await bookingEvent(trx, 'booking.rescheduled', booking.id, nowIso, { previous_slot_id: from.id });
  return { result: 'moved', bookingId: booking.id, slotId: to.id, token: newToken, channels };
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
    const language = await jobLanguageOf(trx, booking.slot_id);
    const facts = await loadInterview(trx, booking.id);
    const channels =
      facts === undefined ? NO_CHANNELS : await queueBookingMessages(trx, messageContext(deps, nowIso), facts, { purpose: 'cancellation' });
    await cancelReminders(trx, booking.id, nowIso);
    await bookingEvent(trx, 'booking.cancelled', booking.id, nowIso, { reason: why });
    await useLinksOfBooking(trx, booking.id, nowIso, true);
    await cancelBookings(trx, [booking]);
    if (booking.candidate_id !== null) await moveCandidateStatus(trx, booking.candidate_id, 'declined', nowIso);
    return { result: 'cancelled', bookingId: booking.id, channels, language };
  });
}

/** The language of the job a slot belongs to (the cancelled page is written in it). */
async function jobLanguageOf(trx: Transaction<Database>, slotId: number): Promise<Language> {
  const row = await trx
    .selectFrom('slots')
    .innerJoin('jobs', 'jobs.id', 'slots.job_id')
    .select('jobs.language')
    .where('slots.id', '=', slotId)
    .executeTakeFirst();
  return languageOf(row?.language);
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
