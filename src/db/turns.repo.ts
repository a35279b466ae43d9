import type { Kysely, QueryResult, Transaction } from 'kysely';
import type { SessionUpdate } from './sessions.table.js';
import { sessionSet, updateSession, updateSessionQuery } from './sessions.repo.js';
import { directSqlite, inDirectTransaction, type DirectSqlite } from './sqlite-direct.js';
import type { Database } from './schema.js';
import type { NewTurn, Turn } from './turns.table.js';
import { columnsOf, dialectOf, isUniqueViolation, precompiled } from './util.js';

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
export async function insertTurn(trx: Kysely<Database> | Transaction<Database>, row: NewTurn): Promise<'inserted' | 'duplicate'> {
  try {
    return outcomeOf(await insertTurnQuery(trx, row));
  } catch (err) {
    return duplicateOnConflict(err);
  }
}

/** {@link insertTurn}, synchronously on a direct SQLite connection (sqlite-direct.ts). */
function insertTurnNow(direct: DirectSqlite, db: Kysely<Database>, row: NewTurn): 'inserted' | 'duplicate' {
  try {
    return outcomeOf(insertTurnQuery.now(direct, db, row));
  } catch (err) {
    return duplicateOnConflict(err);
  }
}

/** A turn's write wrote a row: 'inserted'; none (ON CONFLICT DO NOTHING, or the CTE's insert did nothing): 'duplicate'. */
function outcomeOf(result: QueryResult<unknown>): 'inserted' | 'duplicate' {
  return (result.numAffectedRows ?? 0n) > 0n ? 'inserted' : 'duplicate';
}

/** The unique violation that is still a duplicate (see {@link insertTurn}); anything else is thrown on. */
function duplicateOnConflict(err: unknown): 'duplicate' {
  if (isUniqueViolation(err)) return 'duplicate';
  throw err;
}

/** PostgreSQL: the turn inserted as a CTE, the session updated only if it inserted; compiled once per patch shape. */
const recordTurnQuery = precompiled(
  (db, row: NewTurn, set: SessionUpdate) =>
    db
      .with('inserted', (qb) =>
        qb
          .insertInto('conversation_turns')
          .values(Object.fromEntries(TURN_COLUMNS.map((column) => [column, row[column] ?? null])) as TurnValues)
          .onConflict((oc) => oc.columns(['call_sid', 'turn_number']).doNothing())
          .returning('id'),
      )
      .updateTable('conversation_sessions')
      .set(set)
      .where('call_sid', '=', row.call_sid)
      .where((eb) => eb.exists(eb.selectFrom('inserted').select('inserted.id'))),
  (row, set) => [...turnValues(row), ...Object.values(set), row.call_sid],
  (_row, set) => columnsOf(set),
);

/**
 * Stores a turn and its session's new state together: 'duplicate' when the turn was already stored (then nothing
 * is written). On PostgreSQL it is one statement — the insert as a CTE and the session update only if it
 * inserted — so one round trip instead of BEGIN, insert, update and COMMIT; on SQLite (no round trips) a
 * transaction of the two. For a turn that writes more (a booking), {@link storeTurn} inside that transaction.
 */
export async function recordTurn(db: Kysely<Database>, row: NewTurn, patch: SessionUpdate): Promise<'inserted' | 'duplicate'> {
  if (dialectOf(db) === 'postgres') return storeTurn(db, row, patch);
  // A duplicate writes nothing (the insert comes first), so the transaction can simply commit.
  const direct = directSqlite(db);
  if (direct !== undefined) return inDirectTransaction(direct, () => storeTurnNow(direct, db, row, patch));
  return db.transaction().execute((trx) => storeTurn(trx, row, patch));
}

/** {@link storeTurn} on SQLite, synchronously on a direct connection (sqlite-direct.ts), inside its transaction. */
function storeTurnNow(direct: DirectSqlite, db: Kysely<Database>, row: NewTurn, patch: SessionUpdate): 'inserted' | 'duplicate' {
  if (insertTurnNow(direct, db, row) === 'duplicate') return 'duplicate';
  updateSessionQuery.now(direct, db, row.call_sid, sessionSet(patch));
  return 'inserted';
}

/**
 * {@link recordTurn}'s two writes in the caller's transaction (on SQLite it must be one): the turn, then the
 * session's patch only when the turn was new. One statement on PostgreSQL, two on SQLite. A caller that wrote
 * something else first rolls it back on 'duplicate'.
 */
export async function storeTurn(
  db: Kysely<Database> | Transaction<Database>,
  row: NewTurn,
  patch: SessionUpdate,
): Promise<'inserted' | 'duplicate'> {
  if (dialectOf(db) === 'postgres') {
    return outcomeOf(await recordTurnQuery(db, row, sessionSet(patch)));
  }
  if ((await insertTurn(db, row)) === 'duplicate') return 'duplicate';
  await updateSession(db, row.call_sid, patch);
  return 'inserted';
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
