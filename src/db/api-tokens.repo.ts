import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { ApiTokenRow } from './users.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores an API token by the hash of its secret; returns the row. */
export async function insertApiToken(
  db: Db,
  token: { userId: number; name: string; tokenHash: string; createdAt: string },
): Promise<ApiTokenRow> {
  return db
    .insertInto('api_tokens')
    .values({ user_id: token.userId, name: token.name, token_hash: token.tokenHash, created_at: token.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The token with this hash, or undefined. */
export async function getApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** A user's tokens not revoked, newest first. */
export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one token of a user (any user's when `userId` is undefined); true when it was live. */
export async function revokeApiToken(db: Db, id: number, nowIso: string, userId?: number): Promise<boolean> {
  let query = db.updateTable('api_tokens').set({ revoked_at: nowIso }).where('id', '=', id).where('revoked_at', 'is', null);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every token of a user. */
export async function revokeUserApiTokens(db: Db, userId: number, nowIso: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: nowIso }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Records when a token was last used. */
export async function touchApiToken(db: Db, id: number, nowIso: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: nowIso }).where('id', '=', id).execute();
}
