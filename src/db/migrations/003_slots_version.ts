import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * `slots_version`: a one-row view whose `version` text changes whenever any slot is inserted, updated (a seat
 * taken or given back, a capacity or time changed) or deleted — by any code path, raw SQL included, in the same
 * transaction. A turn reads it with its context (one scalar subquery) and reuses its process's open-slot list while
 * it is unchanged, instead of loading every slot again (see ../open-slots.ts).
 *
 * - SQLite (one writer at a time): row triggers bump a single counter row.
 * - PostgreSQL: a counter row would be a lock every booking waits on (and a deadlock risk for transactions touching
 *   several slots), so each slot's row in `slot_versions` takes a fresh value from a sequence when the slot changes,
 *   under the slot's own row lock. The version is `count:sum`: an update raises the sum, an insert or delete changes
 *   the count, and an insert paired with a delete adds a fresh value larger than the one removed.
 */
export const slotsVersionMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const statement of pg ? POSTGRES_UP : SQLITE_UP) await sql.raw(statement).execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const statement of pg ? POSTGRES_DOWN : SQLITE_DOWN) await sql.raw(statement).execute(db);
  },
};

const SQLITE_UP = [
  'create table if not exists slot_changes (id integer primary key check (id = 1), version integer not null)',
  'insert into slot_changes (id, version) values (1, 0) on conflict (id) do nothing',
  ...(['insert', 'update', 'delete'] as const).map(
    (event) =>
      `create trigger if not exists slots_version_${event} after ${event} on slots ` +
      'begin update slot_changes set version = version + 1; end',
  ),
  'create view if not exists slots_version as select cast(version as text) as version from slot_changes where id = 1',
];

const SQLITE_DOWN = [
  'drop view if exists slots_version',
  ...['insert', 'update', 'delete'].map((event) => `drop trigger if exists slots_version_${event}`),
  'drop table if exists slot_changes',
];

const POSTGRES_UP = [
  'create sequence if not exists slot_versions_seq',
  'create table if not exists slot_versions (slot_id integer primary key references slots (id) on delete cascade, version bigint not null)',
  `create or replace function slot_versions_touch() returns trigger language plpgsql as $$
   begin
     insert into slot_versions (slot_id, version) values (new.id, nextval('slot_versions_seq'))
       on conflict (slot_id) do update set version = excluded.version;
     return null;
   end $$`,
  'drop trigger if exists slot_versions_touch on slots',
  'create trigger slot_versions_touch after insert or update on slots for each row execute function slot_versions_touch()',
  "insert into slot_versions (slot_id, version) select id, nextval('slot_versions_seq') from slots on conflict (slot_id) do nothing",
  "create or replace view slots_version as select count(*)::text || ':' || coalesce(sum(version), 0)::text as version from slot_versions",
];

const POSTGRES_DOWN = [
  'drop view if exists slots_version',
  'drop trigger if exists slot_versions_touch on slots',
  'drop function if exists slot_versions_touch()',
  'drop table if exists slot_versions',
  'drop sequence if exists slot_versions_seq',
];
