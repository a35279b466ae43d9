import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  bookSlot,
  cancelBooking,
  deleteSession,
  getBooking,
  getSlot,
  insertSession,
  insertTurn,
  isCheckViolation,
  listOpenSlots,
  listSlots,
  OPEN_SLOTS_CONSIDERED,
  listTurns,
  syncSlots,
  type BookResult,
  type Database,
} from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { at, defaultJobId, resetTables, sessionRow, useDatabase } from './support.js';

const SPECS = [
  { start: '2026-12-01T10:00:00-05:00', label: 'Tuesday, December 1st at 10 AM' },
  { start: '2026-12-02T14:00:00-05:00', label: 'Wednesday, December 2nd at 2 PM' },
  { start: '2026-11-30T09:00:00+01:00', label: 'Monday, November 30th at 9 AM CET' },
];

async function sessions(db: Kysely<Database>, n: number): Promise<string[]> {
  const sids: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = sessionRow({ candidate_phone: `+1555000${String(i).padStart(4, '0')}` });
    await insertSession(db, row);
    sids.push(row.call_sid);
  }
  return sids;
}

/** A promise-based barrier: resolves for everyone once `n` parties have arrived. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === n) release();
    return all;
  };
}

describe.each(DIALECTS)('slots repository (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  async function oneSlot(capacity: number): Promise<number> {
    const [slot] = await syncSlots(database.get().db, await defaultJobId(database.get()), [SPECS[0] ?? { start: '', label: '' }], capacity);
    return slot?.id ?? -1;
  }

  it('syncSlots upserts by UTC start, keeps other slots, and never lowers capacity below bookings', async () => {
    const { db } = database.get();
    const first = await syncSlots(db, await defaultJobId(database.get()), SPECS, 2);
    expect(first.map((s) => s.start_utc)).toEqual(['2026-11-30T08:00:00.000Z', '2026-12-01T15:00:00.000Z', '2026-12-02T19:00:00.000Z']);
    expect(first.every((s) => s.capacity === 2 && s.booked_count === 0)).toBe(true);
    const tuesday = first[1];
    if (tuesday === undefined) throw new Error('missing slot');
    const [a, b] = await sessions(db, 2);
    for (const sid of [a, b]) {
      await db.transaction().execute((trx) => bookSlot(trx, { slotId: tuesday.id, callSid: sid ?? '', phone: '+1', nowIso: at(0) }));
    }

    // Same instant written with another offset, new label, lower capacity; one slot dropped from config.
    const again = await syncSlots(db, await defaultJobId(database.get()), [{ start: '2026-12-01T15:00:00Z', label: 'renamed' }], 1);
    expect(again).toHaveLength(3);
    const updated = again.find((s) => s.id === tuesday.id);
    expect(updated).toMatchObject({ label: 'renamed', capacity: 2, booked_count: 2, start_time: '2026-12-01T15:00:00Z' });
    expect(again.filter((s) => s.id !== tuesday.id).every((s) => s.capacity === 2)).toBe(true);

    await syncSlots(db, await defaultJobId(database.get()), SPECS, 5);
    expect((await getSlot(db, tuesday.id))?.capacity).toBe(5);
  });

  it('listOpenSlots hides full and past slots', async () => {
    const { db } = database.get();
    const slots = await syncSlots(db, await defaultJobId(database.get()), SPECS, 1);
    const [sid] = await sessions(db, 1);
    const full = slots[2];
    if (full === undefined || sid === undefined) throw new Error('fixture');
    await db.transaction().execute((trx) => bookSlot(trx, { slotId: full.id, callSid: sid, phone: '+1', nowIso: at(0) }));
    const open = await listOpenSlots(db, await defaultJobId(database.get()), '2026-11-30T09:30:00+01:00');
    expect(open.map((s) => s.id)).toEqual([slots[1]?.id]);
  });

  it('listOpenSlots works with the nearest OPEN_SLOTS_CONSIDERED open slots of a job, nearest first', async () => {
    const { db } = database.get();
    const jobId = await defaultJobId(database.get());
    const count = OPEN_SLOTS_CONSIDERED + 5;
    // Written farthest first, so the order comes from the query, not from insertion.
    const specs = Array.from({ length: count }, (_, i) => {
      const start = new Date(Date.UTC(2027, 0, 1) + (count - i) * 3_600_000).toISOString();
      return { start, label: start };
    });
    await syncSlots(db, jobId, specs, 1);
    const open = await listOpenSlots(db, jobId, '2026-12-01T00:00:00Z');
    expect(open).toHaveLength(OPEN_SLOTS_CONSIDERED);
    const starts = open.map((s) => Date.parse(s.start_time));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(Date.UTC(2027, 0, 1) + 3_600_000);
  });

  it('bookSlot: booked, already_booked, full; cancelBooking gives the seat back', async () => {
    const { db } = database.get();
    const slotId = await oneSlot(1);
    const [a, b] = await sessions(db, 2);
    if (a === undefined || b === undefined) throw new Error('fixture');
    const book = (callSid: string) => db.transaction().execute((trx) => bookSlot(trx, { slotId, callSid, phone: '+1', nowIso: at(0) }));
    expect(await book(a)).toBe('booked');
    expect(await book(a)).toBe('already_booked');
    expect(await book(b)).toBe('full');
    expect((await getBooking(db, a))?.slot_id).toBe(slotId);
    expect(await db.transaction().execute((trx) => cancelBooking(trx, a))).toBe(true);
    expect(await db.transaction().execute((trx) => cancelBooking(trx, a))).toBe(false);
    expect((await getSlot(db, slotId))?.booked_count).toBe(0);
    expect(await book(b)).toBe('booked');
    await expect(
      db.transaction().execute((trx) => bookSlot(trx, { slotId: 999_999, callSid: a, phone: '+1', nowIso: at(0) })),
    ).rejects.toThrow(/unknown slot|foreign key/i);
  });

  it('deleteSession cascades turns and booking and gives the seat back', async () => {
    const { db } = database.get();
    const slotId = await oneSlot(1);
    const [sid] = await sessions(db, 1);
    if (sid === undefined) throw new Error('fixture');
    await db.transaction().execute(async (trx) => {
      await insertTurn(trx, { call_sid: sid, turn_number: 1, bot_response: 'hi', response_twiml: '<Response/>', timestamp: at(0) });
      expect(await bookSlot(trx, { slotId, callSid: sid, phone: '+1', nowIso: at(0) })).toBe('booked');
    });
    expect((await getSlot(db, slotId))?.booked_count).toBe(1);
    expect(await deleteSession(db, sid)).toBe(true);
    expect(await listTurns(db, sid)).toEqual([]);
    expect(await getBooking(db, sid)).toBeUndefined();
    expect((await getSlot(db, slotId))?.booked_count).toBe(0);
  });

  it('the CHECK constraint rejects an over-capacity update', async () => {
    const { db } = database.get();
    const slotId = await oneSlot(1);
    const err = await db
      .updateTable('slots')
      .set((eb) => ({ booked_count: eb('booked_count', '+', 2) }))
      .where('id', '=', slotId)
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isCheckViolation(err)).toBe(true);
    await expect(db.updateTable('slots').set({ booked_count: -1 }).where('id', '=', slotId).execute()).rejects.toThrow();
    expect((await getSlot(db, slotId))?.booked_count).toBe(0);
  });

  for (const capacity of [1, 2]) {
    it(`six concurrent transactions racing for a capacity-${capacity} slot: exactly ${capacity} booked`, async () => {
      const { db } = database.get();
      const slotId = await oneSlot(capacity);
      const sids = await sessions(db, 6);
      // On pg every transaction holds its own pool connection; the barrier makes all six open at once
      // (distinct backends) before any of them books. On SQLite (one connection per handle) they interleave.
      const arrive = dialect === 'postgres' ? barrier(sids.length) : async () => undefined;
      const backends = new Set<number>();
      const results = await Promise.all(
        sids.map((callSid) =>
          db.transaction().execute(async (trx): Promise<BookResult> => {
            if (dialect === 'postgres') {
              const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
              backends.add(rows[0]?.pid ?? -1);
            }
            await arrive();
            return bookSlot(trx, { slotId, callSid, phone: '+1', nowIso: at(0) });
          }),
        ),
      );
      if (dialect === 'postgres') expect(backends.size).toBe(6);
      expect(results.filter((r) => r === 'booked')).toHaveLength(capacity);
      expect(results.filter((r) => r === 'full')).toHaveLength(6 - capacity);
      expect((await getSlot(db, slotId))?.booked_count).toBe(capacity);
      const count = await db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(capacity);
    });
  }

  it('two copies of one call booking at once (a retried webhook): one booking, one seat taken', async () => {
    const { db } = database.get();
    const slotId = await oneSlot(2);
    const [sid] = await sessions(db, 1);
    if (sid === undefined) throw new Error('fixture');
    // On pg both transactions are open before either books, so both pass the "no booking yet" check and the
    // second's booking row conflicts with the first's: the seat it claimed must be given back.
    const arrive = dialect === 'postgres' ? barrier(2) : async () => undefined;
    const results = await Promise.all(
      [0, 1].map(() =>
        db.transaction().execute(async (trx) => {
          if (dialect === 'postgres') await sql`select 1`.execute(trx);
          await arrive();
          return bookSlot(trx, { slotId, callSid: sid, phone: '+1', nowIso: at(0) });
        }),
      ),
    );
    expect(results.sort()).toEqual(['already_booked', 'booked']);
    expect((await getSlot(db, slotId))?.booked_count).toBe(1);
    expect((await getBooking(db, sid))?.slot_id).toBe(slotId);
  });

  if (dialect === 'sqlite') {
    it('six processes, each with its own connection to the file, race for a capacity-1 slot', async () => {
      const { db } = database.get();
      const slotId = await oneSlot(1);
      const sids = await sessions(db, 6);
      const dir = await mkdtemp(join(tmpdir(), 'ic-race-'));
      const go = join(dir, 'go');
      const worker = fileURLToPath(new URL('./fixtures/book-worker.ts', import.meta.url));
      try {
        let ready = 0;
        let release: () => void = () => undefined;
        const allReady = new Promise<void>((resolve) => (release = resolve));
        const runs = sids.map(
          (sid) =>
            new Promise<string>((resolve, reject) => {
              const child = spawn(process.execPath, ['--import', 'tsx', worker, database.url(), String(slotId), sid, go], {
                stdio: ['ignore', 'pipe', 'pipe'],
              });
              let out = '';
              let errText = '';
              let counted = false;
              child.stdout.on('data', (chunk: Buffer) => {
                out += chunk.toString();
                if (!counted && out.startsWith('ready\n')) {
                  counted = true;
                  if (++ready === sids.length) release();
                }
              });
              child.stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
              child.on('error', reject);
              child.on('close', (code) =>
                code === 0 ? resolve(out.slice('ready\n'.length).trim()) : reject(new Error(`worker ${code}: ${errText}`)),
              );
            }),
        );
        await allReady;
        writeFileSync(go, '');
        const results = await Promise.all(runs);
        expect(results.filter((r) => r === 'booked')).toHaveLength(1);
        expect(results.filter((r) => r === 'full')).toHaveLength(5);
        expect((await getSlot(db, slotId))?.booked_count).toBe(1);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('listSlots returns slots by UTC start', async () => {
    const { db } = database.get();
    await syncSlots(db, await defaultJobId(database.get()), SPECS, 1);
    expect((await listSlots(db)).map((s) => s.label)).toEqual([SPECS[2]?.label, SPECS[0]?.label, SPECS[1]?.label]);
  });
});
