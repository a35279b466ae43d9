import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttemptResult } from './attempts.table.js';
import type { CandidateStatus } from './candidates.table.js';
import type { Database } from './schema.js';
import { dialectOf } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The funnel's counters (`funnel_counters`), kept by the services in the transaction of the change, so reading a
 * job's funnel reads a few rows whatever the number of candidates. Totals over all jobs are summed at read time.
 *
 * Metrics:
 * - `candidates`: candidates now in the job; `status:<s>`: candidates now in each status (they add up to `candidates`).
 * - `called`: candidates called at least once (counted when a candidate first leaves 'new' for 'calling').
 * - `calls_placed`: calls placed; `reached`: calls a human answered (both bumped by whoever places and hears calls).
 * - `wait:<k>`: candidates whose first booking came k quarter-octaves of minutes after their import (see
 *   {@link waitBucket}): a histogram from which the median time to booking is read without touching candidates.
 */
export type FunnelMetric = 'candidates' | 'called' | 'calls_placed' | 'reached' | `status:${CandidateStatus}` | `wait:${number}`;

/** Adds `delta` to one counter of a job (creating it at 0 first). */
export async function bumpFunnel(trx: Transaction<Database>, jobId: number, metric: FunnelMetric, delta: number): Promise<void> {
  await bumpFunnelMany(trx, jobId, new Map([[metric, delta]]));
}

/**
 * Adds several deltas to a job's counters in one statement; zero deltas are skipped. On PostgreSQL the first bump of a
 * job's counters in a transaction also locks them as one, in the same statement (see {@link lockedCounters}).
 */
export async function bumpFunnelMany(trx: Transaction<Database>, jobId: number, deltas: ReadonlyMap<FunnelMetric, number>): Promise<void> {
  const rows = [...deltas]
    .filter(([, delta]) => delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([metric, value]) => ({ job_id: jobId, metric, value }));
  if (rows.length === 0) return;
  if (dialectOf(trx) === 'postgres' && !lockedCounters(trx).has(jobId)) {
    const values = sql.join(rows.map((r) => sql`(${r.job_id}::integer, ${r.metric}::text, ${r.value}::bigint)`));
    // The lock (a one-row CTE joined to the values) is taken before the first row is inserted. `where true`: an ON
    // after a FROM would otherwise read as a join's condition.
    await sql`
      with job_lock as materialized (select pg_advisory_xact_lock(hashtextextended(${`funnel:${jobId}`}, 0)))
      insert into funnel_counters (job_id, metric, value)
      select v.job_id, v.metric, v.value from (values ${values}) as v (job_id, metric, value), job_lock where true
      on conflict (job_id, metric) do update set value = funnel_counters.value + excluded.value`.execute(trx);
    lockedCounters(trx).add(jobId);
    return;
  }
  await trx
    .insertInto('funnel_counters')
    .values(rows)
    .onConflict((oc) => oc.columns(['job_id', 'metric']).doUpdateSet({ value: sql<number>`funnel_counters.value + excluded.value` }))
    .execute();
}

const locked = new WeakMap<Transaction<Database>, Set<number>>();

/**
 * The jobs whose counters `trx` has locked (PostgreSQL: a transaction-scoped advisory lock keyed by the job, held to
 * the commit; SQLite's write transactions are serialised already). One statement takes its rows in sorted order, but
 * a transaction may bump a job's counters more than once (an end moves the candidate calling → unreachable, then its
 * attempt moves them on to callback) and so take rows in an order another transaction reverses (a dial moves another
 * candidate callback → calling): a deadlock, and one of them aborted (a turn lost, a dial put back). With the job's
 * lock taken at the first bump, its holder is the only transaction holding any of the job's counter rows: it never
 * waits for one.
 */
function lockedCounters(trx: Transaction<Database>): Set<number> {
  let jobs = locked.get(trx);
  if (jobs === undefined) locked.set(trx, (jobs = new Set()));
  return jobs;
}

/** A job's counters (or every job's, summed, when `jobId` is undefined) as metric → value. */
export async function readFunnelCounters(db: Db, jobId: number | undefined): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('funnel_counters')
    .select((eb) => ['metric', eb.fn.sum<number | string>('value').as('n')])
    // Over every job: those that still exist (a deleted job's counters are left behind by the cascade).
    .$if(jobId !== undefined, (qb) => qb.where('job_id', '=', jobId ?? 0))
    .$if(jobId === undefined, (qb) => qb.where('job_id', 'in', (eb) => eb.selectFrom('jobs').select('id')))
    .groupBy('metric')
    .execute();
  const out = new Map<string, number>();
  for (const { metric, n } of rows) if (Number(n) !== 0) out.set(metric, Number(n));
  return out;
}

/**
 * The histogram bucket of a wait: k = floor(4 · log2(1 + minutes)), so each bucket is a quarter-octave wide (the
 * middle of a bucket is within 10% of any wait in it) and a year fits in 77 buckets.
 */
export function waitBucket(fromIso: string, toIso: string): number {
  const minutes = Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
  return Math.floor(4 * Math.log2(1 + minutes));
}

/** The median wait in seconds from the `wait:<k>` counters (the middle of the median's bucket), or null when none. */
export function medianWaitSeconds(counters: ReadonlyMap<string, number>): number | null {
  const buckets = [...counters]
    .filter(([metric]) => metric.startsWith('wait:'))
    .map(([metric, n]) => [Number(metric.slice(5)), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total <= 0) return null;
  let seen = 0;
  for (const [k, n] of buckets) {
    seen += n;
    if (seen * 2 >= total) return Math.round((2 ** ((k + 0.5) / 4) - 1) * 60);
  }
  return null;
}

/**
 * The counters of one job recomputed from the candidates (one aggregate over the job's rows): for checks, repairs
 * and seeding benchmarks. `called`, `calls_placed` and `reached` are kept as they are (they count events).
 */
export async function recountFunnel(trx: Transaction<Database>, jobId: number): Promise<void> {
  const byStatus = await trx
    .selectFrom('candidates')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .where('job_id', '=', jobId)
    .groupBy('status')
    .execute();
  const scheduled = await trx
    .selectFrom('candidates')
    .select(['created_at', 'scheduled_at'])
    .where('job_id', '=', jobId)
    .where('scheduled_at', 'is not', null)
    .execute();
  const fresh = new Map<FunnelMetric, number>();
  let total = 0;
  for (const { status, n } of byStatus) {
    fresh.set(`status:${status}`, Number(n));
    total += Number(n);
  }
  fresh.set('candidates', total);
  for (const { created_at, scheduled_at } of scheduled) {
    const metric: FunnelMetric = `wait:${waitBucket(created_at, scheduled_at ?? created_at)}`;
    fresh.set(metric, (fresh.get(metric) ?? 0) + 1);
  }
  await trx
    .deleteFrom('funnel_counters')
    .where('job_id', '=', jobId)
    .where((eb) => eb.or([eb('metric', '=', 'candidates'), eb('metric', 'like', 'status:%'), eb('metric', 'like', 'wait:%')]))
    .execute();
  await bumpFunnelMany(trx, jobId, fresh);
}

/** Attempt results in which a person answered (the conversation ended somehow): the campaign reached them. */
export const REACHED_RESULTS: readonly AttemptResult[] = ['scheduled', 'declined', 'opted_out', 'wrong_number', 'callback', 'hung_up'];

/** Done attempts that never rang (the number was refused, or on the do-not-call list at dial time): not calls placed. */
const NOT_PLACED: readonly AttemptResult[] = ['invalid_number', 'do_not_call'];

/** Campaign calls of a job grouped one way: how many were placed, reached a person, left a voicemail, booked. */
export interface AttemptTally {
  attempts: number;
  reached: number;
  voicemail: number;
  scheduled: number;
}

/** Done attempts of a job that were placed, by attempt number (one aggregate through the (job_id, state) index). */
export async function attemptsByNumber(db: Db, jobId: number): Promise<Array<AttemptTally & { number: number }>> {
  const rows = await db
    .selectFrom('call_attempts')
    .select((eb) => [
      'number',
      eb.fn.countAll<number | string>().as('attempts'),
      eb.fn.sum<number | string>(eb.case().when('result', 'in', REACHED_RESULTS).then(1).else(0).end()).as('reached'),
      eb.fn.sum<number | string>(eb.case().when('result', '=', 'voicemail').then(1).else(0).end()).as('voicemail'),
      eb.fn.sum<number | string>(eb.case().when('result', '=', 'scheduled').then(1).else(0).end()).as('scheduled'),
    ])
    .where('job_id', '=', jobId)
    .where('state', '=', 'done')
    .where('result', 'not in', NOT_PLACED)
    .groupBy('number')
    .orderBy('number')
    .execute();
  return rows.map((r) => ({
    number: r.number,
    attempts: Number(r.attempts),
    reached: Number(r.reached),
    voicemail: Number(r.voicemail),
    scheduled: Number(r.scheduled),
  }));
}

/**
 * Done attempts of a job that were dialled, by the UTC quarter hour they were dialled in (`start`, e.g.
 * '2026-11-24T15:45:00.000Z'). Every zone's offset is a whole number of quarter hours, so each bucket lies in one
 * local hour of any zone: the caller turns them into local hours without reading every attempt.
 */
export async function attemptsByQuarterHour(db: Db, jobId: number): Promise<Array<{ start: string; attempts: number; reached: number }>> {
  // dialled_at is UTC ISO text ('2026-11-24T15:47:12.345Z'): the hour is its first 13 characters, the minute the 15th–16th.
  const hour = sql<string>`substr(dialled_at, 1, 13)`;
  const quarter = sql<number>`cast(substr(dialled_at, 15, 2) as integer) / 15`;
  const rows = await db
    .selectFrom('call_attempts')
    .select((eb) => [
      hour.as('hour'),
      quarter.as('quarter'),
      eb.fn.countAll<number | string>().as('attempts'),
      eb.fn.sum<number | string>(eb.case().when('result', 'in', REACHED_RESULTS).then(1).else(0).end()).as('reached'),
    ])
    .where('job_id', '=', jobId)
    .where('state', '=', 'done')
    .where('result', 'not in', NOT_PLACED)
    .where('dialled_at', 'is not', null)
    .groupBy([hour, quarter])
    .execute();
  return rows.map((r) => ({
    start: `${r.hour}:${String(Number(r.quarter) * 15).padStart(2, '0')}:00.000Z`,
    attempts: Number(r.attempts),
    reached: Number(r.reached),
  }));
}
