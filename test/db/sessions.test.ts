import { beforeEach, describe, expect, it } from 'vitest';
import {
  countActive,
  deleteByPhone,
  findSession,
  deleteSession,
  getSession,
  insertSession,
  InvalidCursorError,
  listSessions,
  purgeOlderThan,
  updateSession,
  type Session,
  type SessionStatus,
} from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { at, defaultJobId, resetTables, sessionRow, useDatabase } from './support.js';

describe.each(DIALECTS)('sessions repository (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  it('inserts, reads, updates and renames a session', async () => {
    const { db } = database.get();
    const row = sessionRow({ call_sid: 'pending-1b4e28ba', start_time: at(0), updated_at: at(0) });
    await insertSession(db, row);

    const stored = await getSession(db, row.call_sid);
    expect(stored).toMatchObject({ ...row, turn_count: 0, end_time: null, slot_id: null, duration_seconds: null });

    expect(await updateSession(db, row.call_sid, { turn_count: 3, twilio_status: 'in-progress' })).toBe(true);
    const updated = await getSession(db, row.call_sid);
    expect(updated?.turn_count).toBe(3);
    expect(updated?.twilio_status).toBe('in-progress');
    expect(updated !== undefined && updated.updated_at > at(0)).toBe(true);
    expect(updated?.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    // The conversation keeps its id; Twilio's CallSid is recorded beside it, and either finds the conversation.
    expect(await updateSession(db, row.call_sid, { twilio_call_sid: 'CA0123' })).toBe(true);
    expect((await findSession(db, 'CA0123'))?.call_sid).toBe(row.call_sid);
    expect((await findSession(db, row.call_sid))?.twilio_call_sid).toBe('CA0123');
    expect(await findSession(db, 'CA9')).toBeUndefined();
    // Twilio's CallSid belongs to one conversation only.
    await expect(insertSession(db, sessionRow({ twilio_call_sid: 'CA0123' }))).rejects.toThrow();
    expect(await updateSession(db, 'CA-missing', { status: 'failed' })).toBe(false);
  });

  it('updates of different columns, in any order, write exactly what they set', async () => {
    const { db } = database.get();
    const row = sessionRow({ start_time: at(0), updated_at: at(0) });
    await insertSession(db, row);
    const patches = [
      { turn_count: 1, state: '{"a":1}' },
      { status: 'completed' as const, outcome: 'scheduled' as const, end_time: at(9) },
      { turn_count: 2 },
      { state: '{"a":2}', turn_count: 3, updated_at: at(4) },
      { duration_seconds: 42, twilio_status: 'completed', error_code: null },
      { turn_count: 4, state: '{"a":3}' },
    ];
    let want: Record<string, unknown> = { ...row };
    for (const patch of patches) {
      expect(await updateSession(db, row.call_sid, patch)).toBe(true);
      want = { ...want, ...patch };
      const { updated_at, ...stored } = (await getSession(db, row.call_sid))!;
      const { updated_at: wantUpdated, ...rest } = want;
      expect(stored).toMatchObject(rest);
      if ('updated_at' in patch) expect(updated_at).toBe(patch.updated_at);
      else expect(updated_at >= String(wantUpdated)).toBe(true); // now, which may be the same millisecond as the last
      want.updated_at = updated_at;
    }
  });

  it('rejects a second session with the same CallSid', async () => {
    const { db } = database.get();
    const row = sessionRow();
    await insertSession(db, row);
    await expect(insertSession(db, row)).rejects.toThrow();
  });

  it('counts active sessions', async () => {
    const { db } = database.get();
    await insertSession(db, sessionRow({ status: 'active' }));
    await insertSession(db, sessionRow({ status: 'active' }));
    await insertSession(db, sessionRow({ status: 'completed', outcome: 'scheduled' }));
    expect(await countActive(db)).toBe(2);
  });

  it('pages 250 sessions newest first with a keyset cursor, with and without a status filter', async () => {
    const { db } = database.get();
    const statuses: SessionStatus[] = ['active', 'completed', 'failed'];
    const rows = Array.from({ length: 250 }, (_, i) =>
      sessionRow({
        // Ties on start_time (every 3 rows share one) exercise the call_sid tie-breaker.
        call_sid: `CA${String((i * 7919) % 1000).padStart(4, '0')}-${i}`,
        start_time: at(Math.floor(i / 3)),
        status: statuses[i % 3] ?? 'active',
      }),
    );
    for (let i = 0; i < rows.length; i += 50) {
      await db
        .insertInto('conversation_sessions')
        .values(rows.slice(i, i + 50))
        .execute();
    }
    const byKeyDesc = (a: { start_time: string; call_sid: string }, b: { start_time: string; call_sid: string }) =>
      a.start_time === b.start_time ? (a.call_sid < b.call_sid ? 1 : -1) : a.start_time < b.start_time ? 1 : -1;

    const collect = async (status: SessionStatus | undefined, limit: number): Promise<Session[]> => {
      const seen: Session[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 300; pages++) {
        const page = await listSessions(db, { limit, cursor, status });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        if (page.next_cursor === null) return seen;
        expect(page.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        cursor = page.next_cursor;
      }
      throw new Error('pagination did not terminate');
    };

    const all = await collect(undefined, 17);
    expect(all.map((s) => s.call_sid)).toEqual([...rows].sort(byKeyDesc).map((s) => s.call_sid));

    const completed = await collect('completed', 10);
    const expected = rows.filter((r) => r.status === 'completed').sort(byKeyDesc);
    expect(completed.map((s) => s.call_sid)).toEqual(expected.map((s) => s.call_sid));
    expect(new Set(completed.map((s) => s.call_sid)).size).toBe(expected.length);

    const exact = await listSessions(db, { limit: 100, status: 'failed' });
    expect(exact.items).toHaveLength(83);
    expect(exact.next_cursor).toBeNull();
  });

  it('validates limit and cursor', async () => {
    const { db } = database.get();
    await expect(listSessions(db, { limit: 0 })).rejects.toThrow(RangeError);
    await expect(listSessions(db, { limit: 101 })).rejects.toThrow(RangeError);
    await expect(listSessions(db, { limit: 10, cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
    // Well-formed JSON that no page ever issued: a NUL (PostgreSQL text cannot hold it; found by the fuzz test).
    const forged = (key: unknown) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
    await expect(listSessions(db, { limit: 10, cursor: forged(['\u0000', '']) })).rejects.toThrow(InvalidCursorError);
    await expect(listSessions(db, { limit: 10, cursor: forged(['2026-12-01T00:00:00.000Z', 'CA\u0000']) })).rejects.toThrow(
      InvalidCursorError,
    );
  });

  it('deleteByPhone removes every session of that number, with turns and bookings, and frees the seats', async () => {
    const { db } = database.get();
    const [slot] = await db
      .insertInto('slots')
      .values({
        job_id: await defaultJobId(database.get()),
        start_time: '2026-12-01T14:00:00-05:00',
        start_utc: '2026-12-01T19:00:00.000Z',
        label: 'Tue',
        capacity: 5,
      })
      .returning('id')
      .execute();
    const slotId = slot?.id ?? -1;
    const mine = [sessionRow({ candidate_phone: '+15550001111' }), sessionRow({ candidate_phone: '+15550001111' })];
    const other = sessionRow({ candidate_phone: '+15550002222' });
    for (const s of [...mine, other]) {
      await insertSession(db, s);
      await db
        .insertInto('bookings')
        .values({ call_sid: s.call_sid, slot_id: slotId, candidate_phone: s.candidate_phone, created_at: at(0) })
        .execute();
      await db
        .insertInto('conversation_turns')
        .values({ call_sid: s.call_sid, turn_number: 1, bot_response: 'hi', response_twiml: '<Response/>', timestamp: at(0) })
        .execute();
    }
    await db.updateTable('slots').set({ booked_count: 3 }).execute();

    expect(await deleteByPhone(db, '+15550001111')).toBe(2);
    expect(await deleteByPhone(db, '+15550001111')).toBe(0);
    expect((await getSession(db, other.call_sid))?.call_sid).toBe(other.call_sid);
    const slotAfter = await db.selectFrom('slots').select('booked_count').executeTakeFirstOrThrow();
    expect(slotAfter.booked_count).toBe(1);
    const turns = await db.selectFrom('conversation_turns').select('call_sid').execute();
    expect(turns.map((t) => t.call_sid)).toEqual([other.call_sid]);
  });

  it('purgeOlderThan removes sessions started before the cutoff', async () => {
    const { db } = database.get();
    const old = [sessionRow({ start_time: at(-60 * 24 * 40) }), sessionRow({ start_time: at(-60 * 24 * 31) })];
    const recent = [sessionRow({ start_time: at(-60 * 24 * 29) }), sessionRow({ start_time: at(0) })];
    for (const s of [...old, ...recent]) await insertSession(db, s);
    const cutoff = at(-60 * 24 * 30);
    // The cutoff may be given with an offset; it is normalised to UTC first.
    const withOffset = new Date(cutoff).toISOString().replace('Z', '+00:00');
    expect(await purgeOlderThan(db, withOffset)).toBe(2);
    const left = await db.selectFrom('conversation_sessions').select('call_sid').orderBy('start_time').execute();
    expect(left.map((s) => s.call_sid)).toEqual(recent.map((s) => s.call_sid));
    expect(await purgeOlderThan(db, cutoff)).toBe(0);
  });

  it('deleteSession returns false for an unknown call', async () => {
    const { db } = database.get();
    expect(await deleteSession(db, 'CA-nope')).toBe(false);
  });
});
