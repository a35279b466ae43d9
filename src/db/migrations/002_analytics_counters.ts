import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Analytics counters (see ../counters.ts): the table, the triggers that keep it in step with every write, and a
 * backfill from the rows already there. GET /analytics then reads a few dozen counter rows instead of
 * aggregating every session and turn.
 *
 * Frozen: the trigger text is built by the private copies below, as it was when this migration shipped; later
 * changes to the counters belong in a new migration (006 replaced PostgreSQL's session update trigger).
 */
export const analyticsCountersMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('analytics_counters')
      .ifNotExists()
      .addColumn('key', pg ? sql`text collate "C"` : 'text', (c) => c.notNull())
      .addColumn('shard', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('value', pg ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('analytics_counters_pkey', ['key', 'shard'])
      .execute();
    for (const statement of pg ? pgTriggers() : sqliteTriggers()) await sql.raw(statement).execute(db);
    await sql`delete from analytics_counters`.execute(db);
    await sql`insert into analytics_counters (key, shard, value) select k, 0, v from (${sql.raw(RECOMPUTE)}) as r`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    // 006's PostgreSQL row trigger goes too, should it still be there.
    const row = 'sessions_counters_update_row';
    const drops = pg ? [`drop trigger if exists ${row} on conversation_sessions`, `drop function if exists ${row}()`] : [];
    for (const t of TABLES) {
      for (const op of OPS) {
        const name = `${t.prefix}_counters_${op}`;
        if (pg) drops.push(`drop trigger if exists ${name} on ${t.table}`, `drop function if exists ${name}()`);
        else drops.push(`drop trigger if exists ${name}`);
      }
    }
    for (const statement of drops) await sql.raw(statement).execute(db);
    await db.schema.dropTable('analytics_counters').ifExists().execute();
  },
};

const OPS = ['insert', 'delete', 'update'] as const;

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

const turnTerms = (src: string, sign: string) =>
  `select 'intent:' || intent as k, ${sign} count(*) as v from ${src} where intent is not null group by intent`;

const bookingTerms = (src: string, sign: string) =>
  `select 'slot:' || cast(slot_id as text) as k, ${sign} count(*) as v from ${src} group by slot_id`;

/** Row-level session contributions for SQLite triggers (`row` is NEW or OLD). */
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

const UPDATE_VALUE = 'on conflict (key, shard) do update set value = analytics_counters.value + excluded.value;';

const sqliteUpsert = (terms: string) =>
  `insert into analytics_counters (key, shard, value) select k, 0, sum(v) from (${terms}) as d ` +
  `group by k having sum(v) <> 0 ${UPDATE_VALUE}`;

const pgUpsert = (terms: string) =>
  `insert into analytics_counters (key, shard, value) select k, pg_backend_pid() % 16, sum(v) from (${terms}) as d ` +
  `group by k having sum(v) <> 0 order by k ${UPDATE_VALUE}`;

interface TableSpec {
  table: string;
  prefix: string;
  set: (src: string, sign: string) => string;
  row: (row: string, sign: string) => string;
  columns: string[];
}

const TABLES: TableSpec[] = [
  {
    table: 'conversation_sessions',
    prefix: 'sessions',
    set: sessionTerms,
    row: sessionRowTerms,
    columns: ['status', 'outcome', 'turn_count', 'duration_seconds'],
  },
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

/** SQLite: row triggers per table and operation. */
function sqliteTriggers(): string[] {
  return TABLES.flatMap((t) => [
    `create trigger if not exists ${t.prefix}_counters_insert after insert on ${t.table} begin ${sqliteUpsert(t.row('new', '+'))} end`,
    `create trigger if not exists ${t.prefix}_counters_delete after delete on ${t.table} begin ${sqliteUpsert(t.row('old', '-'))} end`,
    `create trigger if not exists ${t.prefix}_counters_update after update of ${t.columns.join(', ')} on ${t.table} begin ` +
      sqliteUpsert(`${t.row('new', '+')} union all ${t.row('old', '-')}`) +
      ' end',
  ]);
}

/** PostgreSQL: a statement trigger per table and operation over its transition tables, each with its function. */
function pgTriggers(): string[] {
  return TABLES.flatMap((t) =>
    OPS.flatMap((op) => {
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
        `create or replace function ${name}() returns trigger language plpgsql as $$ begin ${pgUpsert(terms)} return null; end $$`,
        `create trigger ${name} after ${op} on ${t.table} referencing ${transition} for each statement execute function ${name}()`,
      ];
    }),
  );
}

/** Every counter from the rows already there (the backfill). */
const RECOMPUTE =
  `select k, sum(v) as v from (${sessionTerms('conversation_sessions', '+')} union all ${turnTerms('conversation_turns', '+')} ` +
  `union all ${bookingTerms('bookings', '+')}) as d group by k having sum(v) <> 0`;
