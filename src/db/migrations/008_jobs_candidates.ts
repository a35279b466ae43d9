import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Expression, type Kysely, type Migration } from 'kysely';

/**
 * Hiring rounds as data:
 * - `jobs`, with one default job (`is_default = 1`, at most one by a partial unique index). This migration inserts it
 *   as a placeholder (title '') so that existing slots have a job; `ensureDefaultJob` fills it from the settings on
 *   start.
 * - `slots` gain `job_id` (existing rows: the default job), `minutes` (null: the job's), `interviewer_name` and
 *   `interviewer_email`; UNIQUE(start_utc) becomes UNIQUE(job_id, start_utc). SQLite cannot drop a column's UNIQUE, so
 *   the table is rebuilt with foreign keys off (SQLite's documented 12-step procedure), so that the implicit delete of
 *   DROP TABLE does not null `conversation_sessions.slot_id`; ids and the AUTOINCREMENT sequence are kept, and
 *   `foreign_key_check` must pass before the commit.
 * - `candidates` per job; `conversation_sessions.job_id`/`candidate_id`; `bookings.candidate_id`;
 *   `funnel_counters` (no foreign key: job_id 0 may stand for all jobs).
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
export const jobsCandidatesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const key: Expression<unknown> | 'text' = pg ? sql`text collate "C"` : 'text';
    const serialPk = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
      pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

    await db.schema
      .createTable('jobs')
      .addColumn('id', 'integer', serialPk)
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('company', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('interview_minutes', 'integer', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('description', 'text')
      .addColumn('calling_hours', 'text', (c) => c.notNull())
      .addColumn('max_turns', 'integer', (c) => c.notNull())
      .addColumn('caller_name', 'text')
      .addColumn('voicemail_message', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .execute();
    await sql`create unique index jobs_one_default on jobs (is_default) where is_default = 1`.execute(db);
    await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status', 'id']).execute();
    const now = new Date().toISOString();
    await sql`insert into jobs (title, company, timezone, interview_minutes, format, calling_hours, max_turns, status, is_default,
      created_at, updated_at) values ('', '', 'UTC', 45, 'video call', '08:00-21:00', 6, 'open', 1, ${now}, ${now})`.execute(db);

    if (pg) {
      for (const statement of POSTGRES_SLOTS_UP) await sql.raw(statement).execute(db);
    } else {
      await rebuildSqliteSlots(db, SQLITE_SLOTS_V8, SQLITE_COPY_UP);
    }
    await db.schema.createIndex('slots_start_utc_idx').on('slots').column('start_utc').execute();
    await db.schema.createIndex('slots_interviewer_email_idx').on('slots').columns(['interviewer_email', 'start_utc']).execute();

    await db.schema
      .createTable('candidates')
      .addColumn('id', 'integer', serialPk)
      .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('timezone', 'text')
      .addColumn('external_id', 'text')
      .addColumn('notes', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .addColumn('scheduled_at', key)
      .addUniqueConstraint('candidates_job_id_phone_key', ['job_id', 'phone'])
      .execute();
    const externalIdKey = sql`create unique index candidates_job_id_external_id_key on candidates (job_id, external_id)
      where external_id is not null`;
    await externalIdKey.execute(db);
    await db.schema.createIndex('candidates_job_id_status_idx').on('candidates').columns(['job_id', 'status']).execute();
    await db.schema.createIndex('candidates_job_id_name_idx').on('candidates').columns(['job_id', 'name']).execute();

    await db.schema
      .alterTable('conversation_sessions')
      .addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('set null'))
      .execute();
    await db.schema
      .alterTable('conversation_sessions')
      .addColumn('candidate_id', 'integer', (c) => c.references('candidates.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('conversation_sessions_job_id_idx').on('conversation_sessions').column('job_id').execute();
    await db.schema.createIndex('conversation_sessions_candidate_id_idx').on('conversation_sessions').column('candidate_id').execute();

    await db.schema
      .alterTable('bookings')
      .addColumn('candidate_id', 'integer', (c) => c.references('candidates.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('bookings_candidate_id_idx').on('bookings').column('candidate_id').execute();

    await db.schema
      .createTable('funnel_counters')
      .addColumn('job_id', 'integer', (c) => c.notNull())
      .addColumn('metric', key, (c) => c.notNull())
      .addColumn('value', pg ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('funnel_counters_pkey', ['job_id', 'metric'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.dropTable('funnel_counters').ifExists().execute();
    await db.schema.dropIndex('bookings_candidate_id_idx').ifExists().execute();
    await db.schema.alterTable('bookings').dropColumn('candidate_id').execute();
    for (const index of ['conversation_sessions_job_id_idx', 'conversation_sessions_candidate_id_idx']) {
      await db.schema.dropIndex(index).ifExists().execute();
    }
    await db.schema.alterTable('conversation_sessions').dropColumn('candidate_id').execute();
    await db.schema.alterTable('conversation_sessions').dropColumn('job_id').execute();
    await db.schema.dropTable('candidates').ifExists().execute();

    // Only the default job's slots fit the old UNIQUE(start_utc): the others go, with their bookings (sessions keep
    // their row, slot_id set null by its foreign key).
    const others = sql`select s.id from slots s join jobs j on j.id = s.job_id where j.is_default <> 1`;
    await sql`delete from bookings where slot_id in (${others})`.execute(db);
    await sql`delete from slots where id in (${others})`.execute(db);
    await db.schema.dropIndex('slots_start_utc_idx').ifExists().execute();
    await db.schema.dropIndex('slots_interviewer_email_idx').ifExists().execute();
    if (pg) {
      for (const statement of POSTGRES_SLOTS_DOWN) await sql.raw(statement).execute(db);
    } else {
      await rebuildSqliteSlots(db, SQLITE_SLOTS_V7, SQLITE_COPY_DOWN);
    }
    await db.schema.dropTable('jobs').ifExists().execute();
  },
};

const POSTGRES_SLOTS_UP = [
  'alter table slots add column job_id integer references jobs (id) on delete cascade',
  'update slots set job_id = (select id from jobs where is_default = 1)',
  'alter table slots alter column job_id set not null',
  'alter table slots add column minutes integer',
  'alter table slots add column interviewer_name text',
  'alter table slots add column interviewer_email text',
  'alter table slots drop constraint slots_start_utc_key',
  'alter table slots add constraint slots_job_id_start_utc_key unique (job_id, start_utc)',
];

const POSTGRES_SLOTS_DOWN = [
  'alter table slots drop constraint slots_job_id_start_utc_key',
  'alter table slots add constraint slots_start_utc_key unique (start_utc)',
  'alter table slots drop column interviewer_email',
  'alter table slots drop column interviewer_name',
  'alter table slots drop column minutes',
  'alter table slots drop column job_id',
];

const BOOKED_CHECK = 'constraint slots_booked_count_check check (booked_count >= 0 and booked_count <= capacity)';

/** `slots` as 001 made it on SQLite. */
const SQLITE_SLOTS_V7 =
  'create table slots_rebuilt (id integer primary key autoincrement, start_time text not null, start_utc text not null unique, ' +
  `label text not null, capacity integer not null, booked_count integer default 0 not null, ${BOOKED_CHECK})`;

/** `slots` of this migration on SQLite. */
const SQLITE_SLOTS_V8 =
  'create table slots_rebuilt (id integer primary key autoincrement, ' +
  'job_id integer not null references jobs (id) on delete cascade, start_time text not null, start_utc text not null, ' +
  'label text not null, capacity integer not null, booked_count integer default 0 not null, minutes integer, ' +
  `interviewer_name text, interviewer_email text, ${BOOKED_CHECK}, constraint slots_job_id_start_utc_key unique (job_id, start_utc))`;

const SQLITE_COPY_UP =
  'insert into slots_rebuilt (id, job_id, start_time, start_utc, label, capacity, booked_count) ' +
  'select id, (select id from jobs where is_default = 1), start_time, start_utc, label, capacity, booked_count from slots';

const SQLITE_COPY_DOWN =
  'insert into slots_rebuilt (id, start_time, start_utc, label, capacity, booked_count) ' +
  'select id, start_time, start_utc, label, capacity, booked_count from slots';

/**
 * Replaces SQLite's `slots` with `create` (a `slots_rebuilt` table) filled by `copy`. Kysely runs SQLite migrations
 * outside a transaction on the one connection, so foreign keys can be switched off here (they cannot inside one) and
 * the rebuild gets its own transaction. Children's REFERENCES slots (id) name the table, so they follow the rename.
 */
async function rebuildSqliteSlots(db: Kysely<unknown>, create: string, copy: string): Promise<void> {
  const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'slots'`.execute(db);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await sql.raw(create).execute(db);
      await sql.raw(copy).execute(db);
      await sql`drop table slots`.execute(db);
      await sql`alter table slots_rebuilt rename to slots`.execute(db);
      const seq = sequence.rows[0]?.seq;
      if (seq !== undefined) {
        await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'slots'`.execute(db);
        await sql`insert into sqlite_sequence (name, seq) select 'slots', ${seq} where not exists
          (select 1 from sqlite_sequence where name = 'slots')`.execute(db);
      }
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`slots rebuild broke ${broken.rows.length} foreign key(s)`);
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
