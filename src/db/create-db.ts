import { resolve } from 'node:path';
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
  type SqliteDatabase,
} from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { prepareSqliteFiles, sqliteWriteProblem } from './sqlite-files.js';
import type { Database, Dialect } from './schema.js';

/** An open, migrated database. */
export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Closes the connection (SQLite) or drains the pool (pg). */
  close(): Promise<void>;
  /** Why the database cannot be written now (read-only file, filesystem or server), or undefined. Never throws. */
  writeProblem(): Promise<string | undefined>;
  /**
   * After personal data was deleted: SQLite truncates its WAL (secure_delete already zeroed the freed pages), so the
   * deleted rows leave the files; PostgreSQL vacuums `tables` (dead tuples stay until then; WAL and backups keep them).
   */
  scrubDeleted(tables: readonly string[]): Promise<void>;
}

export interface CreateDbOptions {
  /** pg only: called when a pooled connection fails, idle or checked out (e.g. to log it); the pool recovers by itself. */
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

  /**
   * Some failures (disk I/O error, disk full, a RAISE(ROLLBACK)) end the transaction inside SQLite; Kysely's
   * rollback then fails with "cannot rollback - no transaction is active", and that error replaced the real one
   * in every log line. Nothing is left to roll back, so the original error is the one that propagates.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (err) {
      if (err instanceof Error && err.message.includes('no transaction is active')) return;
      throw err;
    }
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
 * `database` as Kysely's SQLite driver uses it, with its prepared statements reused by SQL text: Kysely prepares
 * every query afresh, and preparing was ~5% of a turn's CPU in the profile. Queries run synchronously one at a
 * time and none are streamed, so a cached statement is never in use twice. Bounded: cleared when it grows past
 * 500 texts (e.g. `in (?, ?, …)` lists of many lengths).
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement === undefined) {
        if (cache.size >= 500) cache.clear();
        statement = database.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

/** Parses 'sqlite:./data/x.db', 'sqlite::memory:', 'sqlite:///abs.db' to a better-sqlite3 filename. */
export function sqliteFilename(url: string): string {
  let rest = url.slice('sqlite:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '') throw new Error('DATABASE_URL: sqlite: needs a file path or :memory:');
  return rest;
}

function openSqlite(url: string, busyTimeoutMs: number): { db: Kysely<Database>; database: BetterSqlite3.Database; filename: string } {
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') prepareSqliteFiles(filename);
  const database = new BetterSqlite3(filename);
  // Deleted rows are overwritten with zeros, so an erased candidate's number and name leave the file.
  database.pragma('secure_delete = ON');
  database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  database.pragma('foreign_keys = ON');
  // NORMAL under WAL: a commit is in the WAL (the OS page cache) before the webhook is answered, so a killed
  // process loses nothing; only an OS crash or power cut can lose the last commits (FULL would fsync each one).
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }) });
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
  pool.on('connect', (client) => {
    usePreparedStatements(client);
    // A checked-out client whose server process is terminated (57P01, a failover, a restart) emits 'error' outside
    // any query; unhandled, that ends the process. The query in flight (if any) fails on its own, its transaction
    // with it, and the pool drops the dead client when it is released and opens a new one on the next query.
    client.on('error', (err) => onPoolError?.(err));
  });
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
  const file = sqlite?.filename;
  return {
    db,
    dialect,
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
    writeProblem: () => writeProblem(db, dialect, file),
    async scrubDeleted(tables) {
      if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      else await sql.raw(`vacuum ${tables.map((t) => `"${t.replaceAll('"', '""')}"`).join(', ')}`).execute(db);
    },
  };
}

/**
 * SQLite: the files are writable and a write statement is allowed on the connection (it is rolled back, nothing
 * is written); PostgreSQL: the server is not read-only (a standby, default_transaction_read_only).
 */
async function writeProblem(db: Kysely<Database>, dialect: Dialect, file: string | undefined): Promise<string | undefined> {
  try {
    if (dialect === 'postgres') {
      const { rows } = await sql<{ ro: string }>`select current_setting('transaction_read_only') as ro`.execute(db);
      return rows[0]?.ro === 'on' ? 'read-only: the server refuses writes (a standby, or default_transaction_read_only)' : undefined;
    }
    const onDisk = file === undefined || file === ':memory:' ? undefined : sqliteWriteProblem(file);
    if (onDisk !== undefined) return `read-only: ${onDisk}`;
    await db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        await sql`update slots set capacity = capacity where 1 = 0`.execute(connection);
      } finally {
        await sql`rollback`.execute(connection);
      }
    });
    return undefined;
  } catch (err) {
    return `cannot write: ${err instanceof Error ? err.message : String(err)}`;
  }
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
