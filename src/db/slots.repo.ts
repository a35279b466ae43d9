import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { releaseSeats } from './seats.js';
import type { SlotRow } from './slots.table.js';
import { toUtcIso } from './util.js';

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

/** A slot with a free seat, as the conversation needs it. */
export interface OpenSlot {
  id: number;
  /** ISO-8601 with the interview zone's offset. */
  start_time: string;
}

/** Slots with a free seat starting after `nowIso` (any ISO instant), by start: the one open-slot query. */
export async function listOpenSlots(db: Db, nowIso: string): Promise<OpenSlot[]> {
  return db
    .selectFrom('slots')
    .select(['id', 'start_time'])
    .whereRef('booked_count', '<', 'capacity')
    .where('start_utc', '>', toUtcIso(nowIso))
    .orderBy('start_utc', 'asc')
    .orderBy('id', 'asc')
    .execute();
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
 * Does not touch the session row (set slot_id / confirmed_slot with updateSession in the same trx).
 * Throws when the slot does not exist.
 */
export async function bookSlot(trx: Transaction<Database>, input: BookSlotInput): Promise<BookResult> {
  const existing = await trx.selectFrom('bookings').select('id').where('call_sid', '=', input.callSid).executeTakeFirst();
  if (existing !== undefined) return 'already_booked';
  const claimed = await trx
    .updateTable('slots')
    .set((eb) => ({ booked_count: eb('booked_count', '+', 1) }))
    .where('id', '=', input.slotId)
    .whereRef('booked_count', '<', 'capacity')
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) {
    if ((await getSlot(trx, input.slotId)) === undefined) throw new Error(`unknown slot ${input.slotId}`);
    return 'full';
  }
  const inserted = await trx
    .insertInto('bookings')
    .values({ call_sid: input.callSid, slot_id: input.slotId, candidate_phone: input.phone, created_at: toUtcIso(input.nowIso) })
    .onConflict((oc) => oc.column('call_sid').doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) {
    // A twin of this booking (the same call) committed first: the seat this one claimed goes back.
    await releaseSeats(trx, [input.slotId]);
    return 'already_booked';
  }
  return 'booked';
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
