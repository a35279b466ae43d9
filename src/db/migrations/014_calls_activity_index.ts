import type { Kysely, Migration } from 'kysely';

/**
 * The Overview's calls over time (GET /analytics/activity) count a period's calls by hour and outcome: an index on
 * (start_time, outcome) answers it from the index alone, without reading each call's row (rows carry their
 * conversation's state, about a kilobyte each).
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
export const callsActivityIndexMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('conversation_sessions_start_time_outcome_idx')
      .on('conversation_sessions')
      .columns(['start_time', 'outcome'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('conversation_sessions_start_time_outcome_idx').ifExists().execute();
  },
};
