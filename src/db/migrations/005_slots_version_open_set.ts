import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * `slots_version` (003) changes only when the open-slot list a turn reuses can change: a slot inserted or deleted,
 * its id, start_time or start_utc changed, or it opened or filled (`booked_count < capacity` flipped). A seat
 * taken in a slot that stays open no longer changes it. Under load every booking changed the version, and so every
 * turn of every other call read all the slots again; the list holds only id, start_time and start_utc of the open
 * slots, so it is exactly as fresh as before.
 */
export const slotsVersionOpenSetMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const statement of pg ? POSTGRES_UP : SQLITE_UP) await sql.raw(statement).execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const statement of pg ? POSTGRES_DOWN : SQLITE_DOWN) await sql.raw(statement).execute(db);
  },
};

/** True for an update that can change the open-slot list (the same test in both dialects' trigger syntax). */
const LIST_CHANGES = (differ: string) =>
  [
    `old.id ${differ} new.id`,
    `old.start_time ${differ} new.start_time`,
    `old.start_utc ${differ} new.start_utc`,
    `(old.booked_count < old.capacity) ${differ} (new.booked_count < new.capacity)`,
  ].join(' or ');

const BUMP = 'update slot_changes set version = version + 1;';

const SQLITE_UP = [
  'drop trigger if exists slots_version_update',
  `create trigger slots_version_update after update on slots when ${LIST_CHANGES('is not')} begin ${BUMP} end`,
];

const SQLITE_DOWN = [
  'drop trigger if exists slots_version_update',
  `create trigger slots_version_update after update on slots begin ${BUMP} end`,
];

const POSTGRES_UP = [
  'drop trigger if exists slot_versions_touch on slots',
  'create trigger slot_versions_touch after insert on slots for each row execute function slot_versions_touch()',
  `create trigger slot_versions_touch_update after update on slots for each row when (${LIST_CHANGES('is distinct from')}) ` +
    'execute function slot_versions_touch()',
];

const POSTGRES_DOWN = [
  'drop trigger if exists slot_versions_touch_update on slots',
  'drop trigger if exists slot_versions_touch on slots',
  'create trigger slot_versions_touch after insert or update on slots for each row execute function slot_versions_touch()',
];
