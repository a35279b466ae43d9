import type { Role } from '../../core/auth/roles.js';
import { API_TOKEN_PREFIX, resolveApiToken } from './api-tokens.js';
import { sameSecret } from './secrets.js';
import { resolveSession } from './sessions.js';
import type { AuthDeps } from './users.js';

/** Who is asking: the admin key (automation), a user's API token, or a user's browser session. */
export interface Principal {
  kind: 'key' | 'token' | 'session';
  role: Role;
  userId: number | null;
  email: string | null;
  /** A session's id (the SHA-256 of its cookie token). */
  sessionId?: string;
  /** A session's CSRF token, which its state-changing requests must echo. */
  csrfToken?: string;
  /** An API token's name (for the audit log). */
  tokenName?: string;
}

/** The name of the session cookie. */
export const SESSION_COOKIE = 'ic_session';

/**
 * The principal of a request's credentials, checked in this order: `Bearer <ADMIN_API_KEY>` (admin), `Bearer ic_…`
 * (a user's API token, with the user's role), the session cookie. Undefined when none is valid. A bearer header that
 * is wrong is not rescued by a cookie: whoever sent it meant the bearer.
 */
export async function authenticate(
  deps: AuthDeps,
  adminKey: string,
  credentials: { authorization: string | undefined; sessionToken: string | undefined },
): Promise<Principal | undefined> {
  const bearer = /^Bearer\s+(.+)$/i.exec(credentials.authorization ?? '')?.[1]?.trim();
  if (bearer !== undefined) {
    if (sameSecret(bearer, adminKey)) return { kind: 'key', role: 'admin', userId: null, email: null };
    if (!bearer.startsWith(API_TOKEN_PREFIX)) return undefined;
    const found = await resolveApiToken(deps, bearer);
    if (found === undefined) return undefined;
    return { kind: 'token', role: found.user.role, userId: found.user.id, email: found.user.email, tokenName: found.token.name };
  }
  if (credentials.sessionToken === undefined || credentials.sessionToken === '') return undefined;
  const found = await resolveSession(deps, credentials.sessionToken);
  if (found === undefined) return undefined;
  return {
    kind: 'session',
    role: found.user.role,
    userId: found.user.id,
    email: found.user.email,
    sessionId: found.session.id,
    csrfToken: found.session.csrf_token,
  };
}
