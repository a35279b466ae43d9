import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { releaseSeats } from './seats.js';
import type { SlotRow } from './slots.table.js';
import { dialectOf, toUtcIso } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A configured slot: `start` is ISO-8601 with offset, `label` as spoken. */
export interface SlotSpec {
  start: string;
  label: string;
}

/** 'full' also when the slot's interviewer has another booking at an overlapping time (the seat cannot be taken). */
export type BookResult = 'booked' | 'full' | 'already_booked';

/**
 * Upserts the configured slots of a job by their UTC start: new ones are inserted, existing ones get the new label,
 * start text and capacity — but capacity never below what is already booked. Slots not in `slots` are left alone
 * (their bookings stay valid). Returns every slot of the job, by start.
 */
export async function syncSlots(db: Kysely<Database>, jobId: number, slots: readonly SlotSpec[], capacity: number): Promise<SlotRow[]> {
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('capacity must be a non-negative integer');
  await db.transaction().execute(async (trx) => {
    for (const slot of slots) {
      await trx
        .insertInto('slots')
        .values({ job_id: jobId, start_time: slot.start, start_utc: toUtcIso(slot.start), label: slot.label, capacity })
        .onConflict((oc) =>
          oc.columns(['job_id', 'start_utc']).doUpdateSet((eb) => ({
            start_time: eb.ref('excluded.start_time'),
            label: eb.ref('excluded.label'),
            capacity: eb
              .case()
              .when(eb.ref('excluded.capacity'), '<', eb.ref('slots.booked_count'))
              .then(eb.ref('slots.booked_count'))
              .else(eb.ref('excluded.capacity'))
              .end(),
          })),
        )
        .execute();
    }
  });
  return listSlots(db, jobId);
}

/** Every slot (of one job when `jobId` is given), by start. */
export async function listSlots(db: Db, jobId?: number): Promise<SlotRow[]> {
  let query = db.selectFrom('slots').selectAll();
  if (jobId !== undefined) query = query.where('job_id', '=', jobId);
  return query.orderBy('start_utc', 'asc').orderBy('id', 'asc').execute();
}

/** upcoming: every slot after now (the default); open: upcoming with a free seat; full: upcoming, no seat; past. */
export type SlotState = 'upcoming' | 'open' | 'full' | 'past';

/** A job's slots in one state: upcoming ones nearest first, past ones latest first. */
export async function listJobSlots(db: Db, jobId: number, nowIso: string, state: SlotState = 'upcoming'): Promise<SlotRow[]> {
  const now = toUtcIso(nowIso);
  let query = db.selectFrom('slots').selectAll().where('job_id', '=', jobId);
  if (state === 'past') return query.where('start_utc', '<=', now).orderBy('start_utc', 'desc').orderBy('id', 'desc').execute();
  query = query.where('start_utc', '>', now);
  if (state === 'open') query = query.whereRef('booked_count', '<', 'capacity');
  if (state === 'full') query = query.whereRef('booked_count', '>=', 'capacity');
  return query.orderBy('start_utc', 'asc').orderBy('id', 'asc').execute();
}

/** A new slot of a job; `start` ISO-8601 with the job zone's offset, `interviewer_email` already lower-case. */
export interface NewSlot {
  start: string;
  label: string;
  capacity: number;
  minutes: number | null;
  interviewer_name: string | null;
  interviewer_email: string | null;
}

/**
 * Inserts slots into a job. A start the job already has (or one given twice) is not doubled: it comes back in
 * `duplicates` as given. Returns the created rows by start.
 */
export async function insertSlots(
  trx: Transaction<Database>,
  jobId: number,
  slots: readonly NewSlot[],
): Promise<{ created: SlotRow[]; duplicates: string[] }> {
  const duplicates: string[] = [];
  const unique = new Map<string, NewSlot>();
  for (const slot of slots) {
    const utc = toUtcIso(slot.start);
    if (unique.has(utc)) duplicates.push(slot.start);
    else unique.set(utc, slot);
  }
  const rows = [...unique].map(([utc, { start, ...rest }]) => ({ ...rest, job_id: jobId, start_time: start, start_utc: utc }));
  const created: SlotRow[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const inserted = await trx
      .insertInto('slots')
      .values(chunk)
      .onConflict((oc) => oc.columns(['job_id', 'start_utc']).doNothing())
      .returningAll()
      .execute();
    created.push(...inserted);
  }
  const made = new Set(created.map((r) => r.start_utc));
  for (const row of rows) if (!made.has(row.start_utc)) duplicates.push(row.start_time);
  created.sort((a, b) => (a.start_utc < b.start_utc ? -1 : a.start_utc > b.start_utc ? 1 : a.id - b.id));
  return { created, duplicates };
}

/** A slot with a free seat, as the conversation needs it. */
export interface OpenSlot {
  id: number;
  /** ISO-8601 with the job zone's offset. */
  start_time: string;
}

/** A slot's time span and interviewer, for the "one person, one interview at a time" rule. */
interface Span {
  id: number;
  interviewer_email: string | null;
  start_utc: string;
  minutes: number;
}

/** Longer than any slot can be (minutes are at most 480): how far back a booked slot can still overlap. */
const LONGEST_SLOT_MS = 24 * 3_600_000;

function spanSelect(db: Db) {
  return db
    .selectFrom('slots as s')
    .innerJoin('jobs as j', 'j.id', 's.job_id')
    .select(['s.id', 's.interviewer_email', 's.start_utc', (eb) => eb.fn.coalesce('s.minutes', 'j.interview_minutes').as('minutes')]);
}

function endMs(span: Span): number {
  return Date.parse(span.start_utc) + span.minutes * 60_000;
}

/**
 * The slots with at least one booking whose interviewer is one of `emails` and that could overlap [fromMs, toMs),
 * in any job.
 */
async function bookedSpans(db: Db, emails: readonly string[], fromMs: number, toMs: number): Promise<Span[]> {
  if (emails.length === 0) return [];
  return spanSelect(db)
    .where('s.booked_count', '>', 0)
    .where('s.interviewer_email', 'in', [...new Set(emails)])
    .where('s.start_utc', '>', new Date(fromMs - LONGEST_SLOT_MS).toISOString())
    .where('s.start_utc', '<', new Date(toMs).toISOString())
    .execute();
}

/** True when another slot of the same interviewer, booked, overlaps `slot`'s time (back-to-back is no overlap). */
function clashes(slot: Span, booked: readonly Span[]): boolean {
  if (slot.interviewer_email === null) return false;
  const start = Date.parse(slot.start_utc);
  const end = endMs(slot);
  return booked.some(
    (b) => b.id !== slot.id && b.interviewer_email === slot.interviewer_email && Date.parse(b.start_utc) < end && start < endMs(b),
  );
}

/**
 * How many open slots a call works with, nearest first: far more than one phone call can go through (it offers four
 * at a time), and it keeps a turn's read small when a job has months of slots open.
 */
export const OPEN_SLOTS_CONSIDERED = 60;

/**
 * The one open-slot query: a job's slots with a free seat starting after `nowIso` (any ISO instant), nearest first,
 * at most {@link OPEN_SLOTS_CONSIDERED}, without those whose interviewer already has a booking at an overlapping time
 * in any job (an interviewer is one person across jobs).
 */
export async function listOpenSlots(db: Db, jobId: number, nowIso: string): Promise<OpenSlot[]> {
  const open = await db
    .selectFrom('slots')
    .select(['id', 'start_time', 'interviewer_email'])
    .where('job_id', '=', jobId)
    .whereRef('booked_count', '<', 'capacity')
    .where('start_utc', '>', toUtcIso(nowIso))
    .orderBy('start_utc', 'asc')
    .orderBy('id', 'asc')
    .limit(OPEN_SLOTS_CONSIDERED)
    .execute();
  const staffedIds = open.flatMap((s) => (s.interviewer_email === null ? [] : [s.id]));
  const busy = staffedIds.length === 0 ? new Set<number>() : await busyStaffedSlots(db, staffedIds);
  return open.filter((s) => !busy.has(s.id)).map((s) => ({ id: s.id, start_time: s.start_time }));
}

/** Of these slots (each naming an interviewer), the ones whose interviewer is booked elsewhere at an overlapping time. */
async function busyStaffedSlots(db: Db, slotIds: readonly number[]): Promise<Set<number>> {
  const staffed = await spanSelect(db)
    .where('s.id', 'in', [...slotIds])
    .execute();
  const from = Math.min(...staffed.map((s) => Date.parse(s.start_utc)));
  const to = Math.max(...staffed.map(endMs));
  const emails = staffed.flatMap((s) => (s.interviewer_email === null ? [] : [s.interviewer_email]));
  const booked = await bookedSpans(db, emails, from, to);
  return new Set(staffed.filter((s) => clashes(s, booked)).map((s) => s.id));
}

/**
 * Whether `email` has a booking, in any slot but `slotId`, overlapping that slot's time. Inside the caller's
 * transaction and with the interviewer locked first, so the answer holds until the transaction ends: on PostgreSQL
 * (READ COMMITTED) a transaction-scoped advisory lock keyed by the address serialises every booker of that person —
 * the second waits, then reads the first one's committed seat — rather than SERIALIZABLE, which would turn every
 * turn's transaction into a retry loop; rows cannot be locked instead, as the clashing slot may be in another job
 * and not yet booked. On SQLite every write transaction begins IMMEDIATE and holds the one write lock.
 */
export async function interviewerBusy(trx: Transaction<Database>, slotId: number, email: string | null): Promise<boolean> {
  if (email === null) return false;
  await lockInterviewer(trx, email);
  const slot = await spanSelect(trx).where('s.id', '=', slotId).executeTakeFirst();
  if (slot === undefined) return false;
  const span = { ...slot, interviewer_email: email };
  return clashes(span, await bookedSpans(trx, [email], Date.parse(span.start_utc), endMs(span)));
}

/**
 * Locks an interviewer (by address) until the transaction ends: on PostgreSQL the transaction-scoped advisory lock
 * {@link interviewerBusy} takes (re-entrant, so taking it first and checking later is fine); SQLite's write
 * transactions are serialised already. A move takes it before it frees the old seat, in the order every booker does.
 */
export async function lockInterviewer(trx: Transaction<Database>, email: string | null): Promise<void> {
  if (email === null || dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`interviewer:${email}`}, 0))`.execute(trx);
}

/**
 * Takes one seat of a slot inside the caller's transaction: the interviewer (if the slot names one) locked and checked
 * first (see {@link interviewerBusy}), then one atomic conditional `UPDATE slots SET booked_count = booked_count + 1
 * WHERE id = ? AND booked_count < capacity` (on PostgreSQL a concurrent taker blocks on the row lock and re-evaluates
 * the WHERE after the first commits; on SQLite transactions begin IMMEDIATE and are serialised). 'full' when no seat
 * is free or the interviewer has a clash. Throws when the slot does not exist.
 */
export async function takeSeat(trx: Transaction<Database>, slotId: number): Promise<'taken' | 'full'> {
  const slot = await trx.selectFrom('slots').select('interviewer_email').where('id', '=', slotId).executeTakeFirst();
  if (slot === undefined) throw new Error(`unknown slot ${slotId}`);
  if (await interviewerBusy(trx, slotId, slot.interviewer_email)) return 'full';
  const claimed = await trx
    .updateTable('slots')
    .set((eb) => ({ booked_count: eb('booked_count', '+', 1) }))
    .where('id', '=', slotId)
    .whereRef('booked_count', '<', 'capacity')
    .executeTakeFirst();
  return claimed.numUpdatedRows === 0n ? 'full' : 'taken';
}

/** One slot by id, or undefined. */
export async function getSlot(db: Db, slotId: number): Promise<SlotRow | undefined> {
  return db.selectFrom('slots').selectAll().where('id', '=', slotId).executeTakeFirst();
}

export interface BookSlotInput {
  slotId: number;
  callSid: string;
  phone: string;
  nowIso: string;
  /** The candidate booked, when the call is for one. */
  candidateId?: number | null;
}

/**
 * Books a seat for a call, inside the caller's transaction: the booking row first (ON CONFLICT (call_sid) DO
 * NOTHING: a call that holds a booking already gets 'already_booked'), then `beforeSeat` with the new booking's id
 * (what the booking sets in motion), then the seat with {@link takeSeat}, last. On PostgreSQL the seat's row lock is
 * held until the commit, so taking it last keeps every other booker of that slot waiting only for the end of this
 * turn, not for its messages. When no seat is free (or the interviewer has a clash) all of it is rolled back to a
 * savepoint and 'full' is returned. Does not touch the session row (set slot_id / confirmed_slot with updateSession
 * in the same trx). Throws when the slot does not exist.
 */
export async function bookSlot(
  trx: Transaction<Database>,
  input: BookSlotInput,
  beforeSeat?: (bookingId: number) => Promise<void>,
): Promise<BookResult> {
  await sql`savepoint book_slot`.execute(trx);
  try {
    const inserted = await trx
      .insertInto('bookings')
      .values({
        call_sid: input.callSid,
        slot_id: input.slotId,
        candidate_phone: input.phone,
        candidate_id: input.candidateId ?? null,
        created_at: toUtcIso(input.nowIso),
      })
      .onConflict((oc) => oc.column('call_sid').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) {
      await sql`release savepoint book_slot`.execute(trx);
      return 'already_booked';
    }
    await beforeSeat?.(inserted.id);
    if ((await takeSeat(trx, input.slotId)) === 'full') {
      await sql`rollback to savepoint book_slot`.execute(trx);
      await sql`release savepoint book_slot`.execute(trx);
      return 'full';
    }
    await sql`release savepoint book_slot`.execute(trx);
    return 'booked';
  } catch (err) {
    await sql`rollback to savepoint book_slot`.execute(trx);
    await sql`release savepoint book_slot`.execute(trx);
    throw err;
  }
}

/**
 * Cancels a call's booking and gives the seat back, inside the caller's transaction.
 * Returns false when the call had no booking. Does not touch the session row.
 */
export async function cancelBooking(trx: Transaction<Database>, callSid: string): Promise<boolean> {
  const removed = await trx.deleteFrom('bookings').where('call_sid', '=', callSid).returning('slot_id').execute();
  await releaseSeats(
    trx,
    removed.map((r) => r.slot_id),
  );
  return removed.length > 0;
}

/** A booking cancelled with its slot or job. */
export interface CancelledBooking {
  call_sid: string;
  slot_id: number;
  candidate_id: number | null;
}

/**
 * Cancels every booking of the given slots in the caller's transaction: the seats are given back and the calls'
 * sessions no longer point at a slot (what was said on the call stays in `confirmed_slot`).
 */
export async function cancelBookingsOfSlots(trx: Transaction<Database>, slotIds: readonly number[]): Promise<CancelledBooking[]> {
  if (slotIds.length === 0) return [];
  const removed = await trx
    .deleteFrom('bookings')
    .where('slot_id', 'in', slotIds)
    .returning(['call_sid', 'slot_id', 'candidate_id'])
    .execute();
  await releaseSeats(
    trx,
    removed.map((r) => r.slot_id),
  );
  const calls = removed.map((r) => r.call_sid);
  for (let i = 0; i < calls.length; i += 500) {
    await trx
      .updateTable('conversation_sessions')
      .set({ slot_id: null })
      .where('call_sid', 'in', calls.slice(i, i + 500))
      .execute();
  }
  return removed;
}

/** The booking of a call, or undefined. */
export async function getBooking(db: Db, callSid: string): Promise<{ slot_id: number; created_at: string } | undefined> {
  return db.selectFrom('bookings').select(['slot_id', 'created_at']).where('call_sid', '=', callSid).executeTakeFirst();
}
