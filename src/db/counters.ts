import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Dialect } from './schema.js';
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
 */

/** How many shards PostgreSQL spreads a counter over. */
export const PG_COUNTER_SHARDS = 16;

/** Session contributions, one SELECT per key, over the relation `src` (a table or a transition table). */
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

/** Row-level contributions for SQLite triggers (`row` is NEW or OLD). */
function sessionRowTerms(row: string, sign: string): string {
  return [
    `select 'calls' as k, ${sign}1 as v`,
    `select 'status:' || ${row}.status, ${sign}1`,
    `select 'outcome:' || ${row}.outcome, ${sign}1 where ${row}.outcome is not null`,
    `select 'booked', ${sign}1 where ${row}.status <> 'active' and ${row}.outcome = 'scheduled'`,
    `select 'turns:' || cast(${row}.turn_count as text), ${sign}1`,
    `select 'turns_sum', ${sign}${row}.turn_count`,
    `select 'duration_sum', ${sign}coalesce(${row}.duration_seconds, 0)`,
    `select 'duration_count', ${sign}1 where ${row}.duration_seconds is not null`,
  ].join(' union all ');
}

const SQLITE_UPSERT = (terms: string) =>
  `insert into analytics_counters (key, shard, value) select k, 0, sum(v) from (${terms}) as d group by k having sum(v) <> 0 ` +
  `on conflict (key, shard) do update set value = analytics_counters.value + excluded.value;`;

const PG_UPSERT = (terms: string) =>
  `insert into analytics_counters (key, shard, value) select k, pg_backend_pid() % ${PG_COUNTER_SHARDS}, sum(v) from (${terms}) as d ` +
  `group by k having sum(v) <> 0 order by k ` +
  `on conflict (key, shard) do update set value = analytics_counters.value + excluded.value;`;

interface TableSpec {
  table: string;
  prefix: string;
  set: (src: string, sign: string) => string;
  /** SQLite row form; undefined means `set` over a one-row SELECT of the row's columns. */
  row: (row: string, sign: string) => string;
  /** Columns whose change matters (SQLite `UPDATE OF`). */
  columns: string[];
}

const SESSIONS: TableSpec = {
  table: 'conversation_sessions',
  prefix: 'sessions',
  set: sessionTerms,
  row: sessionRowTerms,
  columns: ['status', 'outcome', 'turn_count', 'duration_seconds'],
};

const TABLES: TableSpec[] = [
  SESSIONS,
  {
    table: 'conversation_turns',
    prefix: 'turns',
    set: turnTerms,
    row: (row, sign) => `select 'intent:' || ${row}.intent as k, ${sign}1 as v where ${row}.intent is not null`,
    columns: ['intent'],
  },
  {
    table: 'bookings',
    prefix: 'bookings',
    set: bookingTerms,
    row: (row, sign) => `select 'slot:' || cast(${row}.slot_id as text) as k, ${sign}1 as v`,
    columns: ['slot_id'],
  },
];

/** DDL statements creating the counter triggers for a dialect. */
export function counterTriggerDdl(dialect: Dialect): string[] {
  const out: string[] = [];
  for (const t of TABLES) {
    if (dialect === 'sqlite') {
      out.push(
        `create trigger if not exists ${t.prefix}_counters_insert after insert on ${t.table} begin ${SQLITE_UPSERT(t.row('new', '+'))} end`,
        `create trigger if not exists ${t.prefix}_counters_delete after delete on ${t.table} begin ${SQLITE_UPSERT(t.row('old', '-'))} end`,
        `create trigger if not exists ${t.prefix}_counters_update after update of ${t.columns.join(', ')} on ${t.table} begin ` +
          SQLITE_UPSERT(`${t.row('new', '+')} union all ${t.row('old', '-')}`) +
          ' end',
      );
    } else {
      for (const op of PG_OPS) out.push(...pgStatementTriggerDdl(t, op));
    }
  }
  return out;
}

/** A PostgreSQL trigger function adding `terms` to the counters. */
const PG_FUNCTION = (name: string, terms: string) =>
  `create or replace function ${name}() returns trigger language plpgsql as $$ begin ${PG_UPSERT(terms)} return null; end $$`;

const PG_OPS = ['insert', 'delete', 'update'] as const;

/** PostgreSQL: one table's statement trigger for `op` over its transition tables, and its function. */
function pgStatementTriggerDdl(t: TableSpec, op: (typeof PG_OPS)[number]): string[] {
  const name = `${t.prefix}_counters_${op}`;
  const added = t.set('new_rows', '+');
  const removed = t.set('old_rows', '-');
  const [terms, transition] =
    op === 'insert'
      ? [added, 'new table as new_rows']
      : op === 'delete'
        ? [removed, 'old table as old_rows']
        : [`${added} union all ${removed}`, 'old table as old_rows new table as new_rows'];
  return [
    PG_FUNCTION(name, terms),
    `create trigger ${name} after ${op} on ${t.table} referencing ${transition} for each statement execute function ${name}()`,
  ];
}

/** PostgreSQL's per-row session update trigger (migration 006). */
const SESSION_UPDATE_ROW = 'sessions_counters_update_row';

/**
 * PostgreSQL (migration 006): the session update counted per row, and only for a row whose counted columns changed.
 * A turn updates one session row; the statement trigger of 002 paid for its transition tables and sixteen
 * scans of them on every turn, and fired for updates that count nothing (a rename, the state, `twilio_status`).
 * Inserts and deletes stay statement triggers, so bulk loads and purges still write one upsert per statement; a
 * multi-row UPDATE of sessions now writes one upsert per changed row.
 */
export function sessionUpdateRowTriggerDdl(): string[] {
  const changed = SESSIONS.columns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  return [
    'drop trigger if exists sessions_counters_update on conversation_sessions',
    'drop function if exists sessions_counters_update()',
    PG_FUNCTION(SESSION_UPDATE_ROW, `${SESSIONS.row('new', '+')} union all ${SESSIONS.row('old', '-')}`),
    `create trigger ${SESSION_UPDATE_ROW} after update on ${SESSIONS.table} for each row when (${changed}) execute function ${SESSION_UPDATE_ROW}()`,
  ];
}

/** Drops {@link sessionUpdateRowTriggerDdl}'s trigger and function. */
const DROP_SESSION_UPDATE_ROW = [`drop trigger if exists ${SESSION_UPDATE_ROW} on conversation_sessions`, `drop function if exists ${SESSION_UPDATE_ROW}()`];

/** Undoes {@link sessionUpdateRowTriggerDdl}: 002's statement trigger for the session update again. */
export function sessionUpdateStatementTriggerDdl(): string[] {
  return [...DROP_SESSION_UPDATE_ROW, ...pgStatementTriggerDdl(SESSIONS, 'update')];
}

/** DDL statements dropping the counter triggers (and pg functions). */
export function dropCounterTriggerDdl(dialect: Dialect): string[] {
  const out: string[] = dialect === 'postgres' ? [...DROP_SESSION_UPDATE_ROW] : [];
  for (const t of TABLES) {
    for (const op of ['insert', 'delete', 'update']) {
      const name = `${t.prefix}_counters_${op}`;
      if (dialect === 'sqlite') out.push(`drop trigger if exists ${name}`);
      else out.push(`drop trigger if exists ${name} on ${t.table}`, `drop function if exists ${name}()`);
    }
  }
  return out;
}

/** Every counter computed from scratch from the tables (key, value), as one SQL query. */
export function recomputeQuery(): string {
  return `select k, sum(v) as v from (${sessionTerms('conversation_sessions', '+')} union all ${turnTerms('conversation_turns', '+')} union all ${bookingTerms('bookings', '+')}) as d group by k having sum(v) <> 0`;
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
      await sql`lock table conversation_sessions, conversation_turns, bookings, analytics_counters in share row exclusive mode`.execute(trx);
    }
    await sql`delete from analytics_counters`.execute(trx);
    await sql`insert into analytics_counters (key, shard, value) select k, 0, v from (${sql.raw(recomputeQuery())}) as r`.execute(trx);
  });
}
