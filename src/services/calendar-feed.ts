import { createHash, randomBytes } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { notFound } from '../core/errors.js';
import type { Deps } from '../deps.js';
import { bookingUid } from './messages/ics.js';

/**
 * A job's calendar feed: its booked interviews as an iCalendar document that Google Calendar or Outlook subscribe to
 * by URL. The URL carries a per-job secret token (32 random bytes); only its SHA-256 is stored (jobs.calendar_token_hash),
 * so the database alone does not open the feed. Rotating replaces it; a wrong token answers 404 like a missing job.
 */

type FeedDeps = Pick<Deps, 'database' | 'now' | 'webhookBase'>;

/** Interviews that ended longer ago than this are left out of the feed (a calendar keeps what it already saw). */
const PAST_DAYS = 30;
/** How often a subscribed calendar should look again (REFRESH-INTERVAL / X-PUBLISHED-TTL); Google picks its own. */
const REFRESH_SECONDS = 15 * 60;

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Makes the job a new feed token (the old one stops working) and returns it with the feed's URL, this once. */
export async function rotateCalendarToken(deps: FeedDeps, jobId: number): Promise<{ token: string; url: string }> {
  const token = randomBytes(32).toString('base64url');
  const result = await deps.database.db
    .updateTable('jobs')
    .set({ calendar_token_hash: tokenHash(token) })
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound('job');
  return { token, url: `${deps.webhookBase.url}/jobs/${jobId}/calendar.ics?token=${token}` };
}

/** Turns the job's feed off: every token stops working. 404 for no job. */
export async function revokeCalendarToken(deps: FeedDeps, jobId: number): Promise<void> {
  const result = await deps.database.db.updateTable('jobs').set({ calendar_token_hash: null }).where('id', '=', jobId).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound('job');
}

/**
 * The job's feed, or a 404 (the same for no job, no feed and a wrong token: the answer tells a guesser nothing).
 * The comparison is on the token's hash in the query: the stored value is a hash, so timing says nothing of the token.
 */
export async function calendarFeed(deps: FeedDeps, jobId: number, token: string): Promise<string> {
  const db = deps.database.db;
  const job = await db
    .selectFrom('jobs')
    .select(['id', 'title', 'company', 'timezone', 'interview_minutes', 'format', 'location'])
    .where('id', '=', jobId)
    .where('calendar_token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (job === undefined) throw notFound('calendar feed');
  const now = DateTime.fromJSDate(deps.now(), { zone: 'utc' });
  const since = now.minus({ days: PAST_DAYS }).toUTC().toISO() ?? '';
  const bookings = await db
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .leftJoin('candidates as c', 'c.id', 'b.candidate_id')
    .leftJoin('conversation_sessions as cs', 'cs.call_sid', 'b.call_sid')
    .select([
      'b.id',
      'b.sequence',
      'b.candidate_id',
      's.start_time',
      's.start_utc',
      's.minutes',
      's.interviewer_name',
      's.interviewer_email',
      'c.name as candidate_name',
      'c.email as candidate_email',
      'cs.candidate_name as called_name',
      'cs.candidate_email as called_email',
    ])
    .where('s.job_id', '=', job.id)
    .where('s.start_utc', '>=', since)
    .orderBy('s.start_utc', 'asc')
    .orderBy('b.id', 'asc')
    .limit(5000)
    .execute();

  // No calendar-wide zone (DTSTAMP would then be written as local time); each event carries the job's TZID and
  // the generator adds that zone's VTIMEZONE, so calendars place the times right across DST changes.
  const calendar = ical({
    name: `${job.title} interviews (${job.company})`,
    prodId: { company: 'interview-caller', product: 'interview-caller', language: 'EN' },
    ttl: REFRESH_SECONDS,
  });
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  const location = job.location?.trim() ?? '';
  for (const b of bookings) {
    const start = DateTime.fromISO(b.start_time, { setZone: true }).setZone(job.timezone);
    // A job's candidate is described by their row; the call's copy may hold the settings' defaults for what the row lacks.
    const fromRow = b.candidate_id !== null;
    const name = (fromRow ? b.candidate_name : b.called_name) ?? 'Candidate';
    const email = fromRow ? b.candidate_email : b.called_email;
    const interviewer = b.interviewer_name ?? b.interviewer_email;
    calendar.createEvent({
      id: bookingUid(b.id),
      sequence: b.sequence,
      stamp: now,
      start,
      end: start.plus({ minutes: b.minutes ?? job.interview_minutes }),
      timezone: job.timezone,
      summary: `Interview: ${name} (${job.title})`,
      description: [
        `${job.title} at ${job.company}, ${job.format}.`,
        `Candidate: ${name}${email === null ? '' : ` <${email}>`}`,
        ...(interviewer === null ? [] : [`Interviewer: ${interviewer}`]),
      ].join('\n'),
      ...(location === '' ? {} : { location }),
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
