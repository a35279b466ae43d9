import type { Generated, Selectable } from 'kysely';
import type { Role } from '../core/auth/roles.js';

/** `users`: the people who sign in. UTC ISO text timestamps. */
export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  /** argon2id (PHC string); null until the person sets one (they sign in with a one-time link). */
  password_hash: string | null;
  role: Role;
  created_at: string;
  /** null: active; set: refused everywhere (sessions and tokens revoked when set). */
  disabled_at: string | null;
}

/** `user_sessions`: a browser session by the SHA-256 (hex) of its cookie token. */
export interface UserSessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  /** Sliding: last seen + 12 h, never past created + 7 d. */
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** `api_tokens`: a user's bearer tokens by the SHA-256 (hex) of the token. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** `sign_in_links`: one-time sign-in links by the SHA-256 (hex) of their token. */
export interface SignInLinksTable {
  token_hash: string;
  user_id: number;
  expires_at: string;
  used_at: string | null;
}

export type UserRow = Selectable<UsersTable>;
export type UserSessionRow = Selectable<UserSessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type SignInLinkRow = Selectable<SignInLinksTable>;
