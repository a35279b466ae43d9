import { Migrator, sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectedCounters, readCounters, recomputeCounters } from '../../src/db/counters.js';
import {
  bookSlot,
  cancelBooking,
  deleteByPhone,
  deleteSession,
  getAnalytics,
  insertSession,
  insertTurn,
  migrateToLatest,
  purgeOlderThan,
  staticMigrationProvider,
  syncSlots,
  updateSession,
  type SessionOutcome,
} from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { at, defaultJobId, resetTables, sessionRow, useDatabase } from './support.js';

/** GET /analytics computed from scratch with aggregates over every row (the pre-counter implementation). */
async function analyticsFromScratch(db: Parameters<typeof getAnalytics>[0]) {
  const one = async <T>(q: string) => (await sql<T>`${sql.raw(q)}`.execute(db)).rows;
  const rec = (rows: Array<{ k: string | number | null; n: number | string }>) => {
    const out: Record<string, number> = {};
    for (const r of rows) if (r.k !== null) out[String(r.k)] = Number(r.n);
    return out;
  };
  const [t] = await one<Record<string, number | string | null>>(
    `select count(*) as total, sum(case when status = 'active' then 1 else 0 end) as active,
       sum(case when status <> 'active' then 1 else 0 end) as finished,
       sum(case when status <> 'active' and outcome = 'scheduled' then 1 else 0 end) as booked,
       sum(turn_count) as turns, sum(duration_seconds) as dsum, count(duration_seconds) as dcount
     from conversation_sessions`,
  );
  const total = Number(t?.total ?? 0);
  const finished = Number(t?.finished ?? 0);
  const dcount = Number(t?.dcount ?? 0);
  const prefs = await one<{ slot_id: number; label: string; start: string; bookings: number | string }>(
    `select s.id as slot_id, s.label, s.start_time as start, count(b.id) as bookings from slots s left join bookings b on b.slot_id = s.id
     group by s.id, s.label, s.start_time, s.start_utc order by count(b.id) desc, s.start_utc asc`,
  );
  return {
    total_calls: total,
    by_status: rec(await one(`select status as k, count(*) as n from conversation_sessions group by status`)),
    by_outcome: rec(await one(`select outcome as k, count(*) as n from conversation_sessions where outcome is not null group by outcome`)),
    success_rate: finished === 0 ? 0 : Number(t?.booked ?? 0) / finished,
    average_turns: total === 0 ? 0 : Number(t?.turns ?? 0) / total,
    turns_histogram: rec(await one(`select turn_count as k, count(*) as n from conversation_sessions group by turn_count`)),
    slot_preferences: prefs.map((p) => ({ slot_id: Number(p.slot_id), label: p.label, start: p.start, bookings: Number(p.bookings) })),
    intent_distribution: rec(
      await one(`select intent as k, count(*) as n from conversation_turns where intent is not null group by intent`),
    ),
    average_duration_seconds: dcount === 0 ? null : Number(t?.dsum ?? 0) / dcount,
    active_calls: Number(t?.active ?? 0),
  };
}

describe.each(DIALECTS)('analytics counters (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  it('stay equal to a from-scratch recomputation through a mixed workload with updates, recorded CallSids and deletes', async () => {
    const { db } = database.get();
    const slots = await syncSlots(
      db,
      await defaultJobId(database.get()),
      [
        { start: '2026-12-01T10:00:00-05:00', label: 'Tue 10 AM' },
        { start: '2026-12-02T14:00:00-05:00', label: 'Wed 2 PM' },
        { start: '2026-12-03T11:00:00-05:00', label: 'Thu 11 AM' },
      ],
      50,
    );
    const outcomes: SessionOutcome[] = ['scheduled', 'declined', 'no_answer', 'max_turns', 'opted_out'];
    const intents = ['accept', 'question', 'request_alternatives', 'unclear', null];
    const sids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const row = sessionRow({ start_time: at(i), candidate_phone: `+1555200${String(i % 7).padStart(4, '0')}` });
      sids.push(row.call_sid);
      await insertSession(db, row);
      const turns = i % 6;
      for (let t = 0; t <= turns; t++) {
        await db.transaction().execute(async (trx) => {
          await insertTurn(trx, {
            call_sid: row.call_sid,
            turn_number: t,
            bot_response: 'ok',
            response_twiml: '<Response/>',
            intent: t === 0 ? null : (intents[(i + t) % intents.length] ?? null),
            timestamp: at(i),
          });
          await updateSession(trx, row.call_sid, { turn_count: t });
        });
      }
      if (i % 4 !== 3) {
        const outcome = outcomes[i % outcomes.length] ?? 'declined';
        await db.transaction().execute(async (trx) => {
          if (outcome === 'scheduled') {
            const slotId = slots[i % slots.length]?.id ?? 0;
            await bookSlot(trx, { slotId, callSid: row.call_sid, phone: row.candidate_phone, nowIso: at(i) });
          }
          await updateSession(trx, row.call_sid, {
            status: outcome === 'scheduled' ? 'completed' : 'failed',
            outcome,
            end_time: at(i + 1),
          });
        });
        if (i % 3 === 0) await updateSession(db, row.call_sid, { duration_seconds: 30 + i });
      }
    }
    expect(await readCounters(db)).toEqual(await expectedCounters(db));

    // Twilio's CallSid recorded, a cancelled booking, single and bulk deletes, a retention purge and a raw SQL update.
    await updateSession(db, sids[1] ?? '', { twilio_call_sid: 'CAknown0001' });
    await db.transaction().execute((trx) => cancelBooking(trx, sids[5] ?? ''));
    await deleteSession(db, sids[10] ?? '');
    await deleteByPhone(db, '+15552000003');
    await purgeOlderThan(db, at(6));
    await db.updateTable('conversation_turns').set({ intent: 'goodbye' }).where('intent', '=', 'unclear').execute();
    // One UPDATE of many sessions: counted columns on some rows, only a column that counts nothing on others.
    await db
      .updateTable('conversation_sessions')
      .set((eb) => ({ turn_count: eb('turn_count', '+', 1) }))
      .where('status', '=', 'active')
      .execute();
    await db.updateTable('conversation_sessions').set({ state: '{}' }).execute();
    await db.deleteFrom('conversation_turns').where('turn_number', '=', 5).execute();

    expect(await readCounters(db)).toEqual(await expectedCounters(db));
    expect(await getAnalytics(db)).toEqual(await analyticsFromScratch(db));

    // A repair rebuild gives the same figures.
    await recomputeCounters(db);
    expect(await readCounters(db)).toEqual(await expectedCounters(db));
    expect(await getAnalytics(db)).toEqual(await analyticsFromScratch(db));
  });

  it.runIf(dialect === 'postgres')(
    'follow a session update per row, only when a counted column changed; 006 down and up keep them right',
    async () => {
      const { db } = database.get();
      const sessionTriggers = sql`tgrelid = 'conversation_sessions'::regclass and tgname like 'sessions_counters_update%'`;
      const triggers = async () =>
        (await sql<{ tgname: string }>`select tgname from pg_trigger where ${sessionTriggers} order by tgname`.execute(db)).rows.map(
          (r) => r.tgname,
        );
      expect(await triggers()).toEqual(['sessions_counters_update_row']);
      const row = sessionRow({ turn_count: 1 });
      await insertSession(db, row);
      const before = await readCounters(db);
      await updateSession(db, row.call_sid, { state: '{"phase":"x"}', twilio_status: 'in-progress' });
      expect(await readCounters(db)).toEqual(before); // nothing counted changed
      await updateSession(db, row.call_sid, { turn_count: 2 });
      expect((await readCounters(db)).get('turns:2')).toBe(1);
      expect((await readCounters(db)).get('turns:1')).toBeUndefined();
      expect(await readCounters(db)).toEqual(await expectedCounters(db));

      const migrator = new Migrator({ db, provider: staticMigrationProvider });
      expect((await migrator.migrateTo('005_slots_version_open_set')).error).toBeUndefined();
      expect(await triggers()).toEqual(['sessions_counters_update']);
      await updateSession(db, row.call_sid, { turn_count: 3, status: 'completed', outcome: 'declined' });
      expect(await readCounters(db)).toEqual(await expectedCounters(db));
      await migrateToLatest(db);
      expect(await triggers()).toEqual(['sessions_counters_update_row']);
      await updateSession(db, row.call_sid, { turn_count: 4, duration_seconds: 40 });
      expect(await readCounters(db)).toEqual(await expectedCounters(db));
      expect((await readCounters(db)).get('duration_sum')).toBe(40);
    },
  );

  it('are all zero again once every row is gone', async () => {
    const { db } = database.get();
    await insertSession(db, sessionRow({ status: 'completed', outcome: 'declined', turn_count: 3, duration_seconds: 12 }));
    await resetTables(database.get());
    expect(await readCounters(db)).toEqual(new Map());
    expect((await getAnalytics(db)).total_calls).toBe(0);
  });
});
