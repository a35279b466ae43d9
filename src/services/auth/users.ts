import type { Deps } from '../../deps.js';
import { AppError, conflict, invalid, notFound } from '../../core/errors.js';
import type { Role } from '../../core/auth/roles.js';
import { revokeUserApiTokens } from '../../db/api-tokens.repo.js';
import { revokeUserSessions } from '../../db/user-sessions.repo.js';
import {
  countOtherActiveAdmins,
  countUsers,
  getUserByEmail,
  getUserById,
  insertSignInLink,
  insertUser,
  listUsers,
  updateUser,
  voidSignInLinks,
} from '../../db/users.repo.js';
import type { UserRow } from '../../db/users.table.js';
import { isUniqueViolation } from '../../db/util.js';
import { hashPassword } from './passwords.js';
import { newToken, sha256Hex } from './secrets.js';

/** What the auth services need: the database and the clock (a CLI builds this without the rest of Deps). */
export type AuthDeps = Pick<Deps, 'database' | 'now'>;

/** How long a one-time sign-in link works. */
export const SIGN_IN_LINK_HOURS = 24;

/** A user as the API shows one (never the password hash). */
export interface UserView {
  id: number;
  email: string;
  role: Role;
  created_at: string;
  disabled: boolean;
  has_password: boolean;
}

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    created_at: row.created_at,
    disabled: row.disabled_at !== null,
    has_password: row.password_hash !== null,
  };
}

/** Emails are compared lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  const clean = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(clean) || clean.length > 320) throw invalid('Give an email address, e.g. ana@example.com.');
  return clean;
}

/** Creates a user (409 email_taken when the email has one); with a password, or none (a sign-in link sets one). */
export async function createUser(deps: AuthDeps, input: { email: string; role: Role; password?: string }): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  try {
    return await insertUser(deps.database.db, { email, role: input.role, passwordHash, createdAt: deps.now().toISOString() });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('email_taken', `${email} already has an account.`);
    throw err;
  }
}

/** Every user, oldest first. */
export async function listUserViews(deps: AuthDeps): Promise<UserView[]> {
  return (await listUsers(deps.database.db)).map(userView);
}

/** The user by id, or 404. */
export async function requireUser(deps: AuthDeps, id: number): Promise<UserRow> {
  const user = await getUserById(deps.database.db, id);
  if (user === undefined) throw notFound('User');
  return user;
}

/** The user by email, or 404. */
export async function requireUserByEmail(deps: AuthDeps, email: string): Promise<UserRow> {
  const user = await getUserByEmail(deps.database.db, normaliseEmail(email));
  if (user === undefined) throw notFound('User');
  return user;
}

/**
 * Changes a user's role or disables/enables them. Disabling revokes their sessions and tokens at once. The last
 * active admin can be neither demoted nor disabled (409 last_admin): someone must be able to manage users.
 */
export async function changeUser(deps: AuthDeps, id: number, changes: { role?: Role; disabled?: boolean }): Promise<UserView> {
  const nowIso = deps.now().toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const user = await getUserById(trx, id);
    if (user === undefined) throw notFound('User');
    const losesAdmin = user.role === 'admin' && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin && user.disabled_at === null && (await countOtherActiveAdmins(trx, id)) === 0) {
      throw conflict('last_admin', 'This is the last active admin: make another admin first.');
    }
    const disabledAt = changes.disabled === undefined ? undefined : changes.disabled ? (user.disabled_at ?? nowIso) : null;
    await updateUser(trx, id, { ...(changes.role === undefined ? {} : { role: changes.role }), disabledAt });
    if (changes.disabled === true) {
      await revokeUserSessions(trx, id, nowIso);
      await revokeUserApiTokens(trx, id, nowIso);
    }
    return userView({ ...user, role: changes.role ?? user.role, disabled_at: disabledAt === undefined ? user.disabled_at : disabledAt });
  });
}

/** A new one-time sign-in link's token for the user (their earlier unused links stop working). */
export async function issueSignInLink(deps: AuthDeps, userId: number): Promise<string> {
  const token = newToken();
  const now = deps.now();
  await deps.database.db.transaction().execute(async (trx) => {
    await voidSignInLinks(trx, userId, now.toISOString());
    const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_HOURS * 3_600_000).toISOString();
    await insertSignInLink(trx, { tokenHash: sha256Hex(token), userId, expiresAt });
  });
  return token;
}

/** The sign-in link's URL on `base` (the service's public address). */
export function signInLinkUrl(base: string, token: string): string {
  return `${base.replace(/\/$/, '')}/auth/link/${token}`;
}

/**
 * For a person who lost access: their password is cleared, their sessions revoked, and a new sign-in link returned
 * (with it they set a new password). Their API tokens keep working (revoke those at /auth/tokens or by disabling).
 */
export async function resetUser(deps: AuthDeps, email: string): Promise<{ user: UserRow; token: string }> {
  const user = await requireUserByEmail(deps, email);
  if (user.disabled_at !== null) throw new AppError('user_disabled', `${user.email} is disabled: enable them first.`, 409);
  await updateUser(deps.database.db, user.id, { passwordHash: null });
  await revokeUserSessions(deps.database.db, user.id, deps.now().toISOString());
  return { user, token: await issueSignInLink(deps, user.id) };
}

/**
 * First start: with no users at all, creates the owner (an admin with no password) and returns a one-time sign-in
 * link's token; otherwise undefined. Two instances starting at once create one owner (the email is unique).
 */
export async function ensureOwner(deps: AuthDeps, email: string): Promise<{ email: string; token: string } | undefined> {
  if ((await countUsers(deps.database.db)) > 0) return undefined;
  let owner: UserRow;
  try {
    owner = await createUser(deps, { email, role: 'admin' });
  } catch (err) {
    if (err instanceof AppError && err.code === 'email_taken') return undefined;
    throw err;
  }
  return { email: owner.email, token: await issueSignInLink(deps, owner.id) };
}
