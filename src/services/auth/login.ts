import { AppError } from '../../core/errors.js';
import { getSignInLink, getUserByEmail, getUserById, updateUser, useSignInLink } from '../../db/users.repo.js';
import type { UserRow, UserSessionRow } from '../../db/users.table.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { sha256Hex } from './secrets.js';
import { endOtherSessions, startSession } from './sessions.js';
import type { AuthDeps } from './users.js';

export interface Client {
  ip: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  user: UserRow;
  token: string;
  session: UserSessionRow;
}

/**
 * Email and password to a new session. 429 too_many_attempts past the throttle's limits (checked first, so a guess
 * costs no hashing), 401 invalid_credentials for an unknown email, a wrong password, no password set, or a disabled
 * account (the same answer, after the same work, for each).
 */
export async function login(
  deps: AuthDeps,
  throttle: LoginThrottle,
  input: { email: string; password: string },
  client: Client,
): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const ip = client.ip ?? 'unknown';
  if (!throttle.allows(email, ip)) {
    throw new AppError('too_many_attempts', 'Too many failed sign-ins: wait a few minutes, or ask an admin for a sign-in link.', 429);
  }
  const user = await getUserByEmail(deps.database.db, email);
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!ok || user === undefined || user.disabled_at !== null) {
    throttle.failed(email, ip);
    throw new AppError('invalid_credentials', 'The email or the password is not right.', 401);
  }
  throttle.succeeded(email);
  const { token, session } = await startSession(deps, user.id, client);
  return { user, token, session };
}

export type LinkProblem = 'unknown' | 'used' | 'expired' | 'disabled';

/** Uses a one-time sign-in link: a new session, or why not. A link works once, even when two requests race for it. */
export async function signInWithLink(deps: AuthDeps, linkToken: string, client: Client): Promise<SignedIn | { problem: LinkProblem }> {
  const tokenHash = sha256Hex(linkToken);
  const link = await getSignInLink(deps.database.db, tokenHash);
  if (link === undefined) return { problem: 'unknown' };
  const nowIso = deps.now().toISOString();
  if (!(await useSignInLink(deps.database.db, tokenHash, nowIso))) return { problem: link.used_at !== null ? 'used' : 'expired' };
  const user = await getUserById(deps.database.db, link.user_id);
  if (user === undefined || user.disabled_at !== null) return { problem: 'disabled' };
  const { token, session } = await startSession(deps, user.id, client);
  return { user, token, session };
}

/**
 * Sets the user's password: the current one is required when one is set (401 invalid_credentials when wrong). The
 * user's other sessions end; the one asking stays.
 */
export async function changePassword(
  deps: AuthDeps,
  userId: number,
  input: { current_password?: string | undefined; new_password: string },
  keepSessionId?: string,
): Promise<void> {
  const user = await getUserById(deps.database.db, userId);
  if (user === undefined) throw new AppError('unauthorized', 'Sign in first.', 401);
  if (user.password_hash !== null) {
    if (input.current_password === undefined) throw new AppError('invalid_request', 'Give current_password too.', 422);
    if (!(await verifyPassword(user.password_hash, input.current_password))) {
      throw new AppError('invalid_credentials', 'The current password is not right.', 401);
    }
  }
  await updateUser(deps.database.db, userId, { passwordHash: await hashPassword(input.new_password) });
  await endOtherSessions(deps, userId, keepSessionId);
}
