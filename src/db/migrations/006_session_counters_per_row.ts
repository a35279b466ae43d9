import { sql, type Kysely, type Migration } from 'kysely';
import { sessionUpdateRowTriggerDdl, sessionUpdateStatementTriggerDdl } from '../counters.js';
import { dialectOf } from '../util.js';

/**
 * PostgreSQL: the analytics counters follow a session update with a row trigger that fires only when a counted
 * column changed (see ../counters.ts), instead of 002's statement trigger over transition tables. SQLite's
 * counter triggers are per row already; nothing changes there.
 */
export const sessionCountersPerRowMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (dialectOf(db) !== 'postgres') return;
    for (const statement of sessionUpdateRowTriggerDdl()) await sql.raw(statement).execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (dialectOf(db) !== 'postgres') return;
    for (const statement of sessionUpdateStatementTriggerDdl()) await sql.raw(statement).execute(db);
  },
};
