import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { UserSessionRow } from './users.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a session (its id is the hash of the cookie token). */
export async function insertSession(db: Db, session: UserSessionRow): Promise<void> {
  await db.insertInto('user_sessions').values(session).execute();
}

/** The session with this id, or undefined. */
export async function getSession(db: Db, id: string): Promise<UserSessionRow | undefined> {
  return db.selectFrom('user_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Slides a session's expiry. */
export async function touchSession(db: Db, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('user_sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Revokes one session (of `userId` when given); true when it was live. */
export async function revokeSession(db: Db, id: string, nowIso: string, userId?: number): Promise<boolean> {
  let query = db.updateTable('user_sessions').set({ revoked_at: nowIso }).where('id', '=', id).where('revoked_at', 'is', null);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every live session of a user, but `keepId`. */
export async function revokeUserSessions(db: Db, userId: number, nowIso: string, keepId?: string): Promise<void> {
  let query = db.updateTable('user_sessions').set({ revoked_at: nowIso }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keepId !== undefined) query = query.where('id', '!=', keepId);
  await query.execute();
}

/** A user's sessions neither revoked nor expired, newest first. */
export async function listLiveSessions(db: Db, userId: number, nowIso: string): Promise<UserSessionRow[]> {
  return db
    .selectFrom('user_sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('created_at', 'desc')
    .execute();
}
