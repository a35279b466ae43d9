import { getUserById } from '../../db/users.repo.js';
import {
  getSession,
  insertSession,
  listLiveSessions,
  revokeSession,
  revokeUserSessions,
  touchSession,
} from '../../db/user-sessions.repo.js';
import type { UserRow, UserSessionRow } from '../../db/users.table.js';
import { newToken, sha256Hex } from './secrets.js';
import type { AuthDeps } from './users.js';

/** A session lasts this long after its last request… */
export const SESSION_IDLE_MS = 12 * 3_600_000;
/** …and never longer than this after sign-in. */
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
/** The expiry slides at most once a minute (one write a minute per session, not one per request). */
const TOUCH_EVERY_MS = 60_000;

function slidExpiry(createdAt: string, now: Date): string {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, Date.parse(createdAt) + SESSION_MAX_MS)).toISOString();
}

/** Starts a session for the user: the cookie token (returned once, stored hashed) and the session row. */
export async function startSession(
  deps: AuthDeps,
  userId: number,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; session: UserSessionRow }> {
  const token = newToken();
  const now = deps.now();
  const createdAt = now.toISOString();
  const session: UserSessionRow = {
    id: sha256Hex(token),
    user_id: userId,
    csrf_token: newToken(),
    created_at: createdAt,
    expires_at: slidExpiry(createdAt, now),
    last_seen_at: createdAt,
    revoked_at: null,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  };
  await insertSession(deps.database.db, session);
  return { token, session };
}

/** The live session of a cookie token and its active user (sliding its expiry), or undefined. */
export async function resolveSession(deps: AuthDeps, token: string): Promise<{ session: UserSessionRow; user: UserRow } | undefined> {
  const session = await getSession(deps.database.db, sha256Hex(token));
  const now = deps.now();
  if (session === undefined || session.revoked_at !== null || Date.parse(session.expires_at) <= now.getTime()) return undefined;
  const user = await getUserById(deps.database.db, session.user_id);
  if (user === undefined || user.disabled_at !== null) return undefined;
  if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
    const expiresAt = slidExpiry(session.created_at, now);
    await touchSession(deps.database.db, session.id, now.toISOString(), expiresAt);
    return { session: { ...session, last_seen_at: now.toISOString(), expires_at: expiresAt }, user };
  }
  return { session, user };
}

/** Ends one session: the user's own, or any when `ownerId` is undefined (an admin). True when it was live. */
export async function endSession(deps: AuthDeps, id: string, ownerId?: number): Promise<boolean> {
  return revokeSession(deps.database.db, id, deps.now().toISOString(), ownerId);
}

/** Ends every session of a user but `keepId` (after a password change, the other browsers sign in again). */
export async function endOtherSessions(deps: AuthDeps, userId: number, keepId?: string): Promise<void> {
  await revokeUserSessions(deps.database.db, userId, deps.now().toISOString(), keepId);
}

/** A session as the API shows one. */
export interface SessionView {
  id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

/** A user's live sessions, newest first, the one asking marked `current`. */
export async function listSessions(deps: AuthDeps, userId: number, currentId?: string): Promise<SessionView[]> {
  const rows = await listLiveSessions(deps.database.db, userId, deps.now().toISOString());
  return rows.map((s) => ({
    id: s.id,
    created_at: s.created_at,
    last_seen_at: s.last_seen_at,
    expires_at: s.expires_at,
    ip: s.ip,
    user_agent: s.user_agent,
    current: s.id === currentId,
  }));
}
