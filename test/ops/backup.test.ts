import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import type { Database } from '../../src/db/schema.js';
import type { Kysely } from 'kysely';
import { freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';
import { simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { ROOT } from '../durability/support.js';

const run = promisify(execFile);

/** A command-line tool as an operator runs it (`npm run cli -- …`), in its own process, with only `env`. */
async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FILE: '', ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Every stored turn: each holds the TwiML that answered it, so a stored turn is an answered one. */
async function answeredTurns(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('conversation_turns').select(['call_sid', 'turn_number', 'response_twiml']).execute();
  return new Map(rows.map((r) => [`${r.call_sid}#${r.turn_number}`, r.response_twiml]));
}

type Load = ReturnType<typeof callLoad>;

/** `callers` callers, each placing simulated calls one after another until `stop()`, which resolves the count. */
function callLoad(t: TestApp, callers: number) {
  let stopped = false;
  let calls = 0;
  const replies = ['what is the salary', 'tuesday works for me', 'yes that is right'];
  let failure: unknown;
  const workers = Array.from({ length: callers }, async () => {
    while (!stopped && failure === undefined) {
      try {
        await simulatedCall(t, replies);
        calls++;
      } catch (err) {
        failure ??= err;
      }
    }
  });
  return {
    calls: () => calls,
    async stop() {
      stopped = true;
      await Promise.all(workers);
      if (failure !== undefined) throw failure;
      return calls;
    },
  };
}

/** Waits for `condition`, checked every 50 ms for at most 30 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

const LOAD_ENV = { CALL_RATE_LIMIT: '100000', ADMIN_RATE_LIMIT: '100000' };

describe('backup and restore (SQLite)', () => {
  let t: TestApp | undefined;
  let dir: string | undefined;
  let load: Load | undefined;
  afterEach(async () => {
    await load?.stop().catch(() => undefined);
    await t?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    t = dir = load = undefined;
  });

  it(
    'backs up online during 20 concurrent calls; the restore holds every turn answered before the backup began',
    { timeout: 120_000 },
    async () => {
      t = await startApp({ dialect: 'sqlite', env: LOAD_ENV });
      dir = await mkdtemp(join(tmpdir(), 'ic-backup-'));
      load = callLoad(t, 20);
      await until(() => (load?.calls() ?? 0) >= 20, '20 finished calls');
      const before = await answeredTurns(t.deps.database.db);
      const callsBefore = load.calls();
      const backupFile = join(dir, 'backup.db');
      const backup = await cli(['backup', backupFile], { DATABASE_URL: t.deps.config.DATABASE_URL });
      const callsDuring = load.calls() - callsBefore;
      await load.stop();
      expect(backup, backup.out).toMatchObject({ code: 0, out: expect.stringContaining('integrity ok') });
      expect(callsDuring, 'calls kept running while the backup was taken').toBeGreaterThan(0);

      const check = new BetterSqlite3(backupFile, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();

      const restoredUrl = `sqlite:${join(dir, 'restored', 'interview-caller.db')}`;
      const restore = await cli(['restore', backupFile], { DATABASE_URL: restoredUrl });
      expect(restore, restore.out).toMatchObject({ code: 0, out: expect.stringContaining('restored') });
      const restored = await createDb(restoredUrl);
      try {
        const after = await answeredTurns(restored.db);
        const missing = [...before].filter(([key, twiml]) => after.get(key) !== twiml).map(([key]) => key);
        expect(before.size).toBeGreaterThan(60);
        expect(missing).toEqual([]);
      } finally {
        await restored.close();
      }

      // Never over an existing database: the restored one is left as it was.
      const again = await cli(['restore', backupFile], { DATABASE_URL: restoredUrl });
      expect(again.code).toBe(1);
      expect(again.out).toContain('refusing to overwrite the existing database');
    },
  );

  it('refuses to back up over an existing file, and explains PostgreSQL', async () => {
    t = await startApp({ dialect: 'sqlite' });
    dir = await mkdtemp(join(tmpdir(), 'ic-backup-'));
    const file = join(dir, 'backup.db');
    expect((await cli(['backup', file], { DATABASE_URL: t.deps.config.DATABASE_URL })).code).toBe(0);
    const twice = await cli(['backup', file], { DATABASE_URL: t.deps.config.DATABASE_URL });
    expect(twice).toMatchObject({ code: 1, out: expect.stringContaining('refusing to overwrite') });
    const pg = await cli(['backup', join(dir, 'pg.db')], { DATABASE_URL: 'postgres://127.0.0.1:5432/none' });
    expect(pg).toMatchObject({ code: 1, out: expect.stringContaining('pg_dump') });
  });
});

/** PostgreSQL: the pg_dump / pg_restore lines docs/deploy.md gives, then /ready says the migrations are current. */
describe('backup and restore (PostgreSQL, pg_dump)', () => {
  let t: TestApp | undefined;
  let copy: FreshDatabase | undefined;
  let dir: string | undefined;
  let load: Load | undefined;
  afterEach(async () => {
    await load?.stop().catch(() => undefined);
    await t?.close();
    await copy?.drop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    t = copy = dir = load = undefined;
  });

  it('dumps during calls, restores into an empty database, and the restored service is ready', { timeout: 120_000 }, async () => {
    t = await startApp({ dialect: 'postgres', env: LOAD_ENV });
    dir = await mkdtemp(join(tmpdir(), 'ic-pgdump-'));
    load = callLoad(t, 20);
    await until(() => (load?.calls() ?? 0) >= 20, '20 finished calls');
    const before = await answeredTurns(t.deps.database.db);
    const dump = join(dir, 'interview-caller.dump');
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, t.deps.config.DATABASE_URL]);
    await load.stop();

    copy = await freshDatabase('postgres');
    await run('pg_restore', ['--no-owner', `--dbname=${copy.url}`, dump]);
    const restored = await startApp({ dialect: 'postgres', database: copy });
    try {
      const after = await answeredTurns(restored.deps.database.db);
      expect([...before].filter(([key, twiml]) => after.get(key) !== twiml)).toEqual([]);
      const ready = await fetch(`${restored.url}/ready`);
      expect(await ready.json()).toMatchObject({ ready: true, migrations: 'current' });
    } finally {
      await restored.close();
    }
  });
});
