import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Expression, type Kysely, type Migration } from 'kysely';

/**
 * Campaigns: a job's candidates called until each is booked, has said no, or is out of tries.
 * - `jobs` gain `max_attempts` (default 3) and `retry_minutes` (the waits between attempts, comma-separated minutes,
 *   the last one repeated; default '120,1440': two hours, then the next day).
 * - `campaigns`: one row per job that was ever started (status running, paused, stopped or finished).
 * - `call_attempts`: every attempt to call a candidate, due or done; the record the dispatchers claim from
 *   (UNIQUE(candidate_id, number): an attempt exists once).
 * - `candidates.simulate`: JSON of simulated behaviours per attempt (simulated telephony only).
 * - `conversation_sessions.attempt_id`, `conversation_turns.callback_at` (when the candidate asked to be called back).
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
export const campaignsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const key: Expression<unknown> | 'text' = pg ? sql`text collate "C"` : 'text';
    const serialPk = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
      pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

    await db.schema
      .alterTable('jobs')
      .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3))
      .execute();
    await db.schema
      .alterTable('jobs')
      .addColumn('retry_minutes', 'text', (c) => c.notNull().defaultTo('120,1440'))
      .execute();

    await db.schema
      .createTable('campaigns')
      .addColumn('job_id', 'integer', (c) => c.primaryKey().references('jobs.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', key, (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .addColumn('finished_at', key)
      .addColumn('paused_reason', 'text')
      .execute();

    await db.schema
      .createTable('call_attempts')
      .addColumn('id', 'integer', serialPk)
      .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
      .addColumn('candidate_id', 'integer', (c) => c.notNull().references('candidates.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('due_at', key, (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('claimed_at', key)
      .addColumn('claimed_by', 'text')
      .addColumn('lease_until', key)
      .addColumn('dialled_at', key)
      .addColumn('conversation_id', 'text')
      .addColumn('twilio_call_sid', 'text')
      .addColumn('result', 'text')
      .addColumn('ended_at', key)
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .addUniqueConstraint('call_attempts_candidate_id_number_key', ['candidate_id', 'number'])
      .execute();
    await db.schema.createIndex('call_attempts_state_due_at_idx').on('call_attempts').columns(['state', 'due_at']).execute();
    await db.schema.createIndex('call_attempts_job_id_state_idx').on('call_attempts').columns(['job_id', 'state']).execute();
    await db.schema.createIndex('call_attempts_conversation_id_idx').on('call_attempts').column('conversation_id').execute();

    await db.schema.alterTable('candidates').addColumn('simulate', 'text').execute();
    await db.schema
      .alterTable('conversation_sessions')
      .addColumn('attempt_id', 'integer', (c) => c.references('call_attempts.id').onDelete('set null'))
      .execute();
    await db.schema.alterTable('conversation_turns').addColumn('callback_at', key).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('conversation_turns').dropColumn('callback_at').execute();
    await db.schema.alterTable('conversation_sessions').dropColumn('attempt_id').execute();
    await db.schema.alterTable('candidates').dropColumn('simulate').execute();
    for (const index of ['call_attempts_state_due_at_idx', 'call_attempts_job_id_state_idx', 'call_attempts_conversation_id_idx']) {
      await db.schema.dropIndex(index).ifExists().execute();
    }
    await db.schema.dropTable('call_attempts').ifExists().execute();
    await db.schema.dropTable('campaigns').ifExists().execute();
    await db.schema.alterTable('jobs').dropColumn('retry_minutes').execute();
    await db.schema.alterTable('jobs').dropColumn('max_attempts').execute();
  },
};
