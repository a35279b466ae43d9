import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, MIGRATIONS, ping } from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { useDatabase } from './support.js';

describe.each(DIALECTS)('migrations (%s)', (dialect) => {
  const database = useDatabase(dialect);

  it('creates the schema and reports the dialect', async () => {
    const handle = database.get();
    expect(handle.dialect).toBe(dialect);
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual(
      expect.arrayContaining(['bookings', 'conversation_sessions', 'conversation_turns', 'do_not_call', 'slots']),
    );
    expect(await ping(handle.db)).toBe(true);
  });

  it('is idempotent: migrating again (twice) changes nothing', async () => {
    const { db } = database.get();
    const first = await migrateToLatest(db);
    const second = await migrateToLatest(db);
    expect(first.results).toEqual([]);
    expect(second.results).toEqual([]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
  });

  it('a second createDb on the same database opens without re-migrating', async () => {
    const other = await createDb(database.url());
    try {
      expect(await ping(other.db)).toBe(true);
    } finally {
      await other.close();
    }
  });

  if (dialect === 'sqlite') {
    it('applies the SQLite pragmas', async () => {
      const { db } = database.get();
      const one = async (name: string) =>
        Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
      expect(await one('journal_mode')).toBe('wal');
      expect(await one('foreign_keys')).toBe(1);
      expect(await one('busy_timeout')).toBe(5000);
      expect(await one('synchronous')).toBe(1);
    });
  }

  it('returns numbers, not strings, for COUNT and AVG', async () => {
    const { db } = database.get();
    const row = await db
      .selectFrom('slots')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.avg<number>(sql<number>`1`).as('a')])
      .executeTakeFirstOrThrow();
    expect(row.n).toBe(0);
    expect(typeof row.n).toBe('number');
  });
});

describe('createDb', () => {
  it('rejects an unknown scheme', async () => {
    await expect(createDb('mysql://x')).rejects.toThrow(/DATABASE_URL/);
  });

  it('opens sqlite::memory:', async () => {
    const handle = await createDb('sqlite::memory:');
    try {
      expect(handle.dialect).toBe('sqlite');
      expect(await ping(handle.db)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
