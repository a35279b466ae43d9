import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The SQLite database's files on disk: owner-only (the folder 0700, the database and its -wal/-shm 0600, as they
 * hold candidates' numbers and names), and writable, checked before SQLite maps them: a read-only -shm ends the
 * process with SIGBUS inside SQLite, with nothing logged.
 */

/** The database file and the two SQLite keeps beside it in WAL mode. */
export function sqliteFiles(filename: string): string[] {
  const file = resolve(filename);
  return [file, `${file}-wal`, `${file}-shm`];
}

/**
 * Creates the folder (0700) and the file (0600) when missing, so the -wal and -shm SQLite creates take the same
 * mode; tightens existing ones that are looser; throws a clear error when any of them cannot be written.
 */
export function prepareSqliteFiles(filename: string): void {
  const [file = '', ...companions] = sqliteFiles(filename);
  const folder = dirname(file);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, ...companions]) tighten(path, 0o600);
  const problem = sqliteWriteProblem(filename);
  if (problem !== undefined) {
    throw new Error(`DATABASE_URL: ${problem}; the service needs to write it (fix the owner or mode, or the mount)`);
  }
}

/** Makes `path` owner-only (`mode`) when it exists and is readable by others. */
export function tighten(path: string, mode: number): void {
  if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
}

/** Why the database cannot be written (a read-only file, folder or filesystem), or undefined when it can. */
export function sqliteWriteProblem(filename: string): string | undefined {
  const [file = '', ...companions] = sqliteFiles(filename);
  // The folder too: SQLite creates the -wal and -shm there, and a read-only filesystem shows there first.
  for (const path of [dirname(file), file, ...companions]) {
    if (!existsSync(path)) continue;
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? String(err.code) : 'not writable';
      return `${path} is not writable (${code === 'EROFS' ? 'read-only filesystem' : code})`;
    }
  }
  return undefined;
}
