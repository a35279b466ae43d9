import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Expression, type Kysely, type Migration } from 'kysely';

/**
 * What a booking sends and lets the candidate do:
 * - `bookings` gain `sequence` (the invite's SEQUENCE, raised by every move; a cancel deletes the booking as every
 *   other release of a seat does).
 * - `booking_links`: the reschedule/cancel link of a booking, by the SHA-256 of its token (the token itself is
 *   never stored), valid until `expires_at`, `used_at` once a move or a cancel consumed it; `booking_id` null once the
 *   booking was cancelled (the link still says so).
 * - `messages`: every email and SMS the service sends (confirmations, updates, cancellations, reminders), queued and
 *   sent by the scheduler, with their state and last error. UNIQUE(dedupe_key): a message is queued once.
 * - `jobs` gain `reminder_minutes` (minutes before the interview, comma-separated; '' for none; default '1440,120')
 *   and `calendar_token_hash` (the job's calendar feed token, hashed; null: no feed).
 * - `webhook_endpoints`, `webhook_events`, `webhook_deliveries`: outgoing events and their at-least-once delivery.
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
export const messagesLinksWebhooksMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const key: Expression<unknown> | 'text' = pg ? sql`text collate "C"` : 'text';
    const serialPk = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
      pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

    await db.schema
      .alterTable('bookings')
      .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('booking_links')
      .addColumn('id', 'integer', serialPk)
      .addColumn('booking_id', 'integer', (c) => c.references('bookings.id').onDelete('set null'))
      .addColumn('token_hash', key, (c) => c.notNull().unique())
      .addColumn('expires_at', key, (c) => c.notNull())
      .addColumn('used_at', key)
      .addColumn('created_at', key, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('booking_links_booking_id_idx').on('booking_links').column('booking_id').execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'integer', serialPk)
      .addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('set null'))
      .addColumn('candidate_id', 'integer', (c) => c.references('candidates.id').onDelete('set null'))
      .addColumn('booking_id', 'integer', (c) => c.references('bookings.id').onDelete('set null'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('ics', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('due_at', key, (c) => c.notNull())
      .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('provider_id', 'text')
      .addColumn('sent_at', key)
      .addColumn('dedupe_key', key, (c) => c.notNull().unique())
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messages_state_due_at_idx').on('messages').columns(['state', 'due_at']).execute();
    await db.schema.createIndex('messages_candidate_id_idx').on('messages').column('candidate_id').execute();
    await db.schema.createIndex('messages_booking_id_idx').on('messages').column('booking_id').execute();

    await db.schema
      .alterTable('jobs')
      .addColumn('reminder_minutes', 'text', (c) => c.notNull().defaultTo('1440,120'))
      .execute();
    await db.schema.alterTable('jobs').addColumn('calendar_token_hash', key).execute();

    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'integer', serialPk)
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('description', 'text')
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_events')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', key, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'integer', serialPk)
      .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
      .addColumn('event_id', key, (c) => c.notNull().references('webhook_events.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('due_at', key, (c) => c.notNull())
      .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', key)
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .addUniqueConstraint('webhook_deliveries_endpoint_event_key', ['endpoint_id', 'event_id'])
      .execute();
    await db.schema.createIndex('webhook_deliveries_state_due_at_idx').on('webhook_deliveries').columns(['state', 'due_at']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('webhook_deliveries').ifExists().execute();
    await db.schema.dropTable('webhook_events').ifExists().execute();
    await db.schema.dropTable('webhook_endpoints').ifExists().execute();
    await db.schema.alterTable('jobs').dropColumn('calendar_token_hash').execute();
    await db.schema.alterTable('jobs').dropColumn('reminder_minutes').execute();
    await db.schema.dropTable('messages').ifExists().execute();
    await db.schema.dropTable('booking_links').ifExists().execute();
    await db.schema.alterTable('bookings').dropColumn('sequence').execute();
  },
};
