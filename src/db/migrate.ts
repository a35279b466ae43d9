import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { initialMigration } from './migrations/001_initial.js';
import { analyticsCountersMigration } from './migrations/002_analytics_counters.js';
import { slotsVersionMigration } from './migrations/003_slots_version.js';
import { dropTurnIntentIndexMigration } from './migrations/004_drop_turn_intent_index.js';
import { slotsVersionOpenSetMigration } from './migrations/005_slots_version_open_set.js';
import { sessionCountersPerRowMigration } from './migrations/006_session_counters_per_row.js';
import { twilioCallSidQuestionsMigration } from './migrations/007_twilio_call_sid_questions_drop_slots_version.js';
import { jobsCandidatesMigration } from './migrations/008_jobs_candidates.js';
import { campaignsMigration } from './migrations/009_campaigns.js';
import { messagesLinksWebhooksMigration } from './migrations/010_messages_links_webhooks.js';
import { usersMigration } from './migrations/011_users.js';
import { callsListIndexesMigration } from './migrations/012_calls_list_indexes.js';
import { jobLanguageMigration } from './migrations/013_job_language.js';
import { callsActivityIndexMigration } from './migrations/014_calls_activity_index.js';

/**
 * Every migration, in order, compiled into the bundle: no file-system scanning, so it behaves the
 * same under tsx and from the compiled dist. Append new entries; never rename or edit shipped ones.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '001_initial': initialMigration,
  '002_analytics_counters': analyticsCountersMigration,
  '003_slots_version': slotsVersionMigration,
  '004_drop_turn_intent_index': dropTurnIntentIndexMigration,
  '005_slots_version_open_set': slotsVersionOpenSetMigration,
  '006_session_counters_per_row': sessionCountersPerRowMigration,
  '007_twilio_call_sid_questions_drop_slots_version': twilioCallSidQuestionsMigration,
  '008_jobs_candidates': jobsCandidatesMigration,
  '009_campaigns': campaignsMigration,
  '010_messages_links_webhooks': messagesLinksWebhooksMigration,
  '011_users': usersMigration,
  '012_calls_list_indexes': callsListIndexesMigration,
  '013_job_language': jobLanguageMigration,
  '014_calls_activity_index': callsActivityIndexMigration,
});

/** A MigrationProvider over the static {@link MIGRATIONS} table. */
export const staticMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

/**
 * Applies every pending migration (idempotent; safe to call on every start, and serialised across
 * processes by Kysely's migration lock). Throws the first migration error.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error : new Error(String(result.error));
    throw new Error(`database migration ${failed} failed: ${cause.message}`, { cause });
  }
  return result;
}
