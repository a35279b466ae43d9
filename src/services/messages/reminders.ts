import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../db/schema.js';
import { toUtcIso } from '../../db/util.js';
import type { InterviewFacts } from './compose.js';
import type { BookingMessageContext, CandidateChannels } from './queue.js';
import { linkUrl, NO_CHANNELS, queueCandidate } from './queue.js';

/**
 * The night in the candidate's zone: no reminder is sent from 21:00 until 08:00 (the default calling hours' edges).
 * A reminder due then is moved earlier, to 20:00 that evening (due 21:00–24:00) or the evening before (due
 * 00:00–08:00): an hour clear of the night, so it never arrives at bedtime, and always before the interview.
 */
export const NIGHT_STARTS_HOUR = 21;
export const NIGHT_ENDS_HOUR = 8;
export const MOVED_TO_HOUR = 20;

/** jobs.reminder_minutes ('1440,120'; '' none) as distinct positive offsets, largest first; bad entries ignored. */
export function parseReminderMinutes(text: string): number[] {
  const offsets = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d{1,6}$/.test(part))
    .map(Number)
    .filter((n) => n > 0 && n <= 60 * 24 * 60);
  return [...new Set(offsets)].sort((a, b) => b - a);
}

/** `at` moved out of the night in `zone` (earlier, to 20:00 that evening or the evening before). */
export function outOfNight(at: DateTime, zone: string): DateTime {
  const local = at.setZone(zone);
  if (local.hour >= NIGHT_STARTS_HOUR) return local.set({ hour: MOVED_TO_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (local.hour < NIGHT_ENDS_HOUR) return local.minus({ days: 1 }).set({ hour: MOVED_TO_HOUR, minute: 0, second: 0, millisecond: 0 });
  return local;
}

/**
 * When each reminder of an interview at `start` is due (UTC ISO): `offsets` minutes before it, moved out of the
 * candidate's night, and only those still ahead of `nowIso` (a reminder whose time has passed is dropped: the
 * confirmation was just sent). Two reminders landing at one time are sent once (the larger offset's).
 */
export function reminderTimes(
  start: string,
  offsets: readonly number[],
  zone: string,
  nowIso: string,
): Array<{ minutes: number; dueAt: string }> {
  const begin = DateTime.fromISO(start, { setZone: true });
  const now = Date.parse(nowIso);
  const seen = new Set<string>();
  const out: Array<{ minutes: number; dueAt: string }> = [];
  for (const minutes of offsets) {
    const due = outOfNight(begin.minus({ minutes }), zone).toUTC();
    const dueAt = due.toISO() ?? '';
    if (due.toMillis() <= now || due.toMillis() >= begin.toMillis() || seen.has(dueAt)) continue;
    seen.add(dueAt);
    out.push({ minutes, dueAt: toUtcIso(dueAt) });
  }
  return out;
}

/**
 * Queues a booking's reminders (SMS, and email when the candidate has an address) per its job's reminder_minutes, in
 * the caller's transaction; `facts` is the booking as `loadInterview` read it. `link` (the booking's link token) is
 * put in them when given. Returns the channels of the reminders queued (none: no reminder, or none still ahead).
 */
export async function queueReminders(
  trx: Transaction<Database>,
  ctx: BookingMessageContext,
  facts: InterviewFacts,
  link?: string,
): Promise<CandidateChannels> {
  const job = await trx.selectFrom('jobs').select('reminder_minutes').where('id', '=', facts.job.id).executeTakeFirst();
  const times = reminderTimes(facts.start, parseReminderMinutes(job?.reminder_minutes ?? ''), facts.candidate.timezone, ctx.nowIso);
  const channels = { ...NO_CHANNELS };
  for (const time of times) {
    const queued = await queueCandidate(trx, ctx, facts, 'reminder', linkUrl(ctx.publicUrl, link), time);
    channels.email ||= queued.email;
    channels.sms ||= queued.sms;
  }
  return channels;
}

/**
 * Cancels a booking's reminders still waiting (a move or a cancel makes them untrue), in the caller's transaction.
 * A reminder already being sent cannot be called back; the sender also checks the booking before sending one.
 * Returns how many were cancelled.
 */
export async function cancelReminders(
  trx: Transaction<Database>,
  bookingId: number,
  nowIso: string = new Date().toISOString(),
): Promise<number> {
  const result = await trx
    .updateTable('messages')
    .set({ state: 'cancelled', last_error: 'the booking was moved or cancelled', updated_at: toUtcIso(nowIso) })
    .where('booking_id', '=', bookingId)
    .where('purpose', '=', 'reminder')
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
