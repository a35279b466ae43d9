import type { Expression, ExpressionBuilder, Kysely, SqlBool, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { deleteBookingsOf } from './seats.js';
import type { NewSession, Session, SessionStatus, SessionUpdate } from './sessions.table.js';
import { columnsOf, definedEntries, dialectOf, nowIso, precompiled } from './util.js';

type Db = Kysely<Database>;

/** Thrown by {@link listSessions} for a cursor it did not issue. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

export interface ListSessionsOptions {
  /** 1..100. */
  limit: number;
  /** `next_cursor` from the previous page. */
  cursor?: string;
  status?: SessionStatus;
}

export interface SessionPage {
  items: Session[];
  /** Null on the last page. */
  next_cursor: string | null;
}

/** Inserts a new session (call_sid may be a provisional 'pending-<uuid>'). */
export async function insertSession(db: Db | Transaction<Database>, row: NewSession): Promise<void> {
  await db.insertInto('conversation_sessions').values(row).execute();
}

/** The session with this CallSid, or undefined. */
export async function getSession(db: Db | Transaction<Database>, callSid: string): Promise<Session | undefined> {
  return db.selectFrom('conversation_sessions').selectAll().where('call_sid', '=', callSid).executeTakeFirst();
}

/** A session as a webhook needs it: the session, the stored answer of one turn and the prompt before it. */
export interface TurnContext {
  session: Session;
  /** The TwiML already answered for this turn (a retried webhook), or null. */
  storedTwiml: string | null;
  /** What the caller said in the previous turn (the context the reply answers), or null. */
  previousPrompt: string | null;
  /** `slots_version` at this read, for the open-slot list (../open-slots.ts), or null. */
  slotsVersion: string | null;
}

const turnContextQuery = precompiled(
  (db, callSid: string, turn: number) =>
    db
      .selectFrom('conversation_sessions')
      .selectAll('conversation_sessions')
      .select((eb) => [
        eb
          .selectFrom('conversation_turns')
          .select('response_twiml')
          .where('call_sid', '=', callSid)
          .where('turn_number', '=', turn)
          .as('stored_twiml'),
        eb
          .selectFrom('conversation_turns')
          .select('bot_response')
          .where('call_sid', '=', callSid)
          .where('turn_number', '=', turn - 1)
          .as('previous_prompt'),
        eb.selectFrom('slots_version').select('version').as('slots_version'),
      ])
      .where('conversation_sessions.call_sid', '=', callSid),
  (callSid, turn) => [callSid, turn, callSid, turn - 1, callSid],
);

/** {@link getSession}, the turn's stored TwiML, the previous prompt and the slots' version, in one query (one round trip per webhook). */
export async function getTurnContext(db: Db | Transaction<Database>, callSid: string, turn: number): Promise<TurnContext | undefined> {
  const row = (await turnContextQuery(db, callSid, turn)).rows[0];
  if (row === undefined) return undefined;
  const { stored_twiml, previous_prompt, slots_version, ...session } = row;
  return { session, storedTwiml: stored_twiml ?? null, previousPrompt: previous_prompt ?? null, slotsVersion: slots_version ?? null };
}

/**
 * Replaces a provisional id with Twilio's real CallSid. Returns false when `oldSid` does not exist.
 * (Child rows follow through ON UPDATE CASCADE, though none are expected at that point.)
 */
export async function renameCallSid(db: Db | Transaction<Database>, oldSid: string, newSid: string): Promise<boolean> {
  const result = await db
    .updateTable('conversation_sessions')
    .set({ call_sid: newSid, updated_at: nowIso() })
    .where('call_sid', '=', oldSid)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A patch as the session's SET: `updated_at` now unless the patch sets it, undefined values left out (as Kysely does). */
export function sessionSet(patch: SessionUpdate): SessionUpdate {
  return definedEntries({ updated_at: nowIso(), ...patch });
}

/** The session update compiled once per set of columns (a turn sets the same few columns every time). */
export const updateSessionQuery = precompiled(
  (db, callSid: string, set: SessionUpdate) => db.updateTable('conversation_sessions').set(set).where('call_sid', '=', callSid),
  (callSid, set) => [...Object.values(set), callSid],
  (_callSid, set) => columnsOf(set),
);

/**
 * Applies `patch` to a session; `updated_at` is set to now unless the patch sets it.
 * Returns false when the session does not exist.
 */
export async function updateSession(
  db: Db | Transaction<Database>,
  callSid: string,
  patch: SessionUpdate,
): Promise<boolean> {
  const result = await updateSessionQuery(db, callSid, sessionSet(patch));
  return (result.numAffectedRows ?? 0n) > 0n;
}

function encodeCursor(row: Pick<Session, 'start_time' | 'call_sid'>): string {
  return Buffer.from(JSON.stringify([row.start_time, row.call_sid]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { startTime: string; callSid: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A key with a NUL was never issued (no stored text holds one, and PostgreSQL would refuse it as a parameter).
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string' && !part.includes('\u0000'))) {
      return { startTime: parsed[0] as string, callSid: parsed[1] as string };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/**
 * One page of sessions, newest first by (start_time desc, call_sid desc), keyset-paginated:
 * pages stay consistent while new calls arrive. Throws RangeError for a bad limit and
 * {@link InvalidCursorError} for a foreign cursor.
 */
export async function listSessions(db: Db, options: ListSessionsOptions): Promise<SessionPage> {
  const { limit, cursor, status } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RangeError('limit must be an integer in 1..100');
  let query = db.selectFrom('conversation_sessions').selectAll();
  if (status !== undefined) query = query.where('status', '=', status);
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    query = query.where((eb) =>
      eb.or([
        eb('start_time', '<', after.startTime),
        eb.and([eb('start_time', '=', after.startTime), eb('call_sid', '<', after.callSid)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('start_time', 'desc')
    .orderBy('call_sid', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
}

/**
 * Deletes the sessions matching `where` (turns and bookings cascade) and gives booked seats back, in one
 * transaction. On pg the sessions are locked FOR UPDATE first, so a concurrent bookSlot for one of them
 * waits (its foreign-key check needs the row) and then fails instead of slipping a seat past the release;
 * SQLite transactions are BEGIN IMMEDIATE, i.e. already serialised.
 */
async function deleteSessionsWhere(
  db: Db,
  where: (eb: ExpressionBuilder<Database, 'conversation_sessions'>) => Expression<SqlBool>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const callSids = (
      await trx
        .selectFrom('conversation_sessions')
        .select('call_sid')
        .where(where)
        .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
        .execute()
    ).map((r) => r.call_sid);
    let removed = 0;
    // Chunked to stay well below parameter limits on both dialects.
    for (let i = 0; i < callSids.length; i += 500) {
      const chunk = callSids.slice(i, i + 500);
      await deleteBookingsOf(trx, chunk);
      const result = await trx.deleteFrom('conversation_sessions').where('call_sid', 'in', chunk).executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    return removed;
  });
}

/** Deletes one session with its turns and booking (seat returned), in one transaction. */
export async function deleteSession(db: Db, callSid: string): Promise<boolean> {
  return (await deleteSessionsWhere(db, (eb) => eb('call_sid', '=', callSid))) > 0;
}

/** Deletes every session for `phone` (as stored, E.164) with turns and bookings; returns how many. */
export async function deleteByPhone(db: Db, phone: string): Promise<number> {
  return deleteSessionsWhere(db, (eb) => eb('candidate_phone', '=', phone));
}

/** Retention: deletes sessions that started before `isoCutoff` (any ISO instant); returns how many. */
export async function purgeOlderThan(db: Db, isoCutoff: string): Promise<number> {
  const cutoff = new Date(isoCutoff);
  if (Number.isNaN(cutoff.getTime())) throw new RangeError(`not an ISO-8601 date-time: ${JSON.stringify(isoCutoff)}`);
  return deleteSessionsWhere(db, (eb) => eb('start_time', '<', cutoff.toISOString()));
}

/** Number of sessions with status 'active'. */
export async function countActive(db: Db | Transaction<Database>): Promise<number> {
  const row = await db
    .selectFrom('conversation_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
