import type { Kysely, Migration } from 'kysely';

/**
 * `jobs` gain `language`: the BCP 47 tag ('en', 'es', 'fr', 'de') the candidate's pages of the job are written in
 * (default 'en': every job made before spoke English).
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
export const jobLanguageMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('jobs')
      .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('jobs').dropColumn('language').execute();
  },
};
