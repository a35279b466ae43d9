import { notFound } from '../../core/errors.js';
import { getApiTokenByHash, insertApiToken, listApiTokens, revokeApiToken, touchApiToken } from '../../db/api-tokens.repo.js';
import { getUserById } from '../../db/users.repo.js';
import type { ApiTokenRow, UserRow } from '../../db/users.table.js';
import { newToken, sha256Hex } from './secrets.js';
import type { AuthDeps } from './users.js';

/** Every API token starts so: a bearer value is told apart from ADMIN_API_KEY, and a leaked one is easy to scan for. */
export const API_TOKEN_PREFIX = 'ic_';
/** last_used_at is written at most once a minute per token. */
const TOUCH_EVERY_MS = 60_000;

/** A token as the API lists it (never its secret, which only the creating answer holds). */
export interface ApiTokenView {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

function tokenView(row: ApiTokenRow): ApiTokenView {
  return { id: row.id, name: row.name, created_at: row.created_at, last_used_at: row.last_used_at };
}

/** A new token for the user: the answer holds the secret, shown this once (only its SHA-256 is stored). */
export async function createApiToken(deps: AuthDeps, userId: number, name: string): Promise<ApiTokenView & { token: string }> {
  const token = `${API_TOKEN_PREFIX}${newToken()}`;
  const row = await insertApiToken(deps.database.db, {
    userId,
    name,
    tokenHash: sha256Hex(token),
    createdAt: deps.now().toISOString(),
  });
  return { ...tokenView(row), token };
}

/** The user's live tokens, newest first. */
export async function listTokens(deps: AuthDeps, userId: number): Promise<ApiTokenView[]> {
  return (await listApiTokens(deps.database.db, userId)).map(tokenView);
}

/** Revokes a token of the user (any user's when `ownerId` is undefined: an admin); 404 when there is none live. */
export async function revokeToken(deps: AuthDeps, id: number, ownerId?: number): Promise<void> {
  if (!(await revokeApiToken(deps.database.db, id, deps.now().toISOString(), ownerId))) throw notFound('Token');
}

/** The live token with this secret and its active user, or undefined. */
export async function resolveApiToken(deps: AuthDeps, token: string): Promise<{ token: ApiTokenRow; user: UserRow } | undefined> {
  const row = await getApiTokenByHash(deps.database.db, sha256Hex(token));
  if (row === undefined || row.revoked_at !== null) return undefined;
  const user = await getUserById(deps.database.db, row.user_id);
  if (user === undefined || user.disabled_at !== null) return undefined;
  const now = deps.now();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= TOUCH_EVERY_MS) {
    await touchApiToken(deps.database.db, row.id, now.toISOString());
  }
  return { token: row, user };
}
