import type { Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Gives back one seat per deleted booking. `slotIds` are the slot ids of the bookings just deleted
 * (duplicates allowed); each slot is decremented once by its count.
 */
export async function releaseSeats(trx: Transaction<Database>, slotIds: readonly number[]): Promise<void> {
  const counts = new Map<number, number>();
  for (const id of slotIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    await trx
      .updateTable('slots')
      .set((eb) => ({ booked_count: eb('booked_count', '-', n) }))
      .where('id', '=', id)
      .execute();
  }
}

/**
 * Deletes the bookings of the given calls and gives their seats back, in `trx`.
 * Returns how many bookings were removed.
 */
export async function deleteBookingsOf(trx: Transaction<Database>, callSids: readonly string[]): Promise<number> {
  if (callSids.length === 0) return 0;
  const removed = await trx.deleteFrom('bookings').where('call_sid', 'in', callSids).returning('slot_id').execute();
  await releaseSeats(
    trx,
    removed.map((r) => r.slot_id),
  );
  return removed.length;
}
