import type { Transaction } from 'kysely';
import type { Outcome } from '../../core/conversation/types.js';
import type { Database } from '../../db/schema.js';
import type { Session } from '../../db/sessions.table.js';
import { emitEvent } from './events.js';

/**
 * The data of each event type, built in one place so every emitter sends the same shape. Personal data is kept to
 * what a tracking system needs to match its own records: ids, times, the last four digits of a number; never a
 * transcript.
 */

/** `booking.created` / `booking.rescheduled` / `booking.cancelled` data: the booking, its slot, its job. */
export interface BookingEventData {
  booking_id: number;
  job_id: number;
  candidate_id: number | null;
  call_id: string;
  /** The invite's SEQUENCE (raised by every move). */
  sequence: number;
  slot: {
    id: number;
    /** ISO-8601 with the job zone's offset. */
    start: string;
    start_utc: string;
    minutes: number;
    timezone: string;
    interviewer_name: string | null;
    interviewer_email: string | null;
  };
}

/**
 * Emits a booking event with its data read in `trx` (call it before a cancel deletes the row); `extra` adds fields
 * (`{ reason }` for a cancel, `{ previous_slot_id }` for a move). Returns the event id, or undefined when there is
 * no such booking.
 */
export async function bookingEvent(
  trx: Transaction<Database>,
  type: 'booking.created' | 'booking.rescheduled' | 'booking.cancelled',
  bookingId: number,
  nowIso: string,
  extra: Record<string, string | number | null> = {},
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .innerJoin('jobs', 'jobs.id', 'slots.job_id')
    .select([
      'bookings.id as booking_id',
      'bookings.call_sid',
      'bookings.candidate_id',
      'bookings.sequence',
      'slots.id as slot_id',
      'slots.job_id',
      'slots.start_time',
      'slots.start_utc',
      'slots.minutes',
      'slots.interviewer_name',
      'slots.interviewer_email',
      'jobs.interview_minutes',
      'jobs.timezone',
    ])
    .where('bookings.id', '=', bookingId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const data: BookingEventData = {
    booking_id: row.booking_id,
    job_id: row.job_id,
    candidate_id: row.candidate_id,
    call_id: row.call_sid,
    sequence: row.sequence,
    slot: {
      id: row.slot_id,
      start: row.start_time,
      start_utc: row.start_utc,
      minutes: row.minutes ?? row.interview_minutes,
      timezone: row.timezone,
      interviewer_name: row.interviewer_name,
      interviewer_email: row.interviewer_email,
    },
  };
  return emitEvent(trx, type, { ...data, ...extra }, nowIso);
}

/** `call.completed` data: how a call ended. */
export interface CallCompletedData {
  call_id: string;
  twilio_call_sid: string | null;
  job_id: number | null;
  candidate_id: number | null;
  campaign_attempt_id: number | null;
  outcome: Outcome;
  started_at: string;
  ended_at: string;
  /** The booking this call holds (made on it, or moved by it), else null. */
  booking_id: number | null;
  slot_id: number | null;
  telephony: Session['telephony'];
}

/**
 * Emits `call.completed` for a call that ended with `outcome` at `nowIso`, in the transaction that records the end
 * (so a call's end is reported once, exactly when it was stored). The booking is read in `trx`: the session row a
 * caller holds may be from before the turn that booked.
 */
export async function callCompletedEvent(
  trx: Transaction<Database>,
  session: Pick<Session, 'call_sid' | 'twilio_call_sid' | 'job_id' | 'candidate_id' | 'attempt_id' | 'start_time' | 'telephony'>,
  outcome: Outcome,
  nowIso: string,
): Promise<string> {
  const booking = await trx.selectFrom('bookings').select(['id', 'slot_id']).where('call_sid', '=', session.call_sid).executeTakeFirst();
  const data: CallCompletedData = {
    call_id: session.call_sid,
    twilio_call_sid: session.twilio_call_sid,
    job_id: session.job_id,
    candidate_id: session.candidate_id,
    campaign_attempt_id: session.attempt_id,
    outcome,
    started_at: session.start_time,
    ended_at: nowIso,
    booking_id: booking?.id ?? null,
    slot_id: booking?.slot_id ?? null,
    telephony: session.telephony,
  };
  return emitEvent(trx, 'call.completed', data, nowIso);
}

/** `candidate.opted_out` data: who asked not to be called again, and how. */
export interface OptedOutData {
  /** The candidate when the number is one of a job's candidates, else null. */
  candidate_id: number | null;
  job_id: number | null;
  /** The last four digits of the number: enough to match, not enough to dial. */
  phone_last4: string;
  /** 'call': said so on a call; 'sms': replied STOP (or the like) to a text. */
  channel: 'call' | 'sms';
  /** The conversation, for an opt-out during a call. */
  call_id: string | null;
}

/**
 * Emits `candidate.opted_out` for `phone` (only its last four digits leave the service). Pass the candidate when the
 * site knows it (a call placed for one); `channel` says how the wish was given.
 */
export async function optedOutEvent(
  trx: Transaction<Database>,
  who: { phone: string; candidateId?: number | null; jobId?: number | null; callId?: string | null; channel: 'call' | 'sms' },
  nowIso: string,
): Promise<string> {
  const data: OptedOutData = {
    candidate_id: who.candidateId ?? null,
    job_id: who.jobId ?? null,
    phone_last4: who.phone.replace(/\D/g, '').slice(-4),
    channel: who.channel,
    call_id: who.callId ?? null,
  };
  return emitEvent(trx, 'candidate.opted_out', data, nowIso);
}
