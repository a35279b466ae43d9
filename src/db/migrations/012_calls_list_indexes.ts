import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Indexes for the Calls list (GET /conversations, newest first by (start_time, call_sid), filtered by status, job or
 * outcome, searched by the candidate's name):
 * - each equality filter's column followed by the list's order, so a page reads its own rows in order at any depth
 *   and never sorts the matching calls;
 * - every one of them, and the list's own index, ending with `candidate_name`: a name search reads the index alone
 *   (a few dozen bytes a call) and only the matching rows, instead of every row with its machine state.
 * They replace the indexes that are their prefixes: (start_time, call_sid), status, outcome (001) and job_id (008); a
 * job's deletion still finds its calls by job_id.
 * - a trigram index of the candidate's name, so a search for a name few calls have finds them without reading every
 *   call: on SQLite an FTS5 table (trigram tokenizer) over the sessions' rows, kept by triggers; on PostgreSQL a GIN
 *   index (pg_trgm) on lower(candidate_name). Where the pg_trgm extension cannot be created (no right to), the
 *   index is left out and a search reads the name index above instead.
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
const INDEXES: ReadonlyArray<{ name: string; columns: string[]; replaces: string; old: string[] }> = [
  {
    name: 'conversation_sessions_start_name_idx',
    columns: ['start_time', 'call_sid', 'candidate_name'],
    replaces: 'conversation_sessions_start_time_call_sid_idx',
    old: ['start_time', 'call_sid'],
  },
  {
    name: 'conversation_sessions_status_start_idx',
    columns: ['status', 'start_time', 'call_sid', 'candidate_name'],
    replaces: 'conversation_sessions_status_idx',
    old: ['status'],
  },
  {
    name: 'conversation_sessions_outcome_start_idx',
    columns: ['outcome', 'start_time', 'call_sid', 'candidate_name'],
    replaces: 'conversation_sessions_outcome_idx',
    old: ['outcome'],
  },
  {
    name: 'conversation_sessions_job_id_start_idx',
    columns: ['job_id', 'start_time', 'call_sid', 'candidate_name'],
    replaces: 'conversation_sessions_job_id_idx',
    old: ['job_id'],
  },
];

const SQLITE_NAMES = [
  // External content: the names are read from conversation_sessions by rowid (no copy is kept).
  `create virtual table conversation_names using fts5(candidate_name, content='conversation_sessions', tokenize='trigram')`,
  `create trigger conversation_names_insert after insert on conversation_sessions begin
     insert into conversation_names (rowid, candidate_name) values (new.rowid, new.candidate_name);
   end`,
  `create trigger conversation_names_delete after delete on conversation_sessions begin
     insert into conversation_names (conversation_names, rowid, candidate_name) values ('delete', old.rowid, old.candidate_name);
   end`,
  `create trigger conversation_names_update after update of candidate_name on conversation_sessions begin
     insert into conversation_names (conversation_names, rowid, candidate_name) values ('delete', old.rowid, old.candidate_name);
     insert into conversation_names (rowid, candidate_name) values (new.rowid, new.candidate_name);
   end`,
  `insert into conversation_names (conversation_names) values ('rebuild')`,
];

export const callsListIndexesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const index of INDEXES) {
      await db.schema.createIndex(index.name).on('conversation_sessions').columns(index.columns).execute();
      await db.schema.dropIndex(index.replaces).ifExists().execute();
    }
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
      for (const statement of SQLITE_NAMES) await sql.raw(statement).execute(db);
      return;
    }
    // In the migration's transaction: a refused CREATE EXTENSION is rolled back alone.
    await sql`savepoint calls_list_trgm`.execute(db);
    try {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`release savepoint calls_list_trgm`.execute(db);
    } catch {
      await sql`rollback to savepoint calls_list_trgm`.execute(db);
      return;
    }
    const trigrams = sql`using gin (lower(candidate_name) gin_trgm_ops)`;
    await sql`create index conversation_sessions_name_trgm_idx on conversation_sessions ${trigrams}`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`drop index if exists conversation_sessions_name_trgm_idx`.execute(db);
    } else {
      for (const trigger of ['conversation_names_insert', 'conversation_names_delete', 'conversation_names_update']) {
        await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
      }
      await sql`drop table if exists conversation_names`.execute(db);
    }
    for (const index of INDEXES) {
      await db.schema.createIndex(index.replaces).ifNotExists().on('conversation_sessions').columns(index.old).execute();
      await db.schema.dropIndex(index.name).ifExists().execute();
    }
  },
};
