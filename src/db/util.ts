import { isDeepStrictEqual } from 'node:util';
import { CompiledQuery, PostgresAdapter, type Compilable, type DialectAdapter, type Kysely, type QueryResult } from 'kysely';
import type { Database, Dialect } from './schema.js';

/** Which SQL dialect a Kysely instance (or transaction) talks to. */
export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * A hot statement built and compiled by Kysely once per dialect, then run with each call's parameters: a turn's
 * queries skip Kysely's per-call building and compiling. `build` must give the same SQL text for any arguments, and
 * `parameters` the values in the order that text binds them (checked against Kysely's own on the first compile).
 */
export function precompiled<A extends unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  parameters: (...args: A) => unknown[],
): (db: Kysely<Database>, ...args: A) => Promise<QueryResult<R>> {
  const texts = new Map<Dialect, string>();
  return (db, ...args) => {
    const values = parameters(...args);
    const dialect = dialectOf(db);
    let text = texts.get(dialect);
    if (text === undefined) {
      const compiled = build(db, ...args).compile();
      if (!isDeepStrictEqual(compiled.parameters, values)) throw new Error(`precompiled: parameters out of order for ${compiled.sql}`);
      text = compiled.sql;
      texts.set(dialect, text);
    }
    return db.executeQuery(CompiledQuery.raw(text, values) as CompiledQuery<R>);
  };
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
  const code = (err as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `err` is a CHECK-constraint violation on either dialect (pg 23514, SQLITE_CONSTRAINT_CHECK). */
export function isCheckViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  return code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK';
}
