import { PostgresAdapter, type DialectAdapter } from 'kysely';
import type { Dialect } from './schema.js';

/** Which SQL dialect a Kysely instance (or transaction) talks to. */
export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Now as UTC ISO-8601 with milliseconds, the storage format of every timestamp. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * Normalises any ISO-8601 instant (with offset or Z) to UTC with milliseconds, so that stored
 * timestamps compare lexicographically. Throws on an unparseable value.
 */
export function toUtcIso(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 date-time: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/**
 * True when `err` is a unique-constraint violation on either dialect
 * (better-sqlite3 `SQLITE_CONSTRAINT_UNIQUE`/`SQLITE_CONSTRAINT_PRIMARYKEY`, pg SQLSTATE 23505).
 * Note that on PostgreSQL the surrounding transaction is aborted after such an error.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = err.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `err` is a CHECK-constraint violation on either dialect (pg 23514, SQLITE_CONSTRAINT_CHECK). */
export function isCheckViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = err.code;
  return code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK';
}
