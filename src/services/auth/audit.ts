import { insertAudit, listAudit } from '../../db/audit.repo.js';
import type { AuthDeps } from './users.js';
import type { Principal } from './principal.js';

/** Who did it, as the log names them. */
export function actorOf(principal: Principal | null): { actor: string; userId: number | null } {
  if (principal === null) return { actor: 'anonymous', userId: null };
  if (principal.kind === 'key') return { actor: 'admin key', userId: null };
  const who = principal.email ?? `user ${principal.userId ?? '?'}`;
  return { actor: principal.kind === 'token' ? `${who} (API token ${principal.tokenName ?? ''})`.trim() : who, userId: principal.userId };
}

/** Appends one audit entry now. */
export async function recordAudit(
  deps: AuthDeps,
  entry: { principal: Principal | null; action: string; target: Record<string, unknown>; ip: string | null },
): Promise<void> {
  await insertAudit(deps.database.db, {
    at: deps.now().toISOString(),
    ...actorOf(entry.principal),
    action: entry.action,
    target: entry.target,
    ip: entry.ip,
  });
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  user_id: number | null;
  action: string;
  target: Record<string, unknown>;
  ip: string | null;
}

/** A page of the log, newest first; `next_cursor` continues it (null at the end). */
export async function auditPage(
  deps: AuthDeps,
  query: { limit?: number | undefined; cursor?: number | undefined },
): Promise<{ items: AuditEntryView[]; next_cursor: number | null }> {
  const limit = query.limit ?? 50;
  const rows = await listAudit(deps.database.db, limit + 1, query.cursor);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ ...r, target: parseTarget(r.target) })),
    next_cursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

function parseTarget(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
}
