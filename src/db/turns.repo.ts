import type { Kysely, Transaction } from 'kysely';
import type { NewQuestion } from './questions.table.js';
import type { Database } from './schema.js';
import { updateSession } from './sessions.repo.js';
import type { SessionUpdate } from './sessions.table.js';
import type { NewTurn, Turn } from './turns.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Inserts one turn unless (call_sid, turn_number) is stored already — a retried webhook — and says which.
 * `ON CONFLICT DO NOTHING` on both dialects: a concurrent twin waits for the first to commit and then inserts
 * nothing, without aborting the transaction on PostgreSQL.
 */
export async function insertTurn(db: Db, row: NewTurn): Promise<'inserted' | 'duplicate'> {
  const result = await db
    .insertInto('conversation_turns')
    .values(row)
    .onConflict((oc) => oc.columns(['call_sid', 'turn_number']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n ? 'inserted' : 'duplicate';
}

/** What one turn stores: the turn, the session's new state, and the questions passed on to the recruiter. */
export interface TurnRecord {
  turn: NewTurn;
  session: SessionUpdate;
  questions: ReadonlyArray<Omit<NewQuestion, 'call_sid' | 'turn_number'>>;
}

/**
 * Stores a turn of any kind (greeting, reply, booking, opt-out, question, silence, keypad) in the caller's
 * transaction: the turn first, and only when it is new the session's patch and the questions. 'duplicate' when
 * the turn was stored already (then nothing is written, and the caller rolls back whatever else it wrote).
 */
export async function saveTurn(trx: Transaction<Database>, record: TurnRecord): Promise<'inserted' | 'duplicate'> {
  const { turn } = record;
  if ((await insertTurn(trx, turn)) === 'duplicate') return 'duplicate';
  await updateSession(trx, turn.call_sid, record.session);
  if (record.questions.length > 0) {
    await trx
      .insertInto('questions')
      .values(record.questions.map((q) => ({ ...q, call_sid: turn.call_sid, turn_number: turn.turn_number })))
      .execute();
  }
  return 'inserted';
}

/** One turn of a call, or undefined. */
export async function getTurn(db: Db, callSid: string, turnNumber: number): Promise<Turn | undefined> {
  return db
    .selectFrom('conversation_turns')
    .selectAll()
    .where('call_sid', '=', callSid)
    .where('turn_number', '=', turnNumber)
    .executeTakeFirst();
}

/** Every turn of a call, by turn_number. */
export async function listTurns(db: Db, callSid: string): Promise<Turn[]> {
  return db.selectFrom('conversation_turns').selectAll().where('call_sid', '=', callSid).orderBy('turn_number', 'asc').execute();
}
