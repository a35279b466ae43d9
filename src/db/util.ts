import { isDeepStrictEqual } from 'node:util';
import { CompiledQuery, PostgresAdapter, type Compilable, type DialectAdapter, type Kysely, type QueryResult } from 'kysely';
import type { Database, Dialect } from './schema.js';
import { directSqlite, runDirect, type DirectSqlite } from './sqlite-direct.js';

/** Which SQL dialect a Kysely instance (or transaction) talks to. */
export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * A hot statement built and compiled by Kysely once per dialect, then run with each call's parameters: a turn's
 * queries skip Kysely's per-call building and compiling. `build` must give the same SQL text for any arguments of
 * one `shape` (by default every call has the same shape; an update names the columns it sets), and `parameters`
 * the values in the order that text binds them (checked against Kysely's own on the first compile of each shape).
 * At most MAX_SHAPES texts are kept; past that a statement is built by Kysely each time.
 */
export function precompiled<A extends unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  parameters: (...args: A) => unknown[],
  shape: (...args: A) => string = () => '',
): Precompiled<A, R> {
  const texts = new Map<string, string>();
  const textFor = (db: Kysely<Database>, args: A, values: unknown[]): string => {
    const key = `${dialectOf(db)}:${shape(...args)}`;
    let text = texts.get(key);
    if (text === undefined) {
      const compiled = build(db, ...args).compile();
      if (!isDeepStrictEqual(compiled.parameters, values)) throw new Error(`precompiled: parameters out of order for ${compiled.sql}`);
      text = compiled.sql;
      if (texts.size < MAX_SHAPES) texts.set(key, text);
    }
    return text;
  };
  const now = (direct: DirectSqlite, db: Kysely<Database>, ...args: A): QueryResult<R> => {
    const values = parameters(...args);
    return runDirect<R>(direct, textFor(db, args, values), values);
  };
  const run = async (db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> => {
    const direct = directSqlite(db);
    if (direct !== undefined) return now(direct, db, ...args);
    const values = parameters(...args);
    return db.executeQuery(CompiledQuery.raw(textFor(db, args, values), values) as CompiledQuery<R>);
  };
  return Object.assign(run, { now });
}

/**
 * A {@link precompiled} statement: called with a Kysely instance (run directly on a SQLite connection with no
 * transaction open, see sqlite-direct.ts, else through Kysely), or `now` on a direct connection, synchronously.
 */
export interface Precompiled<A extends unknown[], R> {
  (db: Kysely<Database>, ...args: A): Promise<QueryResult<R>>;
  now(direct: DirectSqlite, db: Kysely<Database>, ...args: A): QueryResult<R>;
}

/** How many statement texts one {@link precompiled} statement keeps (per dialect and shape). */
export const MAX_SHAPES = 64;

/** `row` without its undefined entries (which Kysely leaves out of a SET or VALUES list), keys in their order. */
export function definedEntries<T extends object>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== undefined) out[key] = value;
  return out as T;
}

/** The columns a row or SET names, in order: the {@link precompiled} shape of a statement built from it. */
export function columnsOf(row: object): string {
  return Object.keys(row).join(',');
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
