import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { bookSlot, cancelBooking, deleteSession, insertSession, listOpenSlots, migrateToLatest, staticMigrationProvider, syncSlots } from '../../src/db/index.js';
import { listOpenSlotStartsCached, slotsVersion } from '../../src/db/open-slots.js';
import { getTurnContext } from '../../src/db/sessions.repo.js';
import { DIALECTS } from '../helpers/databases.js';
import { at, resetTables, sessionRow, useDatabase } from './support.js';

const SPECS = [
  { start: '2026-12-01T10:00:00-05:00', label: 'Tuesday 10' },
  { start: '2026-12-02T14:00:00-05:00', label: 'Wednesday 2' },
  { start: '2026-12-03T09:00:00-05:00', label: 'Thursday 9' },
];
const BEFORE_ALL = at(0); // 2026-11-24: before every slot

describe.each(DIALECTS)('open slots and slots_version (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  /** What a fresh read says, and what the per-process list says at the current version: they must agree. */
  async function bothViews(nowIso = BEFORE_ALL) {
    const { db } = database.get();
    const fresh = (await listOpenSlots(db, nowIso)).map((s) => s.id);
    const cached = (await listOpenSlotStartsCached(db, nowIso, await slotsVersion(db))).map((s) => s.id);
    return { fresh, cached };
  }

  it('every kind of change to a slot changes the version, and the list follows it', async () => {
    const { db } = database.get();
    const slots = await syncSlots(db, SPECS, 1);
    const [first, second] = slots.map((s) => s.id) as [number, number];
    const versions = [await slotsVersion(db)];
    const changed = async () => {
      const v = await slotsVersion(db);
      expect(versions).not.toContain(v);
      versions.push(v);
      const { fresh, cached } = await bothViews();
      expect(cached).toEqual(fresh);
      return fresh;
    };
    expect(versions[0]).not.toBeNull();

    const session = sessionRow();
    await insertSession(db, session);
    await db.transaction().execute((trx) => bookSlot(trx, { slotId: first, callSid: session.call_sid, phone: session.candidate_phone, nowIso: BEFORE_ALL }));
    expect(await changed()).not.toContain(first); // a seat taken
    await db.transaction().execute((trx) => cancelBooking(trx, session.call_sid));
    expect(await changed()).toContain(first); // the seat given back
    await sql`update slots set capacity = 0 where id = ${second}`.execute(db);
    expect(await changed()).not.toContain(second); // raw SQL, as an operator might
    await syncSlots(db, [...SPECS, { start: '2026-12-04T11:00:00-05:00', label: 'Friday 11' }], 1);
    expect(await changed()).toHaveLength(4); // a new slot (and the capacities reset)
    await sql`delete from slots where id = ${first}`.execute(db);
    expect(await changed()).not.toContain(first); // a slot removed
  });

  it('reuses its copy while the version it is given is unchanged, and starts after now even from the copy', async () => {
    const { db } = database.get();
    const [first] = (await syncSlots(db, SPECS, 1)).map((s) => s.id) as [number];
    const version = await slotsVersion(db);
    expect((await listOpenSlotStartsCached(db, BEFORE_ALL, version)).map((s) => s.id)).toHaveLength(3);
    await sql`update slots set capacity = 0 where id = ${first}`.execute(db);
    // Labelled with the old version, the copy is served: proof that nothing was read.
    expect((await listOpenSlotStartsCached(db, BEFORE_ALL, version)).map((s) => s.id)).toContain(first);
    // The version a turn would read now is a different one, so it gets the change.
    const now = await slotsVersion(db);
    expect(now).not.toBe(version);
    expect((await listOpenSlotStartsCached(db, BEFORE_ALL, now)).map((s) => s.id)).not.toContain(first);
    // Time moves on without any write: slots that have started drop out of the same copy.
    const afterTuesday = '2026-12-01T16:00:00.000Z';
    expect((await listOpenSlotStartsCached(db, afterTuesday, now)).map((s) => s.start_time)).toEqual([SPECS[1]?.start, SPECS[2]?.start]);
    expect((await listOpenSlotStartsCached(db, afterTuesday, now)).map((s) => s.id)).toEqual((await listOpenSlots(db, afterTuesday)).map((s) => s.id));
  });

  it('as time passes each slot start, the copy answers exactly what a fresh read does; unchanged, the same frozen list', async () => {
    const { db } = database.get();
    await syncSlots(db, [...SPECS, { start: '2026-12-04T11:00:00-05:00', label: 'Friday 11' }], 1);
    const version = await slotsVersion(db);
    const starts = (await listOpenSlots(db, BEFORE_ALL)).map((s) => Date.parse(s.start_utc));
    const moments = [Date.parse(BEFORE_ALL), ...starts.flatMap((t) => [t - 1, t, t + 1]), Date.parse('2027-01-01T00:00:00Z')];
    for (const t of moments) {
      const nowIso = new Date(t).toISOString();
      const cached = await listOpenSlotStartsCached(db, nowIso, version);
      expect(cached.map((s) => s.id)).toEqual((await listOpenSlots(db, nowIso)).map((s) => s.id));
      expect(await listOpenSlotStartsCached(db, nowIso, version)).toBe(cached);
      expect(Object.isFrozen(cached)).toBe(true);
    }
  });

  it('a turn reads the version with its context, and a deleted conversation giving its seat back changes it', async () => {
    const { db } = database.get();
    const [first] = (await syncSlots(db, SPECS, 1)).map((s) => s.id) as [number];
    const session = sessionRow();
    await insertSession(db, session);
    const before = (await getTurnContext(db, session.call_sid, 1))?.slotsVersion;
    expect(before).toBe(await slotsVersion(db));
    await db.transaction().execute((trx) => bookSlot(trx, { slotId: first, callSid: session.call_sid, phone: session.candidate_phone, nowIso: BEFORE_ALL }));
    const booked = await slotsVersion(db);
    expect(booked).not.toBe(before);
    await deleteSession(db, session.call_sid);
    expect(await slotsVersion(db)).not.toBe(booked);
    const { fresh, cached } = await bothViews();
    expect(cached).toEqual(fresh);
    expect(fresh).toContain(first);
  });

  it('a seat taken in a slot that stays open leaves the version and the copy alone; the seat that fills it does not', async () => {
    const { db } = database.get();
    const [first] = (await syncSlots(db, SPECS, 2)).map((s) => s.id) as [number];
    const [one, two] = [sessionRow({ candidate_phone: '+14155550101' }), sessionRow({ candidate_phone: '+14155550102' })];
    await insertSession(db, one);
    await insertSession(db, two);
    const book = (callSid: string) => db.transaction().execute((trx) => bookSlot(trx, { slotId: first, callSid, phone: '+1', nowIso: BEFORE_ALL }));
    const start = await slotsVersion(db);
    const copy = await listOpenSlotStartsCached(db, BEFORE_ALL, start);
    expect(await book(one.call_sid)).toBe('booked');
    expect(await slotsVersion(db)).toBe(start); // 1 of 2 seats: still open, the same list
    expect(await listOpenSlotStartsCached(db, BEFORE_ALL, start)).toBe(copy);
    expect((await bothViews()).fresh).toEqual(copy.map((s) => s.id));
    await sql`update slots set label = 'Tuesday at ten' where id = ${first}`.execute(db); // not in the list either
    expect(await slotsVersion(db)).toBe(start);
    expect(await book(two.call_sid)).toBe('booked');
    const full = await slotsVersion(db);
    expect(full).not.toBe(start); // 2 of 2: it left the list
    expect((await bothViews()).cached).not.toContain(first);
    expect((await bothViews()).cached).toEqual((await bothViews()).fresh);
    await db.transaction().execute((trx) => cancelBooking(trx, one.call_sid));
    expect(await slotsVersion(db)).not.toBe(full); // open again
    expect((await bothViews()).cached).toContain(first);
    await sql`update slots set start_time = '2026-12-01T10:30:00-05:00', start_utc = '2026-12-01T15:30:00.000Z' where id = ${first}`.execute(db);
    const moved = await listOpenSlotStartsCached(db, BEFORE_ALL, await slotsVersion(db));
    expect(moved.find((s) => s.id === first)?.start_time).toBe('2026-12-01T10:30:00-05:00'); // a moved slot is re-read
  });

  it('migration 005 down: every seat taken changes the version again (003 as it was); up: only changes of the list', async () => {
    const { db } = database.get();
    const [first] = (await syncSlots(db, SPECS, 5)).map((s) => s.id) as [number];
    const take = () => sql`update slots set booked_count = booked_count + 1 where id = ${first}`.execute(db);
    const migrator = new Migrator({ db, provider: staticMigrationProvider });
    expect((await migrator.migrateTo('004_drop_turn_intent_index')).error).toBeUndefined();
    let before = await slotsVersion(db);
    await take();
    expect(await slotsVersion(db)).not.toBe(before);
    await migrateToLatest(db);
    before = await slotsVersion(db);
    await take();
    expect(await slotsVersion(db)).toBe(before);
  });

  it.runIf(dialect === 'postgres')('commits in another order than their changes still change the version', async () => {
    const { db } = database.get();
    // Capacity 1: each update fills its slot, a change of the open list.
    const [a, b] = (await syncSlots(db, SPECS, 1)).map((s) => s.id) as [number, number];
    const one = new pg.Client({ connectionString: database.url() });
    const two = new pg.Client({ connectionString: database.url() });
    await one.connect();
    await two.connect();
    try {
      await one.query('begin');
      await one.query('update slots set booked_count = booked_count + 1 where id = $1', [a]); // takes the lower value
      await two.query('update slots set booked_count = booked_count + 1 where id = $1', [b]); // a higher one, committed first
      const seen = await slotsVersion(db);
      await one.query('commit');
      expect(await slotsVersion(db)).not.toBe(seen);
    } finally {
      await one.end();
      await two.end();
    }
  });
});
