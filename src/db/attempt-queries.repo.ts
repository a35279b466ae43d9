import type { Kysely, Transaction } from 'kysely';
import type { AttemptState } from './attempts.table.js';
import type { Database } from './schema.js';

/** Reads of the campaign attempts (`call_attempts`) for dispatch and progress: what is due, what holds a line, what is left. */

type Db = Kysely<Database> | Transaction<Database>;

/** The states an attempt holds a line in (counted against MAX_CONCURRENT_CALLS). */
export const IN_FLIGHT: readonly AttemptState[] = ['claimed', 'dialled'];

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
export function dispatchable(db: Db) {
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
