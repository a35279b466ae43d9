import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttemptRow } from './attempts.table.js';
import type { Database } from './schema.js';
import { IN_FLIGHT } from './attempt-queries.repo.js';
import { dialectOf } from './util.js';

/** The leases of attempts in flight (`call_attempts`): renewing them, and reading which are alive, ending or expired. */

type Db = Kysely<Database> | Transaction<Database>;

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
