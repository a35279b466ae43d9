import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * PostgreSQL: the analytics counters follow a session update with a row trigger that fires only when a counted
 * column changed, instead of 002's statement trigger over transition tables. A turn updates one session row; the
 * statement trigger paid for its transition tables on every turn, and fired for updates that count nothing (the
 * state, `twilio_status`). SQLite's counter triggers are per row already; nothing changes there.
 *
 * Frozen: the text is built by the private copies below, as it was when this migration shipped.
 */
export const sessionCountersPerRowMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    const changed = COUNTED.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
    const statements = [
      'drop trigger if exists sessions_counters_update on conversation_sessions',
      'drop function if exists sessions_counters_update()',
      counterFunction(ROW_TRIGGER, `${rowTerms('new', '+')} union all ${rowTerms('old', '-')}`),
      `create trigger ${ROW_TRIGGER} after update on conversation_sessions for each row when (${changed}) ` +
        `execute function ${ROW_TRIGGER}()`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    const statements = [
      `drop trigger if exists ${ROW_TRIGGER} on conversation_sessions`,
      `drop function if exists ${ROW_TRIGGER}()`,
      counterFunction('sessions_counters_update', `${setTerms('new_rows', '+')} union all ${setTerms('old_rows', '-')}`),
      'create trigger sessions_counters_update after update on conversation_sessions referencing old table as old_rows ' +
        'new table as new_rows for each statement execute function sessions_counters_update()',
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const ROW_TRIGGER = 'sessions_counters_update_row';
const COUNTED = ['status', 'outcome', 'turn_count', 'duration_seconds'];

/** A trigger function adding `terms` to the counter shard of the writing backend. */
const counterFunction = (name: string, terms: string) =>
  `create or replace function ${name}() returns trigger language plpgsql as $$ begin ` +
  `insert into analytics_counters (key, shard, value) select k, pg_backend_pid() % 16, sum(v) from (${terms}) as d ` +
  'group by k having sum(v) <> 0 order by k on conflict (key, shard) do update set value = analytics_counters.value + excluded.value; ' +
  'return null; end $$';

/** One session row's contributions (`row` is NEW or OLD). */
function rowTerms(row: string, sign: string): string {
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

/** A transition table's contributions (002's statement trigger, for down). */
function setTerms(src: string, sign: string): string {
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
