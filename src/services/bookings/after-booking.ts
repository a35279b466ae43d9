import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { toUtcIso } from '../../db/util.js';
import { loadInterview } from '../messages/facts.js';
import type { BookingMessageContext, CandidateChannels } from '../messages/queue.js';
import { NO_CHANNELS, queueBookingMessages } from '../messages/queue.js';
import { queueReminders } from '../messages/reminders.js';
import { bookingEvent } from '../webhooks/event-data.js';
import { createBookingLink } from './links.js';

/** What a new booking set in motion: the candidate's channels (what the caller may say was sent), and any error. */
export interface AfterBooking {
  channels: CandidateChannels;
  /** Set when the follow-ups could not be written (the booking stands; nothing of them was kept). */
  error?: string;
}

/**
 * Everything a new booking starts, in the booking's transaction and without any network: its reschedule/cancel link,
 * the confirmation (email with the invite, SMS, the interviewer's invite), the reminders, and `booking.created`.
 * Written inside a savepoint: should any of it fail, it is rolled back alone and the booking (and the call's turn)
 * still commits; the caller then promises nothing. Returns the candidate's channels.
 */
export async function afterBooking(trx: Transaction<Database>, ctx: BookingMessageContext, bookingId: number): Promise<AfterBooking> {
  await sql`savepoint after_booking`.execute(trx);
  try {
    const facts = await loadInterview(trx, bookingId);
    if (facts === undefined) {
      await sql`release savepoint after_booking`.execute(trx);
      return { channels: NO_CHANNELS };
    }
    const token = await createBookingLink(trx, bookingId, toUtcIso(facts.start), ctx.nowIso);
    const channels = await queueBookingMessages(trx, ctx, facts, { purpose: 'confirmation', link: token });
    await queueReminders(trx, ctx, facts, token);
    await bookingEvent(trx, 'booking.created', bookingId, ctx.nowIso);
    await sql`release savepoint after_booking`.execute(trx);
    return { channels };
  } catch (err) {
    await sql`rollback to savepoint after_booking`.execute(trx);
    await sql`release savepoint after_booking`.execute(trx);
    return { channels: NO_CHANNELS, error: err instanceof Error ? err.message : String(err) };
  }
}
