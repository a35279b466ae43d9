import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * The turn path rebuilt around the conversation's own id:
 * - `conversation_sessions.twilio_call_sid`: Twilio's CallSid, nullable and unique. `call_sid` (the primary key,
 *   name kept) now holds the conversation's own id, made before Twilio is asked to dial and carried in the
 *   webhook URLs; Twilio's CallSid is recorded here when the REST answer or the first webhook brings it. Rows of
 *   before keep their CallSid in both columns (a provisional 'pending-…' id had none).
 * - `questions`: what a candidate asked that the caller passed on to the recruiter; deleted with the session.
 * - `slots_version` (003, 005) dropped: turns read the open slots with one query again.
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
export const twilioCallSidQuestionsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const key = pg ? sql`text collate "C"` : sql`text`;
    await db.schema.alterTable('conversation_sessions').addColumn('twilio_call_sid', key).execute();
    await sql`update conversation_sessions set twilio_call_sid = call_sid where call_sid not like 'pending-%'`.execute(db);
    await db.schema
      .createIndex('conversation_sessions_twilio_call_sid_key')
      .unique()
      .on('conversation_sessions')
      .column('twilio_call_sid')
      .execute();

    await db.schema
      .createTable('questions')
      .addColumn('id', 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('call_sid', key, (c) => c.notNull().references('conversation_sessions.call_sid').onDelete('cascade').onUpdate('cascade'))
      .addColumn('turn_number', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('created_at', key, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('questions_call_sid_idx').on('questions').column('call_sid').execute();

    for (const statement of pg ? POSTGRES_DROP_VERSION : SQLITE_DROP_VERSION) await sql.raw(statement).execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const statement of pg ? POSTGRES_VERSION : SQLITE_VERSION) await sql.raw(statement).execute(db);
    await db.schema.dropTable('questions').ifExists().execute();
    await db.schema.dropIndex('conversation_sessions_twilio_call_sid_key').ifExists().execute();
    await db.schema.alterTable('conversation_sessions').dropColumn('twilio_call_sid').execute();
  },
};

const SQLITE_DROP_VERSION = [
  'drop view if exists slots_version',
  'drop trigger if exists slots_version_insert',
  'drop trigger if exists slots_version_update',
  'drop trigger if exists slots_version_delete',
  'drop table if exists slot_changes',
];

const POSTGRES_DROP_VERSION = [
  'drop view if exists slots_version',
  'drop trigger if exists slot_versions_touch on slots',
  'drop trigger if exists slot_versions_touch_update on slots',
  'drop function if exists slot_versions_touch()',
  'drop table if exists slot_versions',
  'drop sequence if exists slot_versions_seq',
];

/** True for an update that can change the open-slot list (005's condition). */
const LIST_CHANGES = (differ: string) =>
  [
    `old.id ${differ} new.id`,
    `old.start_time ${differ} new.start_time`,
    `old.start_utc ${differ} new.start_utc`,
    `(old.booked_count < old.capacity) ${differ} (new.booked_count < new.capacity)`,
  ].join(' or ');

const BUMP = 'update slot_changes set version = version + 1;';

/** `slots_version` as 003 and 005 left it. */
const SQLITE_VERSION = [
  'create table if not exists slot_changes (id integer primary key check (id = 1), version integer not null)',
  'insert into slot_changes (id, version) values (1, 0) on conflict (id) do nothing',
  `create trigger if not exists slots_version_insert after insert on slots begin ${BUMP} end`,
  `create trigger if not exists slots_version_delete after delete on slots begin ${BUMP} end`,
  `create trigger if not exists slots_version_update after update on slots when ${LIST_CHANGES('is not')} begin ${BUMP} end`,
  'create view if not exists slots_version as select cast(version as text) as version from slot_changes where id = 1',
];

const POSTGRES_VERSION = [
  'create sequence if not exists slot_versions_seq',
  'create table if not exists slot_versions (slot_id integer primary key references slots (id) on delete cascade, version bigint not null)',
  `create or replace function slot_versions_touch() returns trigger language plpgsql as $$
   begin
     insert into slot_versions (slot_id, version) values (new.id, nextval('slot_versions_seq'))
       on conflict (slot_id) do update set version = excluded.version;
     return null;
   end $$`,
  'create trigger slot_versions_touch after insert on slots for each row execute function slot_versions_touch()',
  `create trigger slot_versions_touch_update after update on slots for each row when (${LIST_CHANGES('is distinct from')}) ` +
    'execute function slot_versions_touch()',
  "insert into slot_versions (slot_id, version) select id, nextval('slot_versions_seq') from slots on conflict (slot_id) do nothing",
  "create or replace view slots_version as select count(*)::text || ':' || coalesce(sum(version), 0)::text as version from slot_versions",
];
