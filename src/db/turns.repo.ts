import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { NewTurn, Turn } from './turns.table.js';
import { isUniqueViolation } from './util.js';

/**
 * Records one turn. Returns 'duplicate' when (call_sid, turn_number) already exists — a retried
 * webhook — so the caller replays the stored TwiML instead of answering twice.
 *
 * Portable on both dialects, in one statement: `ON CONFLICT (call_sid, turn_number) DO NOTHING` inserts
 * nothing for an existing turn (and a concurrent twin waits for the first to commit and then inserts nothing,
 * without aborting the transaction on pg), so the inserted-row count tells a duplicate; a unique violation
 * (SQLITE_CONSTRAINT_UNIQUE / 23505) is still mapped to 'duplicate' as a last resort.
 */
export async function insertTurn(trx: Transaction<Database>, row: NewTurn): Promise<'inserted' | 'duplicate'> {
  try {
    const result = await trx
      .insertInto('conversation_turns')
      .values(row)
      .onConflict((oc) => oc.columns(['call_sid', 'turn_number']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n ? 'inserted' : 'duplicate';
  } catch (err) {
    if (isUniqueViolation(err)) return 'duplicate';
    throw err;
  }
}

/** One turn of a call, or undefined. */
export async function getTurn(
  db: Kysely<Database> | Transaction<Database>,
  callSid: string,
  turnNumber: number,
): Promise<Turn | undefined> {
  return db
    .selectFrom('conversation_turns')
    .selectAll()
    .where('call_sid', '=', callSid)
    .where('turn_number', '=', turnNumber)
    .executeTakeFirst();
}

/** Every turn of a call, by turn_number. */
export async function listTurns(db: Kysely<Database> | Transaction<Database>, callSid: string): Promise<Turn[]> {
  return db
    .selectFrom('conversation_turns')
    .selectAll()
    .where('call_sid', '=', callSid)
    .orderBy('turn_number', 'asc')
    .execute();
}
