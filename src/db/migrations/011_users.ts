import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Expression, type Kysely, type Migration } from 'kysely';

/**
 * Team sign-in:
 * - `users`: email (unique, lower-cased by the service), argon2id `password_hash` (null until one is set: the person
 *   signs in with a one-time link), `role` admin | recruiter | viewer, `disabled_at` (null: active).
 * - `user_sessions`: a browser session, by the SHA-256 of its cookie token; its CSRF token; sliding `expires_at`.
 * - `api_tokens`: a user's bearer tokens, by the SHA-256 of the token (shown once).
 * - `sign_in_links`: one-time sign-in links, by the SHA-256 of their token; `used_at` once used.
 * - `audit_log`: who did what (actor, user, action, target as JSON text, address), newest by id.
 *
 * Frozen: this file holds its own DDL and imports nothing of ours.
 */
export const usersMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const key: Expression<unknown> | 'text' = pg ? sql`text collate "C"` : 'text';
    const serialPk = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
      pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

    await db.schema
      .createTable('users')
      .addColumn('id', 'integer', serialPk)
      .addColumn('email', key, (c) => c.notNull().unique())
      .addColumn('password_hash', 'text')
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'recruiter', 'viewer')`))
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('disabled_at', key)
      .execute();

    await db.schema
      .createTable('user_sessions')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('expires_at', key, (c) => c.notNull())
      .addColumn('last_seen_at', key, (c) => c.notNull())
      .addColumn('revoked_at', key)
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('user_sessions_user_id_idx').on('user_sessions').column('user_id').execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'integer', serialPk)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', key, (c) => c.notNull().unique())
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('last_used_at', key)
      .addColumn('revoked_at', key)
      .execute();
    await db.schema.createIndex('api_tokens_user_id_idx').on('api_tokens').column('user_id').execute();

    await db.schema
      .createTable('sign_in_links')
      .addColumn('token_hash', key, (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('expires_at', key, (c) => c.notNull())
      .addColumn('used_at', key)
      .execute();
    await db.schema.createIndex('sign_in_links_user_id_idx').on('sign_in_links').column('user_id').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'integer', serialPk)
      .addColumn('at', key, (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('audit_log').ifExists().execute();
    await db.schema.dropTable('sign_in_links').ifExists().execute();
    await db.schema.dropTable('api_tokens').ifExists().execute();
    await db.schema.dropTable('user_sessions').ifExists().execute();
    await db.schema.dropTable('users').ifExists().execute();
  },
};
