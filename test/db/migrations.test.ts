import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, MIGRATIONS, ping, staticMigrationProvider, type Database } from '../../src/db/index.js';
import { expectedCounters, readCounters } from '../../src/db/counters.js';
import { DIALECTS } from '../helpers/databases.js';
import { sessionRow, useDatabase } from './support.js';

describe.each(DIALECTS)('migrations (%s)', (dialect) => {
  const database = useDatabase(dialect);

  it('creates the schema and reports the dialect', async () => {
    const handle = database.get();
    expect(handle.dialect).toBe(dialect);
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual(expect.arrayContaining(['bookings', 'conversation_sessions', 'conversation_turns', 'do_not_call', 'slots']));
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

  it("004 drops the turns' intent index (and down brings it back); turns, their unique key and the counters are untouched", async () => {
    const { db } = database.get();
    const turnIndexes = async (k: Kysely<Database>) =>
      (dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'conversation_turns'`.execute(k))
            .rows
        : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'conversation_turns'`.execute(k)).rows
      ).map((r) => r.name);
    expect(await turnIndexes(db)).not.toContain('conversation_turns_intent_idx');
    const now = new Date().toISOString();
    await db
      .insertInto('conversation_sessions')
      .values({
        call_sid: 'CA004',
        candidate_name: 'A',
        candidate_phone: '+14155550123',
        candidate_position: 'P',
        candidate_company: 'C',
        candidate_timezone: 'UTC',
        status: 'active',
        start_time: now,
        state: '{}',
        telephony: 'simulated',
        updated_at: now,
      })
      .execute();
    const turn = (n: number, intent: string) => ({
      call_sid: 'CA004',
      turn_number: n,
      bot_response: 'b',
      intent,
      response_twiml: '<Response/>',
      timestamp: now,
    });
    await db
      .insertInto('conversation_turns')
      .values([turn(1, 'confirm'), turn(2, 'reject')])
      .execute();

    const migrator = new Migrator({ db, provider: staticMigrationProvider });
    const down = await migrator.migrateTo('003_slots_version');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('004_drop_turn_intent_index');
    expect(await turnIndexes(db)).toContain('conversation_turns_intent_idx');
    await migrateToLatest(db);
    const indexes = await turnIndexes(db);
    expect(indexes).not.toContain('conversation_turns_intent_idx');
    expect(indexes.length).toBeGreaterThan(0); // the (call_sid, turn_number) unique key stays
    await expect(db.insertInto('conversation_turns').values(turn(2, 'confirm')).execute()).rejects.toThrow();
    expect(Object.fromEntries(await readCounters(db))).toEqual(Object.fromEntries(await expectedCounters(db)));
    expect((await readCounters(db)).get('intent:reject')).toBeGreaterThanOrEqual(1);
    await db.deleteFrom('conversation_sessions').where('call_sid', '=', 'CA004').execute();
  });

  it('007 records CallSids beside conversation ids, adds questions and drops slots_version; down brings back what was', async () => {
    const { db } = database.get();
    const names = async () =>
      (dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where name like 'slot%version%' or name = 'slot_changes'`.execute(db))
            .rows
        : (await sql<{ name: string }>`select relname as name from pg_class where relname like 'slot%version%'`.execute(db)).rows
      ).map((r) => r.name);
    expect(await names()).toEqual([]);
    const migrator = new Migrator({ db, provider: staticMigrationProvider });
    expect((await migrator.migrateTo('006_session_counters_per_row')).error).toBeUndefined();
    expect(await names()).toContain('slots_version');
    expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('questions');
    // Rows of before: a placed call under Twilio's CallSid, and a provisional one Twilio never answered.
    const now = new Date().toISOString();
    const session = (callSid: string) => sessionRow({ call_sid: callSid, telephony: 'twilio' });
    await db
      .insertInto('conversation_sessions')
      .values([session('CA007'), session('pending-007')])
      .execute();
    await migrateToLatest(db);
    expect(await names()).toEqual([]);
    const rows = await db.selectFrom('conversation_sessions').select(['call_sid', 'twilio_call_sid']).orderBy('call_sid').execute();
    expect(rows).toEqual([
      { call_sid: 'CA007', twilio_call_sid: 'CA007' },
      { call_sid: 'pending-007', twilio_call_sid: null },
    ]);
    await db.insertInto('questions').values({ call_sid: 'CA007', turn_number: 1, text: 'q', topic: 'other', created_at: now }).execute();
    await db.deleteFrom('conversation_sessions').where('call_sid', 'in', ['CA007', 'pending-007']).execute();
    expect(await db.selectFrom('questions').selectAll().execute()).toEqual([]);
  });

  it('008 moves slots into the default job keeping bookings and sessions, one start per job; down brings back what was', async () => {
    const { db } = database.get();
    const migrator = new Migrator({ db, provider: staticMigrationProvider });
    expect((await migrator.migrateTo('007_twilio_call_sid_questions_drop_slots_version')).error).toBeUndefined();
    const tables = async () => (await db.introspection.getTables()).map((t) => t.name);
    expect(await tables()).not.toContain('jobs');
    // Rows of before, written with the old columns only.
    const now = new Date().toISOString();
    const old = sql<{ id: number }>`insert into slots (start_time, start_utc, label, capacity, booked_count)
      values ('2026-12-01T14:00:00-05:00', '2026-12-01T19:00:00.000Z', 'Tue 2 PM', 2, 1) returning id`;
    const slotId = (await old.execute(db)).rows[0]?.id ?? -1;
    const gone =
      (
        await sql<{ id: number }>`insert into slots (start_time, start_utc, label, capacity)
      values ('2026-12-02T14:00:00-05:00', '2026-12-02T19:00:00.000Z', 'Wed 2 PM', 1) returning id`.execute(db)
      ).rows[0]?.id ?? -1;
    await sql`delete from slots where id = ${gone}`.execute(db);
    await sql`insert into conversation_sessions (call_sid, candidate_name, candidate_phone, candidate_position, candidate_company,
      candidate_timezone, status, start_time, state, telephony, updated_at, slot_id)
      values ('CA008', 'A', '+14155550123', 'P', 'C', 'UTC', 'ended', ${now}, '{}', 'simulated', ${now}, ${slotId})`.execute(db);
    await sql`insert into bookings (call_sid, slot_id, candidate_phone, created_at)
      values ('CA008', ${slotId}, '+14155550123', ${now})`.execute(db);

    await migrateToLatest(db);
    const defaultJob = await db.selectFrom('jobs').selectAll().where('is_default', '=', 1).executeTakeFirstOrThrow();
    expect(defaultJob.title).toBe(''); // the placeholder ensureDefaultJob fills on start
    const slot = await db.selectFrom('slots').selectAll().where('id', '=', slotId).executeTakeFirstOrThrow();
    expect(slot).toMatchObject({ job_id: defaultJob.id, booked_count: 1, capacity: 2, minutes: null, interviewer_email: null });
    expect(await db.selectFrom('conversation_sessions').select(['slot_id', 'job_id']).where('call_sid', '=', 'CA008').execute()).toEqual([
      { slot_id: slotId, job_id: null },
    ]);
    expect(await db.selectFrom('bookings').select(['slot_id', 'candidate_id']).where('call_sid', '=', 'CA008').execute()).toEqual([
      { slot_id: slotId, candidate_id: null },
    ]);
    // The same start in another job is allowed; twice in one job is not; ids are never reused.
    const other = await db
      .insertInto('jobs')
      .values({
        title: 'T',
        company: 'C',
        timezone: 'UTC',
        interview_minutes: 30,
        format: 'video call',
        calling_hours: '08:00-21:00',
        max_turns: 6,
        status: 'open',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const copy = { start_time: slot.start_time, start_utc: slot.start_utc, label: 'x', capacity: 1 };
    const second = await db
      .insertInto('slots')
      .values({ ...copy, job_id: other.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(second.id).toBeGreaterThan(gone);
    await expect(
      db
        .insertInto('slots')
        .values({ ...copy, job_id: other.id })
        .execute(),
    ).rejects.toThrow();
    // A second default job is refused.
    await expect(db.updateTable('jobs').set({ is_default: 1 }).where('id', '=', other.id).execute()).rejects.toThrow();
    // The booking still holds its slot: deleting the slot is refused, and a session's slot_id survives.
    await expect(db.deleteFrom('slots').where('id', '=', slotId).execute()).rejects.toThrow();

    expect((await migrator.migrateTo('007_twilio_call_sid_questions_drop_slots_version')).error).toBeUndefined();
    expect(await tables()).not.toContain('jobs');
    expect(await tables()).not.toContain('candidates');
    const back = await sql<{ id: number; booked_count: number }>`select id, booked_count from slots order by id`.execute(db);
    expect(back.rows).toEqual([{ id: slotId, booked_count: 1 }]);
    await expect(
      sql`insert into slots (start_time, start_utc, label, capacity) values ('a', ${slot.start_utc}, 'x', 1)`.execute(db),
    ).rejects.toThrow();
    await migrateToLatest(db);
    expect(await db.selectFrom('bookings').select('slot_id').where('call_sid', '=', 'CA008').execute()).toEqual([{ slot_id: slotId }]);
    await db.deleteFrom('conversation_sessions').where('call_sid', '=', 'CA008').execute();
    await db.deleteFrom('slots').execute();
    await db.deleteFrom('jobs').where('is_default', '=', 0).execute();
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
