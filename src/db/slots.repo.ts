import type { Kysely, Transaction } from 'kysely';
import type { NewBooking } from './bookings.table.js';
import type { Database } from './schema.js';
import { releaseSeats } from './seats.js';
import type { SlotRow } from './slots.table.js';
import { dialectOf, precompiled, toUtcIso } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A configured slot: `start` is ISO-8601 with offset, `label` as spoken. */
export interface SlotSpec {
  start: string;
  label: string;
}

export type BookResult = 'booked' | 'full' | 'already_booked';

/**
 * Upserts the configured slots by their UTC start: new ones are inserted, existing ones get the new
 * label, start text and capacity — but capacity never below what is already booked. Slots not in
 * `slots` are left alone (their bookings stay valid). Returns every slot, by start.
 */
export async function syncSlots(db: Kysely<Database>, slots: readonly SlotSpec[], capacity: number): Promise<SlotRow[]> {
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('capacity must be a non-negative integer');
  await db.transaction().execute(async (trx) => {
    for (const slot of slots) {
      await trx
        .insertInto('slots')
        .values({ start_time: slot.start, start_utc: toUtcIso(slot.start), label: slot.label, capacity })
        .onConflict((oc) =>
          oc.column('start_utc').doUpdateSet((eb) => ({
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
  return listSlots(db);
}

/** Every slot, by start. */
export async function listSlots(db: Db): Promise<SlotRow[]> {
  return db.selectFrom('slots').selectAll().orderBy('start_utc', 'asc').orderBy('id', 'asc').execute();
}

/** Slots with a free seat starting after `nowIso` (any ISO instant), by start. */
export async function listOpenSlots(db: Db, nowIso: string): Promise<SlotRow[]> {
  return db
    .selectFrom('slots')
    .selectAll()
    .whereRef('booked_count', '<', 'capacity')
    .where('start_utc', '>', toUtcIso(nowIso))
    .orderBy('start_utc', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

/**
 * The open slots as the conversation needs them (id and start only), by start: what every turn loads.
 * Half the cost of {@link listOpenSlots} with ~200 slots, as only two columns become JS objects.
 */
export async function listOpenSlotStarts(db: Db, nowIso: string): Promise<Array<{ id: number; start_time: string }>> {
  return (await openSlotStartsQuery(db, toUtcIso(nowIso))).rows;
}

const openSlotStartsQuery = precompiled(
  (db, utc: string) =>
    db
      .selectFrom('slots')
      .select(['id', 'start_time'])
      .whereRef('booked_count', '<', 'capacity')
      .where('start_utc', '>', utc)
      .orderBy('start_utc', 'asc')
      .orderBy('id', 'asc'),
  (utc) => [utc],
);

/** True when at least one slot starting after `nowIso` has a free seat. */
export async function hasOpenSlot(db: Db, nowIso: string): Promise<boolean> {
  const row = await db
    .selectFrom('slots')
    .select('id')
    .whereRef('booked_count', '<', 'capacity')
    .where('start_utc', '>', toUtcIso(nowIso))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
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
}

/**
 * Takes a seat for a call, inside the caller's transaction. The seat is claimed with one atomic
 * conditional `UPDATE slots SET booked_count = booked_count + 1 WHERE id = ? AND booked_count < capacity`:
 * on PostgreSQL (READ COMMITTED) a concurrent booker blocks on the row lock and re-evaluates the
 * WHERE after the first commits; on SQLite transactions begin IMMEDIATE and are serialised.
 * The booking row then uses ON CONFLICT (call_sid) DO NOTHING; if the call already holds a booking
 * the seat is given back and 'already_booked' is returned.
 * On PostgreSQL the check, the claim and the booking row are one statement (one round trip); on SQLite three.
 * The statements are compiled once. Does not touch the session row (set slot_id / confirmed_slot with
 * updateSession in the same trx). Throws when the slot does not exist.
 */
export async function bookSlot(trx: Transaction<Database>, input: BookSlotInput): Promise<BookResult> {
  const booking = { call_sid: input.callSid, slot_id: input.slotId, candidate_phone: input.phone, created_at: toUtcIso(input.nowIso) };
  const steps = dialectOf(trx) === 'postgres' ? await bookInOneStatement(trx, booking) : await bookStepByStep(trx, booking);
  if (steps.existing) return 'already_booked';
  if (!steps.claimed) {
    if ((await getSlot(trx, booking.slot_id)) === undefined) throw new Error(`unknown slot ${booking.slot_id}`);
    return 'full';
  }
  if (!steps.inserted) {
    // A twin of this booking (the same call) committed first: the seat this one claimed goes back.
    await releaseSeats(trx, [booking.slot_id]);
    return 'already_booked';
  }
  return 'booked';
}

/** What the booking statements did: the call held a booking already, a seat was claimed, the booking row went in. */
interface BookingSteps {
  existing: boolean;
  claimed: boolean;
  inserted: boolean;
}

type BookingRow = Omit<NewBooking, 'id'> & { created_at: string };

const bookingValues = (b: BookingRow) => [b.call_sid, b.slot_id, b.candidate_phone, b.created_at];

const existingBookingQuery = precompiled(
  (db, callSid: string) => db.selectFrom('bookings').select('id').where('call_sid', '=', callSid),
  (callSid) => [callSid],
);

const claimSeatQuery = precompiled(
  (db, slotId: number) =>
    db
      .updateTable('slots')
      .set((eb) => ({ booked_count: eb('booked_count', '+', 1) }))
      .where('id', '=', slotId)
      .whereRef('booked_count', '<', 'capacity'),
  (slotId) => [1, slotId],
);

const insertBookingQuery = precompiled(
  (db, b: BookingRow) =>
    db
      .insertInto('bookings')
      .values({ call_sid: b.call_sid, slot_id: b.slot_id, candidate_phone: b.candidate_phone, created_at: b.created_at })
      .onConflict((oc) => oc.column('call_sid').doNothing()),
  bookingValues,
);

async function bookStepByStep(trx: Transaction<Database>, b: BookingRow): Promise<BookingSteps> {
  if ((await existingBookingQuery(trx, b.call_sid)).rows.length > 0) return { existing: true, claimed: false, inserted: false };
  if (((await claimSeatQuery(trx, b.slot_id)).numAffectedRows ?? 0n) === 0n) return { existing: false, claimed: false, inserted: false };
  const inserted = ((await insertBookingQuery(trx, b)).numAffectedRows ?? 0n) > 0n;
  return { existing: false, claimed: true, inserted };
}

/**
 * PostgreSQL: the three steps as CTEs of one statement. The claim only runs when the call has no booking (as the
 * step-by-step version returns before it), and the booking row only when a seat was claimed.
 */
const bookQuery = precompiled(
  (db, b: BookingRow) =>
    db
      .with('existing', (qb) => qb.selectFrom('bookings').select('id').where('call_sid', '=', b.call_sid))
      .with('claimed', (qb) =>
        qb
          .updateTable('slots')
          .set((eb) => ({ booked_count: eb('booked_count', '+', 1) }))
          .where('id', '=', b.slot_id)
          .whereRef('booked_count', '<', 'capacity')
          .where((eb) => eb.not(eb.exists(eb.selectFrom('existing').select('existing.id'))))
          .returning('slots.id'),
      )
      .with('inserted', (qb) =>
        qb
          .insertInto('bookings')
          .columns(['call_sid', 'slot_id', 'candidate_phone', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('claimed')
              .select((e) => [
                e.val(b.call_sid).as('call_sid'),
                'claimed.id',
                e.val(b.candidate_phone).as('candidate_phone'),
                e.val(b.created_at).as('created_at'),
              ]),
          )
          .onConflict((oc) => oc.column('call_sid').doNothing())
          .returning('bookings.id'),
      )
      .selectNoFrom((eb) => [
        eb.selectFrom('existing').select((e) => e.fn.countAll<string>().as('n')).as('existing'),
        eb.selectFrom('claimed').select((e) => e.fn.countAll<string>().as('n')).as('claimed'),
        eb.selectFrom('inserted').select((e) => e.fn.countAll<string>().as('n')).as('inserted'),
      ]),
  (b) => [b.call_sid, 1, b.slot_id, b.call_sid, b.candidate_phone, b.created_at],
);

async function bookInOneStatement(trx: Transaction<Database>, b: BookingRow): Promise<BookingSteps> {
  const row = (await bookQuery(trx, b)).rows[0];
  return { existing: Number(row?.existing ?? 0) > 0, claimed: Number(row?.claimed ?? 0) > 0, inserted: Number(row?.inserted ?? 0) > 0 };
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

/** The booking of a call, or undefined. */
export async function getBooking(db: Db, callSid: string): Promise<{ slot_id: number; created_at: string } | undefined> {
  return db.selectFrom('bookings').select(['slot_id', 'created_at']).where('call_sid', '=', callSid).executeTakeFirst();
}
