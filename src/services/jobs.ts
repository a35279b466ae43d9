import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { parseCallingHours } from '../core/scheduling/calling-hours.js';
import { configuredSlotStarts, spokenSlot } from '../core/scheduling/slots.js';
import { isValidZone } from '../core/scheduling/zones.js';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, languageOf, type Language } from '../core/languages.js';
import { isPlainText } from '../core/text.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import { deleteJobRow, findDefaultJob, getJob, insertJob, listJobs, updateJob } from '../db/jobs.repo.js';
import type { JobRow, JobStatus, JobUpdate } from '../db/jobs.table.js';
import { JOB_STATUSES } from '../db/jobs.table.js';
import type { Database } from '../db/schema.js';
import { syncSlots } from '../db/slots.repo.js';
import type { Deps } from '../deps.js';
import { cancelSlotBookings, futureBookingsOf } from './slots.js';

type JobDeps = Pick<Deps, 'database' | 'config' | 'now'>;

/** The fields a job is made of, as the API takes them (snake_case): the row without its bookkeeping. */
export type JobFields = Omit<
  JobRow,
  'id' | 'is_default' | 'created_at' | 'updated_at' | 'retry_minutes' | 'reminder_minutes' | 'calendar_token_hash' | 'language'
> & {
  /** The candidate pages' language (BCP 47: en, es, fr, de). */
  language: Language;
  /** Minutes to wait before each retry, the last repeated (stored comma-separated). */
  retry_minutes: number[];
  /** Reminders before the interview, in minutes ([] for none; stored comma-separated). */
  reminder_minutes: number[];
};

export type NewJobInput = Pick<JobFields, 'title' | 'company'> & Partial<Omit<JobFields, 'title' | 'company'>>;
export type JobPatch = Partial<JobFields>;

/** A job as the API shows it. */
export type JobView = JobFields & { id: number; is_default: boolean; created_at: string; updated_at: string };

/** Campaign calls per candidate when a job does not say (the column's default too). */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Two hours, then the next day (the column's default '120,1440'). */
export const DEFAULT_RETRY_MINUTES: readonly number[] = [120, 1440];
/** The longest wait between two attempts: 14 days. */
export const MAX_RETRY_MINUTES = 20_160;
/** A day, then two hours before the interview (the column's default '1440,120'). */
export const DEFAULT_REMINDER_MINUTES: readonly number[] = [1440, 120];
/** The earliest reminder: 14 days before. */
export const MAX_REMINDER_MINUTES = 20_160;

/**
 * A job's stored waits ('120,1440') as minutes; the defaults when the text holds no valid wait (the API never
 * stores one, but the column is plain text).
 */
export function parseRetryMinutes(text: string): number[] {
  const waits = text
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= MAX_RETRY_MINUTES);
  return waits.length > 0 ? waits : [...DEFAULT_RETRY_MINUTES];
}

/** A job's stored reminder offsets ('1440,120'; '' for none) as minutes. */
export function parseReminderMinutes(text: string): number[] {
  return text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= MAX_REMINDER_MINUTES);
}

export function jobView(row: JobRow): JobView {
  // The calendar feed token's hash never leaves the service.
  const { calendar_token_hash: _hash, ...fields } = row;
  return {
    ...fields,
    retry_minutes: parseRetryMinutes(row.retry_minutes),
    reminder_minutes: parseReminderMinutes(row.reminder_minutes),
    language: languageOf(row.language),
    is_default: row.is_default === 1,
  };
}

/** The API's fields as the row stores them (retry_minutes and reminder_minutes comma-separated). */
function toRow(fields: JobPatch): JobUpdate {
  const { retry_minutes, reminder_minutes, ...rest } = fields;
  return {
    ...rest,
    ...(retry_minutes === undefined ? {} : { retry_minutes: retry_minutes.join(',') }),
    ...(reminder_minutes === undefined ? {} : { reminder_minutes: reminder_minutes.join(',') }),
  };
}

/**
 * The default job's fields that mirror a setting: they are written from the settings on every start, so the API
 * refuses to change them there (a change would silently come back at the next start).
 */
const FROM_SETTINGS: Partial<Record<keyof JobFields, keyof Config>> = {
  title: 'CANDIDATE_POSITION',
  company: 'CANDIDATE_COMPANY',
  timezone: 'INTERVIEW_TIMEZONE',
  interview_minutes: 'INTERVIEW_DURATION_MINUTES',
  format: 'INTERVIEW_FORMAT',
  calling_hours: 'CALLING_HOURS',
  max_turns: 'MAX_TURNS',
};

/**
 * Checks every given field; throws one 422 naming each problem. Pure text fields must be plain (a prompt carries
 * them), the zone must be IANA, calling hours a window within one day, and the numbers in range.
 */
export function validateJobFields(fields: JobPatch): void {
  const problems: string[] = [];
  const text = (name: keyof JobFields, value: string | null | undefined, max: number, required: boolean) => {
    if (value === undefined || value === null) return;
    if (required && value.trim() === '') problems.push(`${name}: must not be empty`);
    if (value.length > max) problems.push(`${name}: at most ${max} characters`);
    if (!isPlainText(value)) problems.push(`${name}: holds a character that cannot be spoken or stored`);
  };
  text('title', fields.title, 200, true);
  text('company', fields.company, 200, true);
  text('format', fields.format, 100, true);
  text('location', fields.location, 500, false);
  text('description', fields.description, 2000, false);
  text('caller_name', fields.caller_name, 100, false);
  text('voicemail_message', fields.voicemail_message, 1000, false);
  if (fields.timezone !== undefined && !isValidZone(fields.timezone))
    problems.push(`timezone: unknown IANA time zone "${fields.timezone}"`);
  if (fields.calling_hours !== undefined) {
    try {
      parseCallingHours(fields.calling_hours);
    } catch (err) {
      problems.push(`calling_hours: ${err instanceof Error ? err.message : 'expected HH:MM-HH:MM'}`);
    }
  }
  const whole = (name: keyof JobFields, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
      problems.push(`${name}: a whole number from ${min} to ${max}`);
  };
  whole('interview_minutes', fields.interview_minutes, 5, 480);
  whole('max_turns', fields.max_turns, 2, 20);
  whole('max_attempts', fields.max_attempts, 1, 10);
  if (fields.retry_minutes !== undefined) {
    const waits = fields.retry_minutes;
    if (waits.length < 1 || waits.length > 10) problems.push('retry_minutes: 1 to 10 waits');
    if (waits.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_RETRY_MINUTES))
      problems.push(`retry_minutes: each wait a whole number of minutes from 1 to ${MAX_RETRY_MINUTES} (14 days)`);
  }
  if (fields.reminder_minutes !== undefined) {
    const offsets = fields.reminder_minutes;
    if (offsets.length > 5) problems.push('reminder_minutes: at most 5 reminders ([] for none)');
    if (offsets.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_REMINDER_MINUTES))
      problems.push(`reminder_minutes: each a whole number of minutes before the interview from 1 to ${MAX_REMINDER_MINUTES} (14 days)`);
  }
  if (fields.language !== undefined && !isLanguage(fields.language)) problems.push(`language: one of ${LANGUAGES.join(', ')}`);
  if (fields.status !== undefined && !JOB_STATUSES.includes(fields.status)) problems.push(`status: one of ${JOB_STATUSES.join(', ')}`);
  if (problems.length > 0) throw invalid(problems.join('; '), { problems });
}

/** Creates a job; what is left out comes from the settings (zone, length, format, calling hours, turns). */
export async function createJob(deps: JobDeps, input: NewJobInput): Promise<JobView> {
  const { config } = deps;
  const fields: JobFields = {
    timezone: config.INTERVIEW_TIMEZONE,
    interview_minutes: config.INTERVIEW_DURATION_MINUTES,
    format: config.INTERVIEW_FORMAT,
    location: null,
    description: null,
    calling_hours: config.CALLING_HOURS,
    max_turns: config.MAX_TURNS,
    caller_name: null,
    voicemail_message: null,
    max_attempts: DEFAULT_MAX_ATTEMPTS,
    retry_minutes: [...DEFAULT_RETRY_MINUTES],
    reminder_minutes: [...DEFAULT_REMINDER_MINUTES],
    language: DEFAULT_LANGUAGE,
    status: 'open',
    ...input,
  };
  validateJobFields(fields);
  const nowIso = deps.now().toISOString();
  const row = {
    ...fields,
    retry_minutes: fields.retry_minutes.join(','),
    reminder_minutes: fields.reminder_minutes.join(','),
    is_default: 0,
    created_at: nowIso,
    updated_at: nowIso,
  };
  return jobView(await insertJob(deps.database.db, row));
}

export async function listJobViews(deps: Pick<Deps, 'database'>, status?: JobStatus): Promise<JobView[]> {
  return (await listJobs(deps.database.db, status)).map(jobView);
}

/** One job; 404 when there is none. */
export async function findJob(deps: Pick<Deps, 'database'>, id: number): Promise<JobRow> {
  const job = await getJob(deps.database.db, id);
  if (job === undefined) throw notFound('job');
  return job;
}

/** Changes the given fields; 404 for no job, 422 for a bad field, 409 for a setting-backed field of the default job. */
export async function patchJob(deps: JobDeps, id: number, patch: JobPatch): Promise<JobView> {
  validateJobFields(patch);
  const job = await findJob(deps, id);
  if (job.is_default === 1) {
    const fixed = Object.entries(FROM_SETTINGS).flatMap(([field, setting]) =>
      Object.hasOwn(patch, field) ? [`${field} (${setting})`] : [],
    );
    if (fixed.length > 0) {
      throw conflict('default_job_follows_settings', `The default job takes these from the settings on every start: ${fixed.join(', ')}.`);
    }
  }
  const update: JobUpdate = { ...toRow(patch), updated_at: deps.now().toISOString() };
  const row = await updateJob(deps.database.db, id, update);
  if (row === undefined) throw notFound('job');
  return jobView(row);
}

export interface JobDeletion {
  id: number;
  /** Booked interviews still to come that were cancelled with the job. */
  cancelled_bookings: number;
}

/**
 * Deletes a job with its slots, candidates and funnel. Refused (409 `job_has_bookings`) while it has booked
 * interviews still to come, unless `cancelBookings`: then they are cancelled in the same transaction and counted.
 * The default job cannot be deleted (calls placed without a job use it). Its calls stay, without a job.
 */
export async function deleteJob(deps: JobDeps, id: number, cancelBookings: boolean): Promise<JobDeletion> {
  const nowIso = deps.now().toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const job = await getJob(trx, id);
    if (job === undefined) throw notFound('job');
    if (job.is_default === 1) throw conflict('default_job', 'The default job serves calls placed without a job; it cannot be deleted.');
    const upcoming = await futureBookingsOf(trx, { jobId: id }, nowIso);
    if (upcoming > 0 && !cancelBookings) {
      throw conflict('job_has_bookings', `The job has ${upcoming} booked interview(s) to come; add ?cancel_bookings=true to cancel them.`, {
        booked: upcoming,
      });
    }
    const slotIds = (await trx.selectFrom('slots').select('id').where('job_id', '=', id).execute()).map((r) => r.id);
    // Past bookings go with their slots too (the calls keep what was said in confirmed_slot).
    await cancelSlotBookings(trx, slotIds, nowIso);
    await trx.deleteFrom('funnel_counters').where('job_id', '=', id).execute();
    if (!(await deleteJobRow(trx, id))) throw notFound('job');
    return { id, cancelled_bookings: upcoming };
  });
}

/** The default job (the one calls without a job use). Throws when the database has none (migration 008 makes it). */
export async function getDefaultJob(db: Kysely<Database>): Promise<JobRow> {
  const job = await findDefaultJob(db);
  if (job === undefined) throw new AppError('no_default_job', 'The database has no default job; run the migrations.', 500);
  return job;
}

/**
 * On start: writes the prototype's settings into the default job (the placeholder migration 008 made, or the job
 * of an earlier start: the settings stay its source of truth) and syncs INTERVIEW_SLOTS (or the prototype's four
 * slots) into it with SLOT_CAPACITY, exactly as the global slots were synced before jobs.
 */
export async function ensureDefaultJob(db: Kysely<Database>, config: Config, now: Date): Promise<JobRow> {
  const nowIso = now.toISOString();
  const settings = {
    title: config.CANDIDATE_POSITION,
    company: config.CANDIDATE_COMPANY,
    timezone: config.INTERVIEW_TIMEZONE,
    interview_minutes: config.INTERVIEW_DURATION_MINUTES,
    format: config.INTERVIEW_FORMAT,
    calling_hours: config.CALLING_HOURS,
    max_turns: config.MAX_TURNS,
  };
  const existing = await findDefaultJob(db);
  let job: JobRow | undefined;
  if (existing === undefined) {
    job = await insertJob(db, { ...settings, status: 'open', is_default: 1, created_at: nowIso, updated_at: nowIso });
  } else {
    const { title, company, timezone, interview_minutes, format, calling_hours, max_turns } = existing;
    const current = { title, company, timezone, interview_minutes, format, calling_hours, max_turns };
    const changed = JSON.stringify(current) !== JSON.stringify(settings);
    job = changed ? await updateJob(db, existing.id, { ...settings, updated_at: nowIso }) : existing;
  }
  if (job === undefined) throw new Error('the default job vanished while it was being written');
  const starts = configuredSlotStarts(config.INTERVIEW_SLOTS, config.INTERVIEW_TIMEZONE, now);
  await syncSlots(
    db,
    job.id,
    starts.map((start) => ({ start, label: spokenSlot(start, config.INTERVIEW_TIMEZONE) })),
    config.SLOT_CAPACITY,
  );
  return job;
}
