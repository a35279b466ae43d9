import type { Kysely, Transaction } from 'kysely';
import { conflict, invalid, notFound } from '../core/errors.js';
import { spokenSlot } from '../core/scheduling/slots.js';
import {
  ScheduleInputError,
  slotStartInZone,
  weeklyStarts,
  type SkippedStart,
  type WeeklyAvailability,
} from '../core/scheduling/weekly.js';
import { isPlainText } from '../core/text.js';
import { getCandidate, moveCandidateStatus } from '../db/candidates.repo.js';
import { getJob } from '../db/jobs.repo.js';
import type { JobRow } from '../db/jobs.table.js';
import type { Database } from '../db/schema.js';
import { cancelBookingsOfSlots, insertSlots, interviewerBusy, listJobSlots, type NewSlot, type SlotState } from '../db/slots.repo.js';
import type { SlotRow, SlotUpdate } from '../db/slots.table.js';
import { toUtcIso } from '../db/util.js';
import type { Deps } from '../deps.js';

type SlotDeps = Pick<Deps, 'database' | 'config' | 'now'>;

/** Who interviews, as a slot carries it. */
export interface Interviewer {
  interviewer_name?: string | null | undefined;
  interviewer_email?: string | null | undefined;
}

/** One slot typed by a recruiter: `start` local in the job's zone, or with an offset. */
export interface SlotInput extends Interviewer {
  start: string;
  minutes?: number | undefined;
  capacity?: number | undefined;
}

/** A weekly availability with the seats and interviewer of every slot it makes. */
export type WeeklyInput = WeeklyAvailability & Interviewer & { capacity?: number | undefined };

export type AddSlotsInput = { slots: readonly SlotInput[]; weekly?: undefined } | { weekly: WeeklyInput; slots?: undefined };

/** A slot as the API shows it. */
export interface SlotView {
  id: number;
  job_id: number;
  /** ISO 8601 with the job zone's offset. */
  start: string;
  start_utc: string;
  label: string;
  /** The interview's length: the slot's own, else the job's. */
  minutes: number;
  /** True when the length is the job's (it follows the job when that changes). */
  minutes_from_job: boolean;
  capacity: number;
  booked: number;
  interviewer_name: string | null;
  interviewer_email: string | null;
  state: 'open' | 'full' | 'past';
}

export function slotView(row: SlotRow, job: Pick<JobRow, 'interview_minutes'>, nowIso: string): SlotView {
  const past = row.start_utc <= toUtcIso(nowIso);
  return {
    id: row.id,
    job_id: row.job_id,
    start: row.start_time,
    start_utc: row.start_utc,
    label: row.label,
    minutes: row.minutes ?? job.interview_minutes,
    minutes_from_job: row.minutes === null,
    capacity: row.capacity,
    booked: row.booked_count,
    interviewer_name: row.interviewer_name,
    interviewer_email: row.interviewer_email,
    state: past ? 'past' : row.booked_count >= row.capacity ? 'full' : 'open',
  };
}

export interface AddedSlots {
  created: SlotView[];
  /** Starts the job already had (or that were given twice): not doubled. */
  duplicates: string[];
  /** Local times of a weekly availability that the zone skips (spring forward). */
  skipped: SkippedStart[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a slot's seats, length and interviewer; returns the interviewer as stored (the address lower-case). */
function checkedInterviewer(input: Interviewer & { capacity?: number | undefined; minutes?: number | undefined }, where: string) {
  const problems: string[] = [];
  if (input.capacity !== undefined && (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000)) {
    problems.push(`${where}capacity: a whole number from 1 to 1000`);
  }
  if (input.minutes !== undefined && (!Number.isInteger(input.minutes) || input.minutes < 5 || input.minutes > 480)) {
    problems.push(`${where}minutes: a whole number from 5 to 480`);
  }
  const name = input.interviewer_name?.trim() || null;
  if (name !== null && (!isPlainText(name) || name.length > 200))
    problems.push(`${where}interviewer_name: plain text, at most 200 characters`);
  const email = input.interviewer_email?.trim().toLowerCase() || null;
  if (email !== null && (!EMAIL.test(email) || email.length > 320 || !isPlainText(email))) {
    problems.push(`${where}interviewer_email: not an email address`);
  }
  return { problems, name, email };
}

/** The job, or 404. */
async function jobOf(db: Kysely<Database> | Transaction<Database>, jobId: number): Promise<JobRow> {
  const job = await getJob(db, jobId);
  if (job === undefined) throw notFound('job');
  return job;
}

/**
 * Adds slots to a job, from a list or a weekly availability, in one transaction: every input is checked first (one
 * 422 lists the problems, nothing is stored), starts the job already has are reported, not doubled.
 */
export async function addSlots(deps: SlotDeps, jobId: number, input: AddSlotsInput): Promise<AddedSlots> {
  const db = deps.database.db;
  const job = await jobOf(db, jobId);
  const slots: NewSlot[] = [];
  const problems: string[] = [];
  let skipped: SkippedStart[] = [];
  const label = (start: string) => spokenSlot(start, job.timezone);
  if (input.weekly !== undefined) {
    const { weekly } = input;
    const checked = checkedInterviewer(weekly, 'weekly.');
    problems.push(...checked.problems);
    try {
      const made = weeklyStarts(weekly, job.timezone);
      skipped = made.skipped;
      for (const start of made.starts) {
        slots.push({
          start,
          label: label(start),
          capacity: weekly.capacity ?? deps.config.SLOT_CAPACITY,
          minutes: weekly.minutes,
          interviewer_name: checked.name,
          interviewer_email: checked.email,
        });
      }
    } catch (err) {
      if (!(err instanceof ScheduleInputError)) throw err;
      problems.push(`weekly.${err.message}`);
    }
  } else {
    input.slots.forEach((slot, i) => {
      const checked = checkedInterviewer(slot, `slots[${i}].`);
      problems.push(...checked.problems);
      try {
        const start = slotStartInZone(slot.start, job.timezone);
        slots.push({
          start,
          label: label(start),
          capacity: slot.capacity ?? deps.config.SLOT_CAPACITY,
          minutes: slot.minutes ?? null,
          interviewer_name: checked.name,
          interviewer_email: checked.email,
        });
      } catch (err) {
        if (!(err instanceof ScheduleInputError)) throw err;
        problems.push(`slots[${i}].${err.message}`);
      }
    });
  }
  if (problems.length > 0) throw invalid(problems.join('; '), { problems });
  if (slots.length === 0) throw invalid('No slot to add: give at least one (a weekly availability that makes none is refused too).');
  const nowIso = deps.now().toISOString();
  const { created, duplicates } = await db.transaction().execute((trx) => insertSlots(trx, jobId, slots));
  return { created: created.map((row) => slotView(row, job, nowIso)), duplicates, skipped };
}

/** A job's slots in one state (default: every upcoming one), nearest first; past ones latest first. */
export async function listSlotViews(deps: SlotDeps, jobId: number, state: SlotState = 'upcoming'): Promise<SlotView[]> {
  const db = deps.database.db;
  const job = await jobOf(db, jobId);
  const nowIso = deps.now().toISOString();
  return (await listJobSlots(db, jobId, nowIso, state)).map((row) => slotView(row, job, nowIso));
}

export type SlotPatch = Interviewer & { capacity?: number | undefined };

/**
 * Changes a slot's seats or interviewer. Capacity never goes below the seats booked (409 `below_booked`); a booked
 * slot cannot be given an interviewer who has another booking at an overlapping time (409 `interviewer_busy`).
 */
export async function patchSlot(deps: SlotDeps, jobId: number, slotId: number, patch: SlotPatch): Promise<SlotView> {
  const checked = checkedInterviewer(patch, '');
  if (checked.problems.length > 0) throw invalid(checked.problems.join('; '), { problems: checked.problems });
  const nowIso = deps.now().toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const job = await jobOf(trx, jobId);
    const slot = await slotOfJob(trx, jobId, slotId);
    const update: SlotUpdate = {};
    if (patch.capacity !== undefined) {
      if (patch.capacity < slot.booked_count) {
        throw conflict('below_booked', `The slot has ${slot.booked_count} seat(s) booked; capacity cannot go below that.`, {
          booked: slot.booked_count,
        });
      }
      update.capacity = patch.capacity;
    }
    if (patch.interviewer_name !== undefined) update.interviewer_name = checked.name;
    if (patch.interviewer_email !== undefined) {
      update.interviewer_email = checked.email;
      if (slot.booked_count > 0 && checked.email !== slot.interviewer_email && (await interviewerBusy(trx, slotId, checked.email))) {
        throw conflict('interviewer_busy', 'This interviewer has another booked interview at an overlapping time.');
      }
    }
    if (Object.keys(update).length === 0) return slotView(slot, job, nowIso);
    // Capacity is re-checked in the UPDATE itself: a seat booked since the read keeps the CHECK constraint true.
    const row = await trx
      .updateTable('slots')
      .set(update)
      .where('id', '=', slotId)
      .$if(update.capacity !== undefined, (qb) => qb.where('booked_count', '<=', update.capacity ?? 0))
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw conflict('below_booked', 'A seat was booked meanwhile; capacity cannot go below the seats booked.');
    return slotView(row, job, nowIso);
  });
}

export interface SlotDeletion {
  id: number;
  cancelled_bookings: number;
}

/**
 * Deletes a slot. Refused (409 `slot_booked`) while it holds bookings, unless `cancelBookings`: then they are
 * cancelled in the same transaction (seats freed, the calls no longer point at the slot, scheduled candidates back to
 * 'callback') and counted.
 */
export async function deleteSlot(deps: SlotDeps, jobId: number, slotId: number, cancelBookings: boolean): Promise<SlotDeletion> {
  const nowIso = deps.now().toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const slot = await slotOfJob(trx, jobId, slotId);
    if (slot.booked_count > 0 && !cancelBookings) {
      throw conflict('slot_booked', `The slot has ${slot.booked_count} booking(s); add ?cancel_bookings=true to cancel them.`, {
        booked: slot.booked_count,
      });
    }
    const cancelled = await cancelSlotBookings(trx, [slotId], nowIso);
    await trx.deleteFrom('slots').where('id', '=', slotId).execute();
    return { id: slotId, cancelled_bookings: cancelled };
  });
}

async function slotOfJob(trx: Transaction<Database>, jobId: number, slotId: number): Promise<SlotRow> {
  const slot = await trx.selectFrom('slots').selectAll().where('id', '=', slotId).where('job_id', '=', jobId).executeTakeFirst();
  if (slot === undefined) throw notFound('slot');
  return slot;
}

/**
 * Cancels every booking of `slotIds` (see cancelBookingsOfSlots); candidates who were 'scheduled' by one of them
 * go to 'callback' (to be called again), with the funnel kept in step. Returns how many bookings were cancelled.
 */
export async function cancelSlotBookings(trx: Transaction<Database>, slotIds: readonly number[], nowIso: string): Promise<number> {
  const cancelled = await cancelBookingsOfSlots(trx, slotIds);
  const candidates = new Set(cancelled.flatMap((b) => (b.candidate_id === null ? [] : [b.candidate_id])));
  for (const id of [...candidates].sort((a, b) => a - b)) {
    if ((await getCandidate(trx, id))?.status === 'scheduled') await moveCandidateStatus(trx, id, 'callback', nowIso);
  }
  return cancelled.length;
}

/** How many bookings of a job are for interviews still to come. */
export async function futureBookingsOf(trx: Transaction<Database>, of: { jobId: number }, nowIso: string): Promise<number> {
  const row = await trx
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.job_id', '=', of.jobId)
    .where('s.start_utc', '>', toUtcIso(nowIso))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
