import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSlot, insertSession } from '../../src/db/index.js';
import { sessionRow } from '../db/support.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp, type TestApp } from '../helpers/app.js';

const JOB = { title: 'Data Engineer', company: 'Acme', timezone: 'America/Chicago', interview_minutes: 30 };

describe.each(DIALECTS)('job slots API (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect, env: { SLOT_CAPACITY: '2' } });
  });
  afterAll(() => t.close());

  const newJob = async (fields: Record<string, unknown> = {}) => (await t.admin('POST', '/jobs', { ...JOB, ...fields })).body.id as number;

  async function book(slotId: number): Promise<string> {
    const db = t.deps.database.db;
    const call = sessionRow();
    await insertSession(db, call);
    const result = await db
      .transaction()
      .execute((trx) => bookSlot(trx, { slotId, callSid: call.call_sid, phone: call.candidate_phone, nowIso: '2026-11-24T15:00:00Z' }));
    expect(result).toBe('booked');
    return call.call_sid;
  }

  it("adds slots typed in the job's zone or with an offset; a start the job has is reported, not doubled", async () => {
    const id = await newJob();
    const res = await t.admin('POST', `/jobs/${id}/slots`, {
      slots: [
        { start: '2026-12-14T10:00', interviewer_name: 'Pat Lee', interviewer_email: ' Pat.Lee@Example.COM ' },
        { start: '2026-12-14T12:00-05:00', minutes: 60, capacity: 3 },
        { start: '2026-12-14T16:00:00Z' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.duplicates).toEqual(['2026-12-14T10:00:00-06:00']);
    expect(res.body.created).toHaveLength(2);
    expect(res.body.created[0]).toMatchObject({
      start: '2026-12-14T10:00:00-06:00',
      start_utc: '2026-12-14T16:00:00.000Z',
      label: 'Monday, December 14th at 10 AM',
      minutes: 30,
      minutes_from_job: true,
      capacity: 2,
      booked: 0,
      interviewer_name: 'Pat Lee',
      interviewer_email: 'pat.lee@example.com',
      state: 'open',
    });
    expect(res.body.created[1]).toMatchObject({ start: '2026-12-14T11:00:00-06:00', minutes: 60, minutes_from_job: false, capacity: 3 });
    const again = await t.admin('POST', `/jobs/${id}/slots`, { slots: [{ start: '2026-12-14T10:00' }] });
    expect(again.body).toMatchObject({ created: [], duplicates: ['2026-12-14T10:00:00-06:00'] });
    expect((await t.admin('GET', `/jobs/${id}/slots`)).body.items).toHaveLength(2);
  });

  it('refuses bad slots with a clear 4xx and stores none of the request', async () => {
    const id = await newJob();
    const bad: Array<[unknown, number, RegExp]> = [
      [{ slots: [{ start: '2026-12-14T10:00' }, { start: 'tomorrow at ten' }] }, 400, /start/],
      [{ slots: [{ start: '2026-12-14T10:00' }, { start: '2027-03-14T02:30' }] }, 422, /does not exist in America\/Chicago/],
      [{ slots: [{ start: '2026-12-14T10:00', interviewer_email: 'not-an-email' }] }, 422, /interviewer_email/],
      [{ slots: [{ start: '2026-12-14T10:00', capacity: 0 }] }, 400, /capacity/],
      [{ slots: [] }, 400, /slots/],
      [
        {
          slots: [{ start: '2026-12-14T10:00' }],
          weekly: { days: 'Mon', from: '10:00', to: '11:00', minutes: 30, start_date: '2026-12-14' },
        },
        400,
        /body/,
      ],
      [{ weekly: { days: 'Mon-Funday', from: '10:00', to: '11:00', minutes: 30, start_date: '2026-12-14' } }, 422, /weekly.days/],
      [{ weekly: { days: 'Mon', from: '10:00', to: '10:15', minutes: 30, start_date: '2026-12-14' } }, 422, /no 30-minute slot fits/],
    ];
    for (const [body, status, message] of bad) {
      const res = await t.admin('POST', `/jobs/${id}/slots`, body);
      expect({ status: res.status, body }).toEqual({ status, body });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await t.admin('GET', `/jobs/${id}/slots`)).body.items).toEqual([]);
    expect((await t.admin('POST', '/jobs/999999/slots', { slots: [{ start: '2026-12-14T10:00' }] })).status).toBe(404);
  });

  it('a weekly availability makes its slots in the job zone; sent twice, it doubles nothing', async () => {
    const id = await newJob({ timezone: 'America/New_York' });
    const weekly = {
      days: 'Mon-Fri',
      from: '10:00',
      to: '16:00',
      minutes: 45,
      buffer_minutes: 15,
      start_date: '2026-12-14',
      weeks: 2,
      skip_dates: ['2026-12-25'],
      interviewer_email: 'sam@example.com',
    };
    const res = await t.admin('POST', `/jobs/${id}/slots`, { weekly });
    expect(res.status).toBe(201);
    expect(res.body.created).toHaveLength(54);
    expect(res.body.created[0]).toMatchObject({
      start: '2026-12-14T10:00:00-05:00',
      minutes: 45,
      minutes_from_job: false,
      interviewer_email: 'sam@example.com',
    });
    expect(res.body.skipped).toEqual([]);
    const again = await t.admin('POST', `/jobs/${id}/slots`, { weekly });
    expect(again.body.created).toEqual([]);
    expect(again.body.duplicates).toHaveLength(54);
  });

  it('lists upcoming, open, full and past slots; a booked slot is deleted only with its bookings', async () => {
    const id = await newJob();
    const created = (
      await t.admin('POST', `/jobs/${id}/slots`, {
        slots: [{ start: '2026-12-01T09:00', capacity: 1 }, { start: '2026-12-02T09:00' }, { start: '2026-11-20T09:00' }],
      })
    ).body.created;
    const [past, first, second] = created;
    const callSid = await book(first.id);
    const ids = async (query: string) => (await t.admin('GET', `/jobs/${id}/slots${query}`)).body.items.map((s: { id: number }) => s.id);
    expect(await ids('')).toEqual([first.id, second.id]);
    expect(await ids('?state=open')).toEqual([second.id]);
    expect(await ids('?state=full')).toEqual([first.id]);
    expect(await ids('?state=past')).toEqual([past.id]);
    expect((await t.admin('GET', `/jobs/${id}/slots?state=soon`)).status).toBe(400);

    const patched = await t.admin('PATCH', `/jobs/${id}/slots/${first.id}`, { capacity: 1, interviewer_name: 'Kim' });
    expect(patched.body).toMatchObject({ capacity: 1, interviewer_name: 'Kim', booked: 1 });
    const refused = await t.admin('PATCH', `/jobs/${id}/slots/${first.id}`, { capacity: 0 });
    expect(refused.status).toBe(400);
    expect((await t.admin('PATCH', `/jobs/${id}/slots/999999`, { capacity: 2 })).status).toBe(404);

    const kept = await t.admin('DELETE', `/jobs/${id}/slots/${first.id}`);
    expect(kept.status).toBe(409);
    expect(kept.body.error).toMatchObject({ code: 'slot_booked', booked: 1 });
    const gone = await t.admin('DELETE', `/jobs/${id}/slots/${first.id}?cancel_bookings=true`);
    expect(gone.body).toEqual({ id: first.id, cancelled_bookings: 1 });
    const db = t.deps.database.db;
    expect(await db.selectFrom('bookings').select('id').where('call_sid', '=', callSid).execute()).toEqual([]);
    expect(
      (await db.selectFrom('conversation_sessions').select('slot_id').where('call_sid', '=', callSid).executeTakeFirst())?.slot_id,
    ).toBeNull();
    expect(await ids('')).toEqual([second.id]);
    expect((await t.admin('DELETE', `/jobs/${id}/slots/${past.id}`)).status).toBe(200);
  });

  it('capacity below the seats booked is a 409', async () => {
    const id = await newJob();
    const [slot] = (await t.admin('POST', `/jobs/${id}/slots`, { slots: [{ start: '2026-12-05T09:00', capacity: 3 }] })).body.created;
    await book(slot.id);
    await book(slot.id);
    const res = await t.admin('PATCH', `/jobs/${id}/slots/${slot.id}`, { capacity: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'below_booked', booked: 2 });
    expect((await t.admin('PATCH', `/jobs/${id}/slots/${slot.id}`, { capacity: 2 })).body.capacity).toBe(2);
  });
});
