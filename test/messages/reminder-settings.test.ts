import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { startApp, type TestApp } from '../helpers/app.js';

/** A job's reminders as the API sets them, and what a booking then queues. */
describe.each(DIALECTS)("a job's reminder offsets (%s)", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Books the job's first slot by a simulated call and returns the reminders queued for it (minutes before the start). */
  async function remindersQueued(jobId: number, phone: string): Promise<number[]> {
    await t.admin('POST', `/jobs/${jobId}/slots`, { slots: [{ start: '2026-12-10T15:00' }] });
    const placed = await t.admin('POST', '/make-actual-call', {
      job_id: jobId,
      candidate: { name: 'Rema Indi', phone, email: 'rema@example.com' },
      simulate: { replies: ['the first one', 'yes'] },
    });
    expect(placed.status).toBe(201);
    const telephony = t.deps.telephony as { finished?: (sid: string) => Promise<unknown> };
    await telephony.finished?.(placed.body.call_sid as string);
    const rows = await t.deps.database.db
      .selectFrom('messages as m')
      .innerJoin('bookings as b', 'b.id', 'm.booking_id')
      .innerJoin('slots as s', 's.id', 'b.slot_id')
      .select(['m.due_at', 's.start_utc'])
      .where('s.job_id', '=', jobId)
      .where('m.purpose', '=', 'reminder')
      .where('m.channel', '=', 'sms')
      .execute();
    return rows.map((r) => Math.round((Date.parse(r.start_utc) - Date.parse(r.due_at)) / 60_000)).sort((a, b) => b - a);
  }

  it('default to a day and two hours before, and are queued so', async () => {
    const job = (await t.admin('POST', '/jobs', { title: 'Analyst', company: 'Acme', timezone: 'America/New_York' })).body;
    expect(job.reminder_minutes).toEqual([1440, 120]);
    expect(await remindersQueued(job.id, '+12125550141')).toEqual([1440, 120]);
  });

  it('are set per job (one hour before only, or none) and the booking queues exactly those', async () => {
    const hour = (await t.admin('POST', '/jobs', { title: 'Engineer', company: 'Acme', reminder_minutes: [60] })).body;
    expect(hour.reminder_minutes).toEqual([60]);
    expect(await remindersQueued(hour.id, '+12125550142')).toEqual([60]);
    const none = (await t.admin('POST', '/jobs', { title: 'Designer', company: 'Acme' })).body;
    const patched = await t.admin('PATCH', `/jobs/${none.id}`, { reminder_minutes: [] });
    expect(patched.body.reminder_minutes).toEqual([]);
    expect(await remindersQueued(none.id, '+12125550143')).toEqual([]);
  });

  it('refuses offsets that are not whole minutes from 1 to 14 days, saying which field', async () => {
    const res = await t.admin('POST', '/jobs', { title: 'Tester', company: 'Acme', reminder_minutes: [0] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('reminder_minutes');
  });
});
