import type { Kysely, Migration } from 'kysely';

/**
 * Drops `conversation_turns_intent_idx`. No query reads turns by intent since GET /analytics reads the counters
 * (002), and the counter triggers see each row as it is written; the index only cost every turn one more page
 * written (and on PostgreSQL one more index insert). Rebuilding the counters (`recomputeCounters`) scans the table.
 */
export const dropTurnIntentIndexMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('conversation_turns_intent_idx').ifExists().execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('conversation_turns_intent_idx').ifNotExists().on('conversation_turns').column('intent').execute();
  },
};
