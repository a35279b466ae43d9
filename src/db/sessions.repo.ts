import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { deleteBookingsOf } from './seats.js';
import type { NewSession, Session, SessionStatus, SessionUpdate } from './sessions.table.js';
import { dialectOf, nowIso } from './util.js';

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
  jobId?: number;
  /** An outcome word: one that no call has matches nothing. */
  outcome?: string;
  /** Calls started at or after this instant (UTC ISO). */
  from?: string;
  /** Calls started before this instant (UTC ISO). */
  to?: string;
  /** Calls with at least one reply understood by this engine ('local', 'openai'). */
  engine?: string;
  /** Calls whose candidate's name contains this text, case-insensitively. */
  q?: string;
}

export interface SessionPage {
  items: Session[];
  /** Null on the last page. */
  next_cursor: string | null;
}

/** Inserts a new session. */
export async function insertSession(db: Db | Transaction<Database>, row: NewSession): Promise<void> {
  await db.insertInto('conversation_sessions').values(row).execute();
}

/** The session with this conversation id, or undefined. */
export async function getSession(db: Db | Transaction<Database>, callSid: string): Promise<Session | undefined> {
  return db.selectFrom('conversation_sessions').selectAll().where('call_sid', '=', callSid).executeTakeFirst();
}

/** The session whose conversation id or Twilio CallSid is `id` (the API takes either), or undefined. */
export async function findSession(db: Db | Transaction<Database>, id: string): Promise<Session | undefined> {
  return db
    .selectFrom('conversation_sessions')
    .selectAll()
    .where((eb) => eb.or([eb('call_sid', '=', id), eb('twilio_call_sid', '=', id)]))
    .executeTakeFirst();
}

/** How a webhook names its conversation: by our id (in the URL we gave Twilio) or, for calls of before, by CallSid. */
export type WebhookKey = { conversation: string } | { twilioCallSid: string };

/** The sessions a webhook key names (at most one). */
export function byWebhookKey(key: WebhookKey) {
  return (eb: ExpressionBuilder<Database, 'conversation_sessions'>) =>
    'conversation' in key
      ? eb('call_sid', '=', key.conversation)
      : eb.or([eb('call_sid', '=', key.twilioCallSid), eb('twilio_call_sid', '=', key.twilioCallSid)]);
}

/** A session as a webhook needs it: the session and the stored answer of one turn. */
export interface TurnContext {
  session: Session;
  /** The TwiML already answered for this turn (a retried webhook), or null. */
  storedTwiml: string | null;
}

/**
 * The session a webhook is about and, when `turn` is given, the TwiML already stored for that turn: one query.
 * Undefined when no session matches.
 */
export async function getTurnContext(db: Db | Transaction<Database>, key: WebhookKey, turn?: number): Promise<TurnContext | undefined> {
  const row = await db
    .selectFrom('conversation_sessions')
    .selectAll('conversation_sessions')
    .$if(turn !== undefined, (qb) =>
      qb.select((eb) =>
        eb
          .selectFrom('conversation_turns')
          .select('conversation_turns.response_twiml')
          .whereRef('conversation_turns.call_sid', '=', 'conversation_sessions.call_sid')
          .where('conversation_turns.turn_number', '=', turn ?? 0)
          .as('stored_twiml'),
      ),
    )
    .where(byWebhookKey(key))
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { stored_twiml, ...session } = row;
  return { session, storedTwiml: stored_twiml ?? null };
}

/**
 * Applies `patch` to a session; `updated_at` is set to now unless the patch sets it.
 * Returns false when the session does not exist.
 */
export async function updateSession(db: Db | Transaction<Database>, callSid: string, patch: SessionUpdate): Promise<boolean> {
  const result = await db
    .updateTable('conversation_sessions')
    .set({ updated_at: nowIso(), ...patch })
    .where('call_sid', '=', callSid)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Above this many calls whose name matches, a search reads the list in order instead of every match (they are dense). */
const FEW_NAMES = 2000;

/**
 * The candidate's name contains `text`, any case (ASCII letters only on SQLite, as its lower() and trigram folding
 * go). On SQLite a text of three characters or more without LIKE wildcards that few names contain is looked up in
 * the trigram table (migration 012) and the page sorts those calls alone; otherwise, and on PostgreSQL (whose
 * planner weighs its trigram index itself), the name is checked on the calls read in order.
 */
async function nameContains(db: Db, text: string): Promise<RawBuilder<SqlBool>> {
  const literal = !/[\\%_]/.test(text);
  if (dialectOf(db) === 'sqlite' && literal && text.length >= 3) {
    const pattern = `%${text}%`;
    const matches = await sql<{ n: number }>`select count(*) as n from (select rowid from conversation_names
      where candidate_name like ${pattern} limit ${FEW_NAMES})`.execute(db);
    if ((matches.rows[0]?.n ?? FEW_NAMES) < FEW_NAMES) {
      return sql<SqlBool>`conversation_sessions.rowid in (select rowid from conversation_names where candidate_name like ${pattern})`;
    }
  }
  // lower() on both sides: PostgreSQL's LIKE is case-sensitive.
  const escaped = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(candidate_name) like ${escaped} escape '\\'`;
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
 *
 * Each equality filter (status, job, outcome) has an index that also holds the order (migration 012), so a page
 * reads its rows and no more, at any depth. `engine` and `q` are checked on the rows read in that order: a page costs
 * what it takes to find `limit` matches (a rare name reads far).
 */
export async function listSessions(db: Db, options: ListSessionsOptions): Promise<SessionPage> {
  const { limit, cursor, status } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RangeError('limit must be an integer in 1..100');
  let query = db.selectFrom('conversation_sessions').selectAll();
  if (status !== undefined) query = query.where('status', '=', status);
  if (options.jobId !== undefined) query = query.where('job_id', '=', options.jobId);
  if (options.outcome !== undefined) query = query.where(sql.ref<string>('outcome'), '=', options.outcome);
  if (options.from !== undefined) query = query.where('start_time', '>=', options.from);
  if (options.to !== undefined) query = query.where('start_time', '<', options.to);
  const engine = options.engine;
  if (engine !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('conversation_turns as t')
          .select('t.turn_number')
          .whereRef('t.call_sid', '=', 'conversation_sessions.call_sid')
          .where('t.engine', '=', engine),
      ),
    );
  }
  if (options.q !== undefined && options.q !== '') query = query.where(await nameContains(db, options.q));
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    // The bound on start_time alone lets both databases start the index range at the cursor (an OR alone reads from the top).
    query = query
      .where('start_time', '<=', after.startTime)
      .where((eb) =>
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
 * Deletes the sessions matching `where` (turns, questions and bookings cascade) and gives booked seats back, in one
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

/** Deletes one session (by conversation id or Twilio CallSid) with its turns, questions and booking (seat returned). */
export async function deleteSession(db: Db, id: string): Promise<boolean> {
  return (await deleteSessionsWhere(db, (eb) => eb.or([eb('call_sid', '=', id), eb('twilio_call_sid', '=', id)]))) > 0;
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
