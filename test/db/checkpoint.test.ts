import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/index.js';

/**
 * Writes ~1.2 MB in 100 commits of three rows: ~500 WAL pages (each row fills a page, and each commit also writes the
 * table's root and the header page), which with the migrations' ~120 stays under SQLite's own 1,000-page checkpoint.
 */
async function write(handle: DbHandle): Promise<void> {
  await sql`create table filler (body text)`.execute(handle.db);
  const row = 'x'.repeat(4000);
  for (let i = 0; i < 100; i++) await sql`insert into filler values (${row}), (${row}), (${row})`.execute(handle.db);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SQLite WAL checkpoints off the commit path', () => {
  let dir: string | undefined;
  let handle: DbHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function open(options: Parameters<typeof createDb>[1]) {
    dir = await mkdtemp(join(tmpdir(), 'ic-ckpt-'));
    const file = join(dir, 'x.db');
    handle = await createDb(`sqlite:${file}`, options);
    return file;
  }

  it('a worker copies the WAL into the database file while no commit does', async () => {
    const file = await open({ checkpointIntervalMs: 50 });
    const before = statSync(file).size;
    await write(handle as DbHandle);
    const deadline = Date.now() + 5000;
    while (statSync(file).size < before + 1_000_000 && Date.now() < deadline) await sleep(50);
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    // and SQLite's own checkpoint is only a backstop now
    expect(await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute((handle as DbHandle).db)).toMatchObject({
      rows: [{ wal_autocheckpoint: 10_000 }],
    });
  });

  it('turned off (0), the WAL keeps the writes until SQLite checkpoints at 1,000 pages', async () => {
    const file = await open({ checkpointIntervalMs: 0 });
    const before = statSync(file).size;
    await write(handle as DbHandle);
    await sleep(300);
    expect(statSync(file).size).toBe(before);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);
  });

  it('close stops the worker, and the data is all there on reopening', async () => {
    const file = await open({ checkpointIntervalMs: 20 });
    await write(handle as DbHandle);
    await (handle as DbHandle).close();
    handle = await createDb(`sqlite:${file}`);
    const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(handle.db);
    expect(rows.rows[0]?.n).toBe(300);
  });
});
