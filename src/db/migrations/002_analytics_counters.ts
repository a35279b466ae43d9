import { sql, type Kysely, type Migration } from 'kysely';
import { counterTriggerDdl, dropCounterTriggerDdl, recomputeQuery } from '../counters.js';
import { dialectOf } from '../util.js';

/**
 * Analytics counters (see ../counters.ts): the table, the triggers that keep it in step with every write, and a
 * backfill from the rows already there. GET /analytics then reads a few dozen counter rows instead of
 * aggregating every session and turn.
 */
export const analyticsCountersMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const dialect = dialectOf(db);
    const pg = dialect === 'postgres';
    await db.schema
      .createTable('analytics_counters')
      .ifNotExists()
      .addColumn('key', pg ? sql`text collate "C"` : 'text', (c) => c.notNull())
      .addColumn('shard', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('value', pg ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('analytics_counters_pkey', ['key', 'shard'])
      .execute();
    for (const statement of counterTriggerDdl(dialect)) await sql.raw(statement).execute(db);
    await sql`delete from analytics_counters`.execute(db);
    await sql`insert into analytics_counters (key, shard, value) select k, 0, v from (${sql.raw(recomputeQuery())}) as r`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of dropCounterTriggerDdl(dialectOf(db))) await sql.raw(statement).execute(db);
    await db.schema.dropTable('analytics_counters').ifExists().execute();
  },
};
