import type BetterSqlite3 from 'better-sqlite3';
import type { QueryResult } from 'kysely';

/**
 * A turn's few statements run straight on the better-sqlite3 connection under a SQLite Kysely, their SQL still
 * built and compiled by Kysely (see `precompiled` in util.ts). Kysely's executor (connection mutex, promises per
 * statement, a Transaction object per transaction) was a fifth of a turn's server time when the process had been
 * idle between turns (a CPU profile of the calls-in-progress benchmark): the same work, run synchronously.
 *
 * Safe because the connection is one and better-sqlite3 is synchronous: a direct statement, or a direct
 * transaction from BEGIN to COMMIT, runs whole between two of Kysely's steps. It is taken only when no
 * transaction is open on the connection (`inTransaction`): inside a Kysely transaction that awaits between its
 * statements, a direct statement would join that transaction, so then the statement waits its turn in Kysely.
 */
export interface DirectSqlite {
  readonly database: BetterSqlite3.Database;
  /** Prepares a text once (the dialect's statement cache). */
  readonly prepare: (text: string) => BetterSqlite3.Statement;
}

const connections = new WeakMap<object, DirectSqlite>();

/** Lets {@link directSqlite} hand out `database` for the Kysely instance `db` (done where both are created). */
export function allowDirect(db: object, direct: DirectSqlite): void {
  connections.set(db, direct);
}

/** `db`'s connection when a statement may run on it directly now: a SQLite Kysely (not a transaction), open, no transaction in progress. */
export function directSqlite(db: object): DirectSqlite | undefined {
  const direct = connections.get(db);
  return direct !== undefined && direct.database.open && !direct.database.inTransaction ? direct : undefined;
}

/** One statement, answered as Kysely's SQLite driver answers it. */
export function runDirect<R>(direct: DirectSqlite, text: string, values: readonly unknown[]): QueryResult<R> {
  const statement = direct.prepare(text);
  if (statement.reader) return { rows: statement.all(values) as R[] };
  const { changes, lastInsertRowid } = statement.run(values);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}

/** `fn` inside BEGIN IMMEDIATE … COMMIT (as the dialect's transactions are), rolled back when it throws. */
export function inDirectTransaction<T>(direct: DirectSqlite, fn: () => T): T {
  direct.prepare('begin immediate').run();
  try {
    const out = fn();
    direct.prepare('commit').run();
    return out;
  } catch (err) {
    if (direct.database.inTransaction) direct.prepare('rollback').run();
    throw err;
  }
}
