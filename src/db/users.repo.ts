import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../core/auth/roles.js';
import type { Database } from './schema.js';
import type { SignInLinkRow, UserRow } from './users.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a user; returns it. The email must already be lower-cased. */
export async function insertUser(
  db: Db,
  user: { email: string; role: Role; passwordHash: string | null; createdAt: string },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ email: user.email, role: user.role, password_hash: user.passwordHash, created_at: user.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The user with this (lower-cased) email, or undefined. */
export async function getUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The user with this id, or undefined. */
export async function getUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every user, oldest first. */
export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('id').execute();
}

/** How many users there are. */
export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many admins are active, leaving out `exceptId`. */
export async function countOtherActiveAdmins(db: Db, exceptId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '!=', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes a user's role, disabled state or password hash. */
export async function updateUser(
  db: Db,
  id: number,
  changes: { role?: Role; disabledAt?: string | null; passwordHash?: string | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.role === undefined ? {} : { role: changes.role }),
      ...(changes.disabledAt === undefined ? {} : { disabled_at: changes.disabledAt }),
      ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
    })
    .where('id', '=', id)
    .execute();
}

/** Stores a one-time sign-in link by the hash of its token. */
export async function insertSignInLink(db: Db, link: { tokenHash: string; userId: number; expiresAt: string }): Promise<void> {
  await db.insertInto('sign_in_links').values({ token_hash: link.tokenHash, user_id: link.userId, expires_at: link.expiresAt }).execute();
}

/** The link with this token hash, or undefined. */
export async function getSignInLink(db: Db, tokenHash: string): Promise<SignInLinkRow | undefined> {
  return db.selectFrom('sign_in_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks the link used unless it already was or has expired: true when this call used it (once, even when raced). */
export async function useSignInLink(db: Db, tokenHash: string, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('sign_in_links')
    .set({ used_at: nowIso })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Voids a user's unused links (a new one, or a reset, replaces them). */
export async function voidSignInLinks(db: Db, userId: number, nowIso: string): Promise<void> {
  await db.updateTable('sign_in_links').set({ used_at: nowIso }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
