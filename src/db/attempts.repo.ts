import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttemptResult, AttemptRow, AttemptState, NewAttemptRow } from './attempts.table.js';
import type { Database } from './schema.js';
import { dialectOf } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The campaign attempts' record (`call_attempts`). Every move of an attempt is one conditional UPDATE on its state,
 * so two dispatchers (or a dispatcher and reconcile) racing on one attempt never both win: the row updated says who did.
 */

/** The states an attempt holds a line in (counted against MAX_CONCURRENT_CALLS). */
export const IN_FLIGHT: readonly AttemptState[] = ['claimed', 'dialled'];

export async function getAttempt(db: Db, id: number): Promise<AttemptRow | undefined> {
  return db.selectFrom('call_attempts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The attempt, locked until the transaction ends on PostgreSQL (SQLite's write transactions are serialised already). */
export async function lockAttempt(trx: Transaction<Database>, id: number): Promise<AttemptRow | undefined> {
  return trx
    .selectFrom('call_attempts')
    .selectAll()
    .where('id', '=', id)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Who claims, when, and until when. */
export interface Claim {
  instanceId: string;
  nowIso: string;
  leaseUntil: string;
}

function claimed(claim: Claim) {
  return {
    state: 'claimed' as const,
    claimed_at: claim.nowIso,
    claimed_by: claim.instanceId,
    lease_until: claim.leaseUntil,
    updated_at: claim.nowIso,
  };
}

/** Claims a due attempt for `instanceId` until `leaseUntil`; true when this call did (one row updated = ours). */
export async function claimAttempt(db: Db, id: number, claim: Claim): Promise<boolean> {
  return (await claimAttemptRow(db, id, claim)) !== undefined;
}

/** Claims a due attempt as claimAttempt does, and returns it as claimed (undefined: someone else has it, or it is not due). */
export async function claimAttemptRow(db: Db, id: number, claim: Claim): Promise<AttemptRow | undefined> {
  return db
    .updateTable('call_attempts')
    .set(claimed(claim))
    .where('id', '=', id)
    .where('state', '=', 'due')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Claims up to `limit` attempts due by `claim.nowIso` in running campaigns of open jobs, soonest first, in one
 * statement; returns those claimed. Each row is updated only while still due, so an attempt another dispatcher took
 * in between is simply not among them: every row returned is ours, as with claimAttempt.
 */
export async function claimDueAttempts(db: Db, claim: Claim, limit: number): Promise<AttemptRow[]> {
  if (limit <= 0) return [];
  return db
    .updateTable('call_attempts')
    .set(claimed(claim))
    .where(
      'id',
      'in',
      dispatchable(db)
        .select('call_attempts.id')
        .where('call_attempts.due_at', '<=', claim.nowIso)
        .orderBy('call_attempts.due_at')
        .orderBy('call_attempts.id')
        .limit(limit),
    )
    .where('state', '=', 'due')
    .returningAll()
    .execute();
}

/**
 * Puts a claimed attempt back to due at `dueAt`, its claim cleared (it was not dialled); false when it was not claimed.
 * With `lapsed` (reconcile's release of another owner's claim), only while that same claim is held and its lease is
 * still expired: an owner that came back and renewed its lease may be placing the call right now.
 */
export async function releaseAttempt(
  db: Db,
  id: number,
  dueAt: string,
  nowIso: string,
  lapsed?: { claimedAt: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('call_attempts')
    .set({ state: 'due', due_at: dueAt, claimed_at: null, claimed_by: null, lease_until: null, conversation_id: null, updated_at: nowIso })
    .where('id', '=', id)
    .where('state', '=', 'claimed')
    .$if(lapsed !== undefined, (qb) =>
      qb
        .where('claimed_at', lapsed?.claimedAt === null ? 'is' : '=', lapsed?.claimedAt ?? null)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)])),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The claim a dispatcher holds on an attempt: who claimed it and when (the claim's token: a later claim has another). */
export interface HeldClaim {
  claimedBy: string;
  claimedAt: string;
}

/**
 * Records the conversation made for an attempt claimed by `claim` (in the transaction that inserts the session), only
 * while that claim still holds: state claimed, same owner, same claim time. False when it does not (reconcile took
 * the attempt after the lease ran out, maybe another claim since): the caller must then place no call.
 */
export async function setAttemptConversation(
  db: Db,
  id: number,
  conversationId: string,
  nowIso: string,
  claim: HeldClaim,
): Promise<boolean> {
  const linked = await setAttemptConversations(db, [{ attemptId: id, conversationId, ...claim }], nowIso);
  return linked.includes(id);
}

/**
 * Records the conversations made for claimed attempts, a batch in one statement (each attempt its own id through a
 * CASE on the attempt's id), in the transaction that inserts the sessions. Each row is written only while its claim
 * still holds (as setAttemptConversation); returns the ids written: only those may be dialled.
 */
export async function setAttemptConversations(
  db: Db,
  links: ReadonlyArray<{ attemptId: number; conversationId: string } & HeldClaim>,
  nowIso: string,
): Promise<number[]> {
  if (links.length === 0) return [];
  const byId = sql.join(
    links.map((l) => sql`when ${sql.ref('id')} = ${l.attemptId} then ${l.conversationId}`),
    sql` `,
  );
  const rows = await db
    .updateTable('call_attempts')
    .set({ conversation_id: sql<string>`case ${byId} end`, updated_at: nowIso })
    .where('state', '=', 'claimed')
    .where((eb) =>
      eb.or(
        [...byClaim(links)].map(({ claimedBy, claimedAt, ids }) =>
          eb.and([eb('id', 'in', ids), eb('claimed_by', '=', claimedBy), eb('claimed_at', '=', claimedAt)]),
        ),
      ),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The links grouped by claim (a batch claimed in one statement is one group). */
function byClaim(links: ReadonlyArray<{ attemptId: number } & HeldClaim>): Iterable<HeldClaim & { ids: number[] }> {
  const groups = new Map<string, HeldClaim & { ids: number[] }>();
  for (const l of links) {
    const key = `${l.claimedBy}\n${l.claimedAt}`;
    const group = groups.get(key) ?? { claimedBy: l.claimedBy, claimedAt: l.claimedAt, ids: [] };
    group.ids.push(l.attemptId);
    groups.set(key, group);
  }
  return groups.values();
}

/** Claimed → dialled with the telephony's CallSid; false when the attempt already moved on (its call ended first). */
export async function markDialled(db: Db, id: number, twilioCallSid: string, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('call_attempts')
    .set({ state: 'dialled', twilio_call_sid: twilioCallSid, dialled_at: nowIso, updated_at: nowIso })
    .where('id', '=', id)
    .where('state', '=', 'claimed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** markDialled for several attempts in one statement (each its own CallSid); those that moved on are left alone. */
export async function markDialledMany(
  db: Db,
  answers: ReadonlyArray<{ attemptId: number; twilioCallSid: string }>,
  nowIso: string,
): Promise<void> {
  if (answers.length === 0) return;
  const byId = sql.join(
    answers.map((a) => sql`when ${sql.ref('id')} = ${a.attemptId} then ${a.twilioCallSid}`),
    sql` `,
  );
  await db
    .updateTable('call_attempts')
    .set({ state: 'dialled', twilio_call_sid: sql<string>`case ${byId} end`, dialled_at: nowIso, updated_at: nowIso })
    .where(
      'id',
      'in',
      answers.map((a) => a.attemptId),
    )
    .where('state', '=', 'claimed')
    .execute();
}

/** Ends an attempt that is not ended yet: done with `result`, or cancelled (result null); false when it already was. */
export async function endAttempt(
  db: Db,
  id: number,
  end: { state: 'done' | 'cancelled'; result: AttemptResult | null; nowIso: string; twilioCallSid?: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('call_attempts')
    .set({
      state: end.state,
      result: end.result,
      ended_at: end.nowIso,
      lease_until: null,
      updated_at: end.nowIso,
      ...(end.twilioCallSid == null ? {} : { twilio_call_sid: end.twilioCallSid }),
    })
    .where('id', '=', id)
    .where('state', 'in', ['due', 'claimed', 'dialled'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Inserts the candidate's next attempt (state due); false when that number exists already (UNIQUE(candidate_id, number)). */
export async function insertNextAttempt(trx: Transaction<Database>, row: NewAttemptRow): Promise<boolean> {
  const result = await trx
    .insertInto('call_attempts')
    .values(row)
    .onConflict((oc) => oc.columns(['candidate_id', 'number']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Extends the leases of this instance's attempts still in flight; the number renewed. */
export async function renewLeases(db: Db, ids: readonly number[], instanceId: string, leaseUntil: string, nowIso: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('call_attempts')
    .set({ lease_until: leaseUntil, updated_at: nowIso })
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', instanceId)
    .where('state', 'in', [...IN_FLIGHT])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Extends one attempt's lease whoever holds it (reconcile saw its call alive at Twilio). */
export async function extendLease(db: Db, id: number, leaseUntil: string, nowIso: string): Promise<void> {
  await db
    .updateTable('call_attempts')
    .set({ lease_until: leaseUntil, updated_at: nowIso })
    .where('id', '=', id)
    .where('state', 'in', [...IN_FLIGHT])
    .execute();
}

/**
 * Extends the leases of `instanceId`'s calls that are alive: dialled with their conversation still active, and those
 * of `claimedIds` (claims being dialled now) still claimed. A claim left without an answer (not in `claimedIds`) and a
 * dialled attempt whose conversation ended without it are left to lapse: reconcile resolves them. The number renewed.
 */
export async function renewOwnLeases(
  db: Db,
  instanceId: string,
  claimedIds: readonly number[],
  leaseUntil: string,
  nowIso: string,
): Promise<number> {
  const result = await db
    .updateTable('call_attempts')
    .set({ lease_until: leaseUntil, updated_at: nowIso })
    .where('claimed_by', '=', instanceId)
    .where('state', 'in', [...IN_FLIGHT])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('state', '=', 'dialled'),
          eb.exists(
            eb
              .selectFrom('conversation_sessions')
              .select('conversation_sessions.call_sid')
              .whereRef('conversation_sessions.call_sid', '=', 'call_attempts.conversation_id')
              .where('conversation_sessions.status', '=', 'active'),
          ),
        ]),
        ...(claimedIds.length === 0 ? [] : [eb.and([eb('state', '=', 'claimed'), eb('id', 'in', [...claimedIds])])]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The attempts `instanceId` holds in flight (claimed or dialled), through the state index. */
export async function inFlightOf(db: Db, instanceId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('call_attempts')
    .select('id')
    .where('state', 'in', [...IN_FLIGHT])
    .where('claimed_by', '=', instanceId)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Of `ids`, those still in flight (claimed or dialled). On PostgreSQL the ids go as one array parameter: the Redis
 * engine watches the attempts of thousands of calls on the line several times a second, and a list of thousands of
 * parameters would be built, sent and planned anew each time.
 */
export async function stillInFlight(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('call_attempts')
    .select('id')
    .$if(dialectOf(db) === 'postgres', (qb) => qb.where(sql<boolean>`id = any(${[...ids]}::integer[])`))
    .$if(dialectOf(db) !== 'postgres', (qb) => qb.where('id', 'in', [...ids]))
    .where('state', 'in', [...IN_FLIGHT])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Of `ids`, those whose lease is worth renewing: claimed (being dialled), or dialled with their conversation still
 * active. A dialled attempt whose conversation ended without it is left to lapse: reconcile then ends it.
 */
export async function leasesToRenew(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('call_attempts')
    .leftJoin('conversation_sessions', 'conversation_sessions.call_sid', 'call_attempts.conversation_id')
    .select('call_attempts.id')
    .where('call_attempts.id', 'in', [...ids])
    .where((eb) =>
      eb.or([
        eb('call_attempts.state', '=', 'claimed'),
        eb.and([eb('call_attempts.state', '=', 'dialled'), eb('conversation_sessions.status', '=', 'active')]),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Twilio's final call statuses (as the status callback reports them). */
const FINAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

/**
 * Of `ids`, the attempts that ended (after `sinceIso`) while the telephony has not yet reported their call over: the
 * conversation's end (its hang-up) comes before Twilio's final status callback, and until then the line is still
 * Twilio's call in progress. A call placed and refused (error_code set) holds nothing; a callback that never comes
 * holds the line only until `sinceIso` passes its end.
 */
export async function endingCalls(db: Db, ids: readonly number[], sinceIso: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('call_attempts')
    .innerJoin('conversation_sessions', 'conversation_sessions.call_sid', 'call_attempts.conversation_id')
    .select('call_attempts.id')
    .where('call_attempts.id', 'in', [...ids])
    .where('call_attempts.state', '=', 'done')
    .where('call_attempts.ended_at', '>', sinceIso)
    .where('conversation_sessions.error_code', 'is', null)
    .where((eb) =>
      eb.or([eb('conversation_sessions.twilio_status', 'is', null), eb('conversation_sessions.twilio_status', 'not in', FINAL_STATUSES)]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Attempts in flight whose lease ran out before `nowIso` (their instance died or lost track): for reconcile. */
export async function findExpired(db: Db, nowIso: string, limit: number): Promise<AttemptRow[]> {
  return db
    .selectFrom('call_attempts')
    .selectAll()
    .where('state', 'in', [...IN_FLIGHT])
    .where('lease_until', '<', nowIso)
    .orderBy('lease_until')
    .limit(limit)
    .execute();
}

/** Due attempts of running campaigns of open jobs, due by `nowIso`, soonest first (ids only). */
export async function dueAttemptIds(db: Db, nowIso: string, limit: number): Promise<number[]> {
  const rows = await dispatchable(db)
    .select(['call_attempts.id'])
    .where('call_attempts.due_at', '<=', nowIso)
    .orderBy('call_attempts.due_at')
    .orderBy('call_attempts.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** When the next due attempt of a running campaign is due (undefined: none is). */
export async function nextDueAt(db: Db): Promise<string | undefined> {
  const row = await dispatchable(db)
    .select((eb) => eb.fn.min('call_attempts.due_at').as('at'))
    .executeTakeFirst();
  return row?.at ?? undefined;
}

/** Attempts waiting in a running campaign of an open job (`state = 'due'`). */
function dispatchable(db: Db) {
  return db
    .selectFrom('call_attempts')
    .innerJoin('campaigns', 'campaigns.job_id', 'call_attempts.job_id')
    .innerJoin('jobs', 'jobs.id', 'call_attempts.job_id')
    .where('call_attempts.state', '=', 'due')
    .where('campaigns.status', '=', 'running')
    .where('jobs.status', '=', 'open');
}

/** Attempts holding a line across every instance (claimed or dialled): what MAX_CONCURRENT_CALLS bounds. */
export async function countInFlight(db: Db): Promise<number> {
  const row = await db
    .selectFrom('call_attempts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('state', 'in', [...IN_FLIGHT])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Attempts holding a line (claimed or dialled): across every instance (what MAX_CONCURRENT_CALLS bounds), and those
 * of `instanceId`, in one pass over the state index.
 */
export async function countLines(db: Db, instanceId: string): Promise<{ all: number; own: number }> {
  const row = await db
    .selectFrom('call_attempts')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string | null>(eb.case().when('claimed_by', '=', instanceId).then(1).else(0).end()).as('own'),
    ])
    .where('state', 'in', [...IN_FLIGHT])
    .executeTakeFirstOrThrow();
  return { all: Number(row.n), own: Number(row.own ?? 0) };
}

/** Attempts of running campaigns due by `nowIso` and not taken yet (the `campaign_attempts_due` gauge). */
export async function countDue(db: Db, nowIso: string): Promise<number> {
  const row = await dispatchable(db)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('call_attempts.due_at', '<=', nowIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** True when the job has an attempt that is not over (due, claimed or dialled). */
export async function hasOpenAttempts(db: Db, jobId: number): Promise<boolean> {
  const row = await db
    .selectFrom('call_attempts')
    .select('id')
    .where('job_id', '=', jobId)
    .where('state', 'in', ['due', 'claimed', 'dialled'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
