import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { NewTurn, Turn } from './turns.table.js';
import { isUniqueViolation, precompiled } from './util.js';

const TURN_COLUMNS = [
  'call_sid', 'turn_number', 'user_input', 'digits', 'bot_response', 'intent',
  'confidence', 'engine', 'latency_ms', 'response_twiml', 'timestamp',
] as const satisfies ReadonlyArray<keyof NewTurn>;

type TurnValues = { [K in (typeof TURN_COLUMNS)[number]]: NewTurn[K] };

const turnValues = (row: NewTurn): unknown[] => TURN_COLUMNS.map((column) => row[column] ?? null);

const insertTurnQuery = precompiled(
  (db, row: NewTurn) =>
    db
      .insertInto('conversation_turns')
      .values(Object.fromEntries(TURN_COLUMNS.map((column) => [column, row[column] ?? null])) as TurnValues)
      .onConflict((oc) => oc.columns(['call_sid', 'turn_number']).doNothing()),
  turnValues,
);

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
    const result = await insertTurnQuery(trx, row);
    return (result.numAffectedRows ?? 0n) > 0n ? 'inserted' : 'duplicate';
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
