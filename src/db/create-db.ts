import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { allowDirect } from './sqlite-direct.js';
import type { Database, Dialect } from './schema.js';

/** An open, migrated database. */
export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Closes the connection (SQLite) or drains the pool (pg). */
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** pg only: called when an idle pooled connection fails (e.g. to log it); the pool recovers by itself. */
  onPoolError?: (err: Error) => void;
  /** SQLite only: busy_timeout in ms, how long a write waits for another connection's lock (default 5000). */
  busyTimeoutMs?: number;
  /**
   * SQLite file only: checkpoint the WAL from a worker thread every this many ms (default 500), so no commit runs
   * the checkpoint itself; 0 leaves it to SQLite (inside the commit that crosses 1,000 WAL pages).
   */
  checkpointIntervalMs?: number;
  /** SQLite only: called when the background checkpoint fails (it keeps trying). */
  onCheckpointError?: (err: Error) => void;
}

/** With the worker checkpointing, SQLite's own checkpoint stays as a backstop at this many WAL pages (~40 MB). */
const BACKSTOP_PAGES = 10_000;
const SQLITE_DEFAULT_PAGES = 1000;

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/**
 * SQLite driver whose transactions start with `BEGIN IMMEDIATE`: the write lock is taken up front
 * (waiting up to busy_timeout), so a transaction that reads and then writes can never fail with
 * SQLITE_BUSY_SNAPSHOT when another process wrote in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Prepared statements reused by SQL text, for Kysely's driver and for the direct statements of sqlite-direct.ts.
 * Kysely's SQLite driver prepares every query afresh; preparing was ~5% of a turn's CPU in the profile. Queries
 * run synchronously one at a time and none are streamed, so a cached statement is never in use twice. Bounded:
 * cleared when it grows past 500 texts (e.g. `in (?, ?, …)` lists of many lengths).
 */
function statementCache(database: BetterSqlite3.Database): (text: string) => BetterSqlite3.Statement {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (text: string) => {
    let statement = cache.get(text);
    if (statement === undefined) {
      if (cache.size >= 500) cache.clear();
      statement = database.prepare(text);
      cache.set(text, statement);
    }
    return statement;
  };
}

/** `database` as Kysely's driver sees it: `prepare` answered from {@link statementCache}. */
function withPrepare(database: BetterSqlite3.Database, prepare: (text: string) => BetterSqlite3.Statement): BetterSqlite3.Database {
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Parses 'sqlite:./data/x.db', 'sqlite::memory:', 'sqlite:///abs.db' to a better-sqlite3 filename. */
function sqliteFilename(url: string): string {
  let rest = url.slice('sqlite:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '') throw new Error('DATABASE_URL: sqlite: needs a file path or :memory:');
  return rest;
}

function openSqlite(url: string, busyTimeoutMs: number): { db: Kysely<Database>; database: BetterSqlite3.Database; filename: string } {
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') mkdirSync(dirname(resolve(filename)), { recursive: true });
  const database = new BetterSqlite3(filename);
  database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  database.pragma('foreign_keys = ON');
  // NORMAL under WAL: a commit is in the WAL (the OS page cache) before the webhook is answered, so a killed
  // process loses nothing; only an OS crash or power cut can lose the last commits (FULL would fsync each one).
  database.pragma('synchronous = NORMAL');
  const prepare = statementCache(database);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withPrepare(database, prepare) }) });
  allowDirect(db, { database, prepare });
  return { db, database, filename };
}

/** Moves WAL checkpoints off the commit path (see sqlite-checkpointer.ts); undefined for :memory: or when turned off. */
function checkpointInBackground(database: BetterSqlite3.Database, filename: string, options: CreateDbOptions): Checkpointer | undefined {
  const intervalMs = options.checkpointIntervalMs ?? 500;
  if (filename === ':memory:' || intervalMs <= 0) return undefined;
  database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  return startCheckpointer({
    filename: resolve(filename),
    intervalMs,
    ...(options.onCheckpointError === undefined ? {} : { onError: options.onCheckpointError }),
    onStopped: () => {
      if (database.open) database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
    },
  });
}

function openPostgres(url: string, onPoolError: ((err: Error) => void) | undefined): Kysely<Database> {
  // Per-pool type parsers (not the process-global pg.types): COUNT/SUM (int8) and AVG/numeric
  // come back as JS numbers, as they do on SQLite.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
      return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  pool.on('connect', (client) => usePreparedStatements(client));
  // An idle client dropped by the server (restart, failover, DROP DATABASE … FORCE) must not crash the
  // process: the pool discards that client and opens a new one on the next query.
  pool.on('error', (err) => onPoolError?.(err));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Names for the statement texts prepared so far (shared by every connection), bounded. */
const statementNames = new Map<string, string>();
const MAX_PREPARED = 1000;
const PREPARABLE = /^(?:select|insert|update|delete|with)\b/i;
/** SQLSTATE 0A000 "cached plan must not change result type": a table changed under a prepared `select *`. */
const PLAN_CHANGED = '0A000';

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED && PREPARABLE.test(text)) {
    name = `ic_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs a pooled connection's queries as named prepared statements, so PostgreSQL parses and plans each text once per
 * connection instead of on every query: Kysely sends unnamed ones, and planning was ~0.3–0.7 ms of each of a turn's
 * statements (EXPLAIN ANALYZE). Past MAX_PREPARED texts (e.g. `in (…)` lists of many lengths) queries run unnamed.
 * A statement whose result shape changed under it (a migration by another instance) runs unnamed from then on.
 */
function usePreparedStatements(client: pg.PoolClient): void {
  const original = client.query as (...args: unknown[]) => unknown;
  const run = (...args: unknown[]) => original.apply(client, args);
  const broken = new Set<string>();
  const patched = (...args: unknown[]): unknown => {
    const [text, values, callback] = args;
    const plain = typeof text === 'string' && callback === undefined && (values === undefined || Array.isArray(values));
    const name = plain ? statementName(text) : undefined;
    if (name === undefined || broken.has(name)) return run(...args);
    return (run({ name, text, values }) as Promise<pg.QueryResult>).catch((err: unknown) => {
      if ((err as { code?: unknown }).code !== PLAN_CHANGED) throw err;
      broken.add(name);
      return run(text, values);
    });
  };
  Object.defineProperty(client, 'query', { value: patched, configurable: true, writable: true });
}

/**
 * Opens the database named by `url` and migrates it to the latest schema before returning.
 *
 * - `sqlite:./data/x.db` (parent folder created), `sqlite::memory:` — better-sqlite3 with WAL,
 *   busy_timeout (options.busyTimeoutMs, default 5000), foreign_keys=ON, synchronous=NORMAL; transactions are `BEGIN IMMEDIATE`;
 *   a file's WAL is checkpointed from a worker thread (options.checkpointIntervalMs).
 * - `postgres://…` / `postgresql://…` — pg pool of at most 10 connections; int8 and numeric parsed to numbers.
 */
export async function createDb(url: string, options: CreateDbOptions = {}): Promise<DbHandle> {
  let dialect: Dialect;
  let db: Kysely<Database>;
  let sqlite: ReturnType<typeof openSqlite> | undefined;
  if (url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    sqlite = openSqlite(url, options.busyTimeoutMs ?? 5000);
    db = sqlite.db;
  } else if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    dialect = 'postgres';
    db = openPostgres(url, options.onPoolError);
  } else {
    throw new Error(`DATABASE_URL must start with sqlite:, postgres:// or postgresql:// (got ${JSON.stringify(url.split(':')[0])})`);
  }
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const checkpointer = sqlite === undefined ? undefined : checkpointInBackground(sqlite.database, sqlite.filename, options);
  return {
    db,
    dialect,
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** Health check: true when a trivial query succeeds. Never throws. */
export async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
