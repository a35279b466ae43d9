import type { Kysely, Transaction } from 'kysely';
import type { AuditRow } from './audit.table.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewAuditEntry {
  at: string;
  actor: string;
  userId: number | null;
  action: string;
  target: Record<string, unknown>;
  ip: string | null;
}

/** Appends one entry. */
export async function insertAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      user_id: entry.userId,
      action: entry.action,
      target: JSON.stringify(entry.target),
      ip: entry.ip,
    })
    .execute();
}

/** Entries newest first, `limit` of them, older than the id `before` when given. */
export async function listAudit(db: Db, limit: number, before?: number): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
  if (before !== undefined) query = query.where('id', '<', before);
  return query.execute();
}
