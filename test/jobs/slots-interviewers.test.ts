import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSlot, insertSession, listOpenSlots, type BookResult } from '../../src/db/index.js';
import { sessionRow } from '../db/support.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp, type TestApp } from '../helpers/app.js';

const NOW = '2026-11-24T15:00:00Z';

/** Resolves for everyone once `n` parties have arrived. */
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

describe.each(DIALECTS)('an interviewer is one person across jobs (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect });
  });
  afterAll(() => t.close());

  /** Two jobs, each with one slot of the same interviewer (the address typed differently) at overlapping times. */
  async function twoJobs(email: [string, string], starts: [string, string] = ['2026-12-07T10:00', '2026-12-07T10:30']) {
    const ids: number[] = [];
    const slots: number[] = [];
    for (const [i, timezone] of ['America/New_York', 'America/New_York'].entries()) {
      const job = (await t.admin('POST', '/jobs', { title: `Role ${i}`, company: 'Acme', timezone, interview_minutes: 45 })).body;
      const added = await t.admin('POST', `/jobs/${job.id}/slots`, { slots: [{ start: starts[i], interviewer_email: email[i] }] });
      ids.push(job.id);
      slots.push(added.body.created[0].id);
    }
    return { jobs: ids, slots };
  }

  async function call(): Promise<{ call_sid: string; candidate_phone: string }> {
    const row = sessionRow();
    await insertSession(t.deps.database.db, row);
    return row;
  }

  it('once one job books the interviewer, the overlapping slot of the other job is not offered nor bookable', async () => {
    const db = t.deps.database.db;
    const { jobs, slots } = await twoJobs(['Robin@Example.com', 'robin@example.COM']);
    const [jobA = 0, jobB = 0] = jobs;
    const [slotA = 0, slotB = 0] = slots;
    expect(await listOpenSlots(db, jobA, NOW)).toEqual([expect.objectContaining({ id: slotA })]);
    expect(await listOpenSlots(db, jobB, NOW)).toEqual([expect.objectContaining({ id: slotB })]);

    const first = await call();
    const booked = await db
      .transaction()
      .execute((trx) => bookSlot(trx, { slotId: slotA, callSid: first.call_sid, phone: first.candidate_phone, nowIso: NOW }));
    expect(booked).toBe('booked');
    expect(await listOpenSlots(db, jobB, NOW)).toEqual([]);
    const second = await call();
    const refused = await db
      .transaction()
      .execute((trx) => bookSlot(trx, { slotId: slotB, callSid: second.call_sid, phone: second.candidate_phone, nowIso: NOW }));
    expect(refused).toBe('full');
    expect((await db.selectFrom('slots').select('booked_count').where('id', '=', slotB).executeTakeFirstOrThrow()).booked_count).toBe(0);
  });

  it('back-to-back slots of one interviewer do not clash, and another interviewer at the same time is free', async () => {
    const db = t.deps.database.db;
    const { jobs, slots } = await twoJobs(['kai@example.com', 'kai@example.com'], ['2026-12-08T10:00', '2026-12-08T10:45']);
    const other = await twoJobs(['ana@example.com', 'lee@example.com'], ['2026-12-08T10:00', '2026-12-08T10:00']);
    for (const slotId of [slots[0] ?? 0, other.slots[0] ?? 0]) {
      const c = await call();
      expect(
        await db.transaction().execute((trx) => bookSlot(trx, { slotId, callSid: c.call_sid, phone: c.candidate_phone, nowIso: NOW })),
      ).toBe('booked');
    }
    expect((await listOpenSlots(db, jobs[1] ?? 0, NOW)).map((s) => s.id)).toEqual([slots[1]]);
    expect((await listOpenSlots(db, other.jobs[1] ?? 0, NOW)).map((s) => s.id)).toEqual([other.slots[1]]);
  });

  it('two calls racing for the same person in two jobs: exactly one books', async () => {
    const db = t.deps.database.db;
    // SQLite runs one transaction at a time on its one connection: only PostgreSQL can hold both open at once.
    const parties = dialect === 'postgres' ? 2 : 1;
    for (let round = 0; round < 3; round++) {
      const { slots } = await twoJobs(['sky@example.com', 'sky@example.com'], [`2026-12-1${round}T09:00`, `2026-12-1${round}T09:15`]);
      const calls = [await call(), await call()];
      const arrive = barrier(parties);
      const results = await Promise.all(
        slots.map((slotId, i) =>
          db.transaction().execute(async (trx): Promise<BookResult> => {
            await sql`select 1`.execute(trx);
            if (i < parties) await arrive();
            const c = calls[i] ?? calls[0];
            const result = await bookSlot(trx, { slotId, callSid: c?.call_sid ?? '', phone: '+1', nowIso: NOW });
            // Hold the transaction open so that, without the interviewer lock, the other one would check meanwhile.
            await sleep(50);
            return result;
          }),
        ),
      );
      expect(results.sort()).toEqual(['booked', 'full']);
      const seats = await db.selectFrom('slots').select('booked_count').where('id', 'in', slots).execute();
      expect(seats.map((s) => s.booked_count).sort()).toEqual([0, 1]);
    }
  });

  it('a booked slot cannot be handed to an interviewer who is busy then', async () => {
    const db = t.deps.database.db;
    const { jobs, slots } = await twoJobs(['max@example.com', 'noa@example.com'], ['2026-12-09T10:00', '2026-12-09T10:15']);
    for (const slotId of slots) {
      const c = await call();
      await db.transaction().execute((trx) => bookSlot(trx, { slotId, callSid: c.call_sid, phone: c.candidate_phone, nowIso: NOW }));
    }
    const res = await t.admin('PATCH', `/jobs/${jobs[1]}/slots/${slots[1]}`, { interviewer_email: 'MAX@example.com' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('interviewer_busy');
    expect((await t.admin('PATCH', `/jobs/${jobs[1]}/slots/${slots[1]}`, { interviewer_email: 'zoe@example.com' })).status).toBe(200);
  });

  it("a cancelled booking sends its scheduled candidate back to 'callback'", async () => {
    const db = t.deps.database.db;
    const job = (await t.admin('POST', '/jobs', { title: 'QA', company: 'Acme' })).body;
    const [slot] = (await t.admin('POST', `/jobs/${job.id}/slots`, { slots: [{ start: '2026-12-10T13:00' }] })).body.created;
    const candidate = await db
      .insertInto('candidates')
      .values({
        job_id: job.id,
        name: 'Dee',
        phone: '+14155550199',
        status: 'scheduled',
        created_at: NOW,
        updated_at: NOW,
        scheduled_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const c = await call();
    await db
      .transaction()
      .execute((trx) =>
        bookSlot(trx, { slotId: slot.id, callSid: c.call_sid, phone: c.candidate_phone, nowIso: NOW, candidateId: candidate.id }),
      );
    expect(
      (await db.selectFrom('bookings').select('candidate_id').where('call_sid', '=', c.call_sid).executeTakeFirst())?.candidate_id,
    ).toBe(candidate.id);
    expect((await t.admin('DELETE', `/jobs/${job.id}/slots/${slot.id}?cancel_bookings=true`)).body.cancelled_bookings).toBe(1);
    expect((await db.selectFrom('candidates').select('status').where('id', '=', candidate.id).executeTakeFirst())?.status).toBe('callback');
  });
});
