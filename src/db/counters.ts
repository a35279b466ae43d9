import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { dialectOf } from './util.js';

/**
 * Analytics counters: every figure of GET /analytics kept as a running sum in `analytics_counters`, maintained by
 * database triggers on conversation_sessions, conversation_turns and bookings — so every write, whatever code path
 * makes it (services, repos, cascades, retention purges, raw SQL), updates them in the same transaction.
 *
 * Keys: `calls`, `status:<s>`, `outcome:<o>`, `booked` (finished and scheduled), `turns:<n>` (histogram),
 * `turns_sum`, `duration_sum`, `duration_count`, `intent:<i>`, `slot:<id>` (bookings per slot).
 * On PostgreSQL each backend writes its own shard (pg_backend_pid() % 16), so concurrent transactions do not
 * queue on one hot row; a figure is the SUM over its shards. SQLite writes shard 0 (writers are serialised).
 * The triggers are created by the migrations that hold their text (002, and 006 for PostgreSQL's session update);
 * this module reads the counters and rebuilds them from the tables.
 */

/** Session contributions, one SELECT per key, over the relation `src`. */
function sessionTerms(src: string, sign: string): string {
  return [
    `select 'calls' as k, ${sign} count(*) as v from ${src}`,
    `select 'status:' || status as k, ${sign} count(*) as v from ${src} group by status`,
    `select 'outcome:' || outcome as k, ${sign} count(*) as v from ${src} where outcome is not null group by outcome`,
    `select 'booked' as k, ${sign} count(*) as v from ${src} where status <> 'active' and outcome = 'scheduled'`,
    `select 'turns:' || cast(turn_count as text) as k, ${sign} count(*) as v from ${src} group by turn_count`,
    `select 'turns_sum' as k, ${sign} coalesce(sum(turn_count), 0) as v from ${src}`,
    `select 'duration_sum' as k, ${sign} coalesce(sum(duration_seconds), 0) as v from ${src}`,
    `select 'duration_count' as k, ${sign} count(duration_seconds) as v from ${src}`,
  ].join(' union all ');
}

function turnTerms(src: string, sign: string): string {
  return `select 'intent:' || intent as k, ${sign} count(*) as v from ${src} where intent is not null group by intent`;
}

function bookingTerms(src: string, sign: string): string {
  return `select 'slot:' || cast(slot_id as text) as k, ${sign} count(*) as v from ${src} group by slot_id`;
}

/** Every counter computed from scratch from the tables (key, value), as one SQL query. */
export function recomputeQuery(): string {
  const terms = [sessionTerms('conversation_sessions', '+'), turnTerms('conversation_turns', '+'), bookingTerms('bookings', '+')];
  return `select k, sum(v) as v from (${terms.join(' union all ')}) as d group by k having sum(v) <> 0`;
}

type Db = Kysely<Database> | Transaction<Database>;

/** The counters as key → value (summed over shards; zeros left out). */
export async function readCounters(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('analytics_counters')
    .select((eb) => ['key', eb.fn.sum<number | string>('value').as('n')])
    .groupBy('key')
    .execute();
  const out = new Map<string, number>();
  for (const { key, n } of rows) if (Number(n) !== 0) out.set(key, Number(n));
  return out;
}

/** The counters as they should be, recomputed from the tables with aggregates (for tests and checks). */
export async function expectedCounters(db: Db): Promise<Map<string, number>> {
  const { rows } = await sql<{ k: string; v: number | string }>`${sql.raw(recomputeQuery())}`.execute(db);
  return new Map(rows.map((r) => [r.k, Number(r.v)]));
}

/**
 * Rebuilds every counter from the tables in one transaction (after a bulk load with triggers off, or to repair).
 * On PostgreSQL the three source tables are locked against writes while it runs.
 */
export async function recomputeCounters(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres') {
      await sql`lock table conversation_sessions, conversation_turns, bookings, analytics_counters in share row exclusive mode`.execute(
        trx,
      );
    }
    await sql`delete from analytics_counters`.execute(trx);
    await sql`insert into analytics_counters (key, shard, value) select k, 0, v from (${sql.raw(recomputeQuery())}) as r`.execute(trx);
  });
}
