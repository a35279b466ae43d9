import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttemptResult, AttemptRow, NewAttemptRow } from './attempts.table.js';
import type { Database } from './schema.js';
import { dispatchable } from './attempt-queries.repo.js';
import { dialectOf } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The campaign attempts' record (`call_attempts`). Every move of an attempt is one conditional UPDATE on its state,
 * so two dispatchers (or a dispatcher and reconcile) racing on one attempt never both win: the row updated says who did.
 */

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
