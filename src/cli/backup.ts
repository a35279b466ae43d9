import 'dotenv/config';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../config.js';
import { sqliteFilename } from '../db/create-db.js';
import { MIGRATIONS } from '../db/migrate.js';
import { sqliteFiles } from '../db/sqlite-files.js';

/**
 * `npm run --silent cli -- backup FILE` and `… restore FILE` for a SQLite DATABASE_URL (PostgreSQL: pg_dump and
 * pg_restore, see docs/deploy.md). Both copy with SQLite's online backup API, so the copy is one consistent
 * snapshot even while the service writes turns; both write to FILE.partial first and rename, so a file under the
 * final name is always complete and checked (`pragma integrity_check`).
 */

/** Pages copied per backup step after the first: all of them, so the copy is taken within one read transaction. */
const ALL_PAGES = 2 ** 31 - 1;

/** Copies the live database to `target` (which must not exist). Returns the checked copy's page count. */
export async function backupSqlite(source: string, target: string): Promise<number> {
  if (!existsSync(source)) throw new Error(`no database at ${source}: check DATABASE_URL`);
  if (existsSync(target)) throw new Error(`${target} already exists: refusing to overwrite it; choose a new file name`);
  const database = new BetterSqlite3(source, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    return await copyChecked(database, target);
  } finally {
    database.close();
  }
}

/** Restores the backup `source` as the database `target`, whose folder must hold no database yet. */
export async function restoreSqlite(source: string, target: string): Promise<number> {
  if (!existsSync(source)) throw new Error(`no backup at ${source}`);
  const present = sqliteFiles(target).filter((f) => existsSync(f) && statSync(f).size > 0);
  if (present.length > 0) {
    throw new Error(
      `refusing to overwrite the existing database ${present.join(', ')}: restore into an empty data folder ` +
        '(stop the service and move the current files away first, or point DATABASE_URL at a new path)',
    );
  }
  const folder = dirname(target);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  const backup = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    const problem = integrityProblem(backup);
    if (problem !== undefined) throw new Error(`${source} is damaged (${problem}): not restored`);
    // An empty file left by a service that started and stopped is replaced; anything with data was refused above.
    for (const f of sqliteFiles(target)) rmSync(f, { force: true });
    return await copyChecked(backup, target);
  } finally {
    backup.close();
  }
}

/** The backup API into `target`.partial, checked, owner-only, then renamed to `target`. */
async function copyChecked(database: BetterSqlite3.Database, target: string): Promise<number> {
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    // The first step copies 100 pages; from the first progress report on, the rest in one step (a change by another
    // connection between steps restarts the copy, and then it is taken in one step).
    await database.backup(partial, { progress: () => ALL_PAGES });
    chmodSync(partial, 0o600);
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    let pages: number;
    try {
      // One self-contained file (the copy inherits WAL mode from a live database; the service turns it back on).
      copy.pragma('journal_mode = DELETE');
      const problem = integrityProblem(copy);
      if (problem !== undefined) throw new Error(`the copy failed its integrity check (${problem})`);
      pages = Number(copy.pragma('page_count', { simple: true }));
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    return pages;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/** undefined when `pragma integrity_check` says ok; else its first findings. */
function integrityProblem(database: BetterSqlite3.Database): string | undefined {
  const rows = database.pragma('integrity_check', { simple: false });
  const findings = Array.isArray(rows) ? rows.map((r) => Object.values(r ?? {}).join(' ')) : [];
  return findings.length === 1 && findings[0] === 'ok' ? undefined : findings.slice(0, 3).join('; ');
}

/** The SQLite file DATABASE_URL names, or an explanation for PostgreSQL. */
function sqliteTarget(): string {
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL.startsWith('sqlite:')) {
    throw new Error('DATABASE_URL is PostgreSQL: back it up with pg_dump and restore with pg_restore (see docs/deploy.md)');
  }
  const file = sqliteFilename(config.DATABASE_URL);
  if (file === ':memory:') throw new Error('DATABASE_URL is an in-memory database: there is nothing to back up');
  return resolve(file);
}

/** `backup FILE`. */
export async function run(args: string[]): Promise<number> {
  const [file] = args;
  if (file === undefined || args.length !== 1) {
    process.stderr.write('usage: npm run --silent cli -- backup FILE   (an online copy of the SQLite database)\n');
    return 2;
  }
  const source = sqliteTarget();
  const pages = await backupSqlite(source, resolve(file));
  process.stdout.write(
    `backed up ${source} to ${resolve(file)} (${pages} pages, integrity ok)\n` +
      'Keep DNC_SECRET with it (or DATA_DIR/do-not-call-secret): without it, do-not-call entries no longer match.\n',
  );
  return 0;
}

/** `restore FILE`. */
export async function runRestore(args: string[]): Promise<number> {
  const [file] = args;
  if (file === undefined || args.length !== 1) {
    process.stderr.write('usage: npm run --silent cli -- restore FILE   (into an empty data folder; never overwrites)\n');
    return 2;
  }
  const target = sqliteTarget();
  const pages = await restoreSqlite(resolve(file), target);
  const copy = new BetterSqlite3(target, { readonly: true });
  const applied = copy.prepare('select count(*) as n from kysely_migration').pluck().get();
  copy.close();
  process.stdout.write(
    `restored ${resolve(file)} to ${target} (${pages} pages, integrity ok; ${String(applied)} of this build's ` +
      `${Object.keys(MIGRATIONS).length} migrations recorded: the service applies the rest when it starts, and /ready ` +
      'says "migrations": "current" once it has)\n',
  );
  return 0;
}
