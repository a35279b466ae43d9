import { beforeEach, describe, expect, it } from 'vitest';
import {
  bookSlot,
  getAnalytics,
  insertSession,
  insertTurn,
  syncSlots,
  type NewSession,
  type NewTurn,
  type SessionOutcome,
  type SessionStatus,
} from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { at, defaultJobId, resetTables, sessionRow, useDatabase } from './support.js';

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe.each(DIALECTS)('analytics (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  it('is all zeros on an empty database', async () => {
    expect(await getAnalytics(database.get().db)).toEqual({
      total_calls: 0,
      by_status: {},
      by_outcome: {},
      success_rate: 0,
      average_turns: 0,
      turns_histogram: {},
      slot_preferences: [],
      intent_distribution: {},
      average_duration_seconds: null,
      active_calls: 0,
    });
  });

  it('matches figures computed from a hand-built fixture', async () => {
    const { db } = database.get();
    const slots = await syncSlots(
      db,
      await defaultJobId(database.get()),
      [
        { start: '2026-12-01T10:00:00-05:00', label: 'Tue 10 AM' },
        { start: '2026-12-02T14:00:00-05:00', label: 'Wed 2 PM' },
        { start: '2026-12-03T11:00:00-05:00', label: 'Thu 11 AM' },
      ],
      5,
    );
    const slotIds = slots.map((s) => s.id);

    type Spec = [status: SessionStatus, outcome: SessionOutcome | null, turns: number, duration: number | null, slot: number | null];
    const specs: Spec[] = [
      ['completed', 'scheduled', 4, 95, 0],
      ['completed', 'scheduled', 3, 80, 0],
      ['completed', 'scheduled', 5, 121, 1],
      ['completed', 'declined', 2, 40, null],
      ['completed', 'callback_requested', 3, null, null],
      ['completed', 'opted_out', 1, 15, null],
      ['failed', 'no_answer', 0, null, null],
      ['failed', 'busy', 0, null, null],
      ['failed', 'error', 1, 7, null],
      ['completed', 'max_turns', 6, 230, null],
      ['active', null, 2, null, null],
      ['active', null, 0, null, null],
    ];
    const intentsCycle = ['confirm', 'select_slot', 'decline', 'unclear', null];
    const sessions: NewSession[] = [];
    const turns: NewTurn[] = [];
    const bookings: Array<{ slotId: number }> = [];

    for (const [i, [status, outcome, turnCount, duration, slotIndex]] of specs.entries()) {
      const row = sessionRow({
        start_time: at(i),
        status,
        outcome,
        turn_count: turnCount,
        duration_seconds: duration,
        candidate_phone: `+1555100${String(i).padStart(4, '0')}`,
      });
      sessions.push(row);
      await insertSession(db, row);
      for (let t = 1; t <= turnCount; t++) {
        const turn: NewTurn = {
          call_sid: row.call_sid,
          turn_number: t,
          bot_response: 'ok',
          response_twiml: '<Response/>',
          intent: intentsCycle[(i + t) % intentsCycle.length] ?? null,
          timestamp: at(i),
        };
        turns.push(turn);
        await db.transaction().execute((trx) => insertTurn(trx, turn));
      }
      const slotId = slotIndex === null ? undefined : slotIds[slotIndex];
      if (slotId !== undefined) {
        bookings.push({ slotId });
        await db
          .transaction()
          .execute((trx) => bookSlot(trx, { slotId, callSid: row.call_sid, phone: row.candidate_phone, nowIso: at(i) }));
      }
    }

    const finished = sessions.filter((s) => s.status !== 'active');
    const withDuration = sessions.filter((s) => s.duration_seconds !== null && s.duration_seconds !== undefined);
    const turnCounts = sessions.map((s) => s.turn_count ?? 0);
    const expectedPreferences = slots
      .map((s) => ({
        slot_id: s.id,
        label: s.label,
        start: s.start_time,
        bookings: bookings.filter((b) => b.slotId === s.id).length,
        utc: s.start_utc,
      }))
      .sort((a, b) => b.bookings - a.bookings || (a.utc < b.utc ? -1 : 1))
      .map(({ utc: _utc, ...rest }) => rest);

    const analytics = await getAnalytics(db);
    expect(analytics).toEqual({
      total_calls: sessions.length,
      by_status: countBy(sessions, (s) => s.status),
      by_outcome: countBy(sessions, (s) => s.outcome ?? null),
      success_rate: finished.filter((s) => s.outcome === 'scheduled').length / finished.length,
      average_turns: turnCounts.reduce((a, b) => a + b, 0) / sessions.length,
      turns_histogram: countBy(turnCounts, (n) => String(n)),
      slot_preferences: expectedPreferences,
      intent_distribution: countBy(turns, (t) => t.intent ?? null),
      average_duration_seconds: withDuration.reduce((a, s) => a + (s.duration_seconds ?? 0), 0) / withDuration.length,
      active_calls: sessions.filter((s) => s.status === 'active').length,
    });
    // Spot-check a few against the fixture by hand so a shared mistake in both computations shows up.
    expect(analytics.total_calls).toBe(12);
    expect(analytics.success_rate).toBeCloseTo(3 / 10);
    expect(analytics.slot_preferences[0]).toMatchObject({ label: 'Tue 10 AM', bookings: 2 });
    for (const value of [analytics.total_calls, analytics.average_turns, analytics.active_calls]) {
      expect(typeof value).toBe('number');
    }
  });
});
