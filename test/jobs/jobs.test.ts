import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSlot, insertSession } from '../../src/db/index.js';
import { sessionRow } from '../db/support.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../helpers/databases.js';
import { simulatedCall, startApp, type TestApp } from '../helpers/app.js';

const JOB = { title: 'Data Engineer', company: 'Acme', timezone: 'America/Los_Angeles', interview_minutes: 30 };

describe.each(DIALECTS)('jobs API (%s)', (dialect) => {
  let t: TestApp;
  let database: FreshDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    t = await startApp({
      dialect,
      database,
      env: { CANDIDATE_POSITION: 'Backend Developer', INTERVIEW_SLOTS: '2026-12-01T14:00,2026-12-02T11:00' },
    });
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('the default job is made from the settings, holds the configured slots, and calls without a job book into it', async () => {
    const list = await t.admin('GET', '/jobs');
    expect(list.status).toBe(200);
    const defaults = list.body.items.filter((j: { is_default: boolean }) => j.is_default);
    expect(defaults).toHaveLength(1);
    const job = defaults[0];
    expect(job).toMatchObject({
      title: 'Backend Developer',
      company: 'TechCorp',
      timezone: 'America/New_York',
      interview_minutes: 45,
      format: 'video call',
      calling_hours: '00:00-24:00',
      max_turns: 6,
      status: 'open',
    });
    const slots = await t.admin('GET', `/jobs/${job.id}/slots`);
    expect(slots.body.items.map((s: { start: string }) => s.start)).toEqual(['2026-12-01T14:00:00-05:00', '2026-12-02T11:00:00-05:00']);

    const { conversation } = await simulatedCall(t, ['tuesday works for me', 'yes that is right']);
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.confirmed_slot_start).toBe('2026-12-01T14:00:00-05:00');
    const full = await t.admin('GET', `/jobs/${job.id}/slots?state=full`);
    expect(full.body.items.map((s: { start: string; booked: number }) => [s.start, s.booked])).toEqual([['2026-12-01T14:00:00-05:00', 1]]);
  });

  it('a restart keeps the one default job and its bookings, and takes changed settings', async () => {
    const before = (await t.admin('GET', '/jobs')).body.items.find((j: { is_default: boolean }) => j.is_default);
    await t.close();
    t = await startApp({
      dialect,
      database,
      env: { CANDIDATE_POSITION: 'Platform Engineer', INTERVIEW_SLOTS: '2026-12-01T14:00,2026-12-02T11:00' },
    });
    const jobs = (await t.admin('GET', '/jobs')).body.items.filter((j: { is_default: boolean }) => j.is_default);
    expect(jobs).toEqual([expect.objectContaining({ id: before.id, title: 'Platform Engineer' })]);
    const slots = (await t.admin('GET', `/jobs/${before.id}/slots`)).body.items;
    expect(slots.map((s: { booked: number }) => s.booked)).toEqual([1, 0]);
  });

  it('creates a job, taking what is left out from the settings, and reads and changes it', async () => {
    const created = await t.admin('POST', '/jobs', JOB);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...JOB,
      format: 'video call',
      calling_hours: '00:00-24:00',
      max_turns: 6,
      status: 'open',
      is_default: false,
    });
    expect(created.body.location).toBeNull();
    const id = created.body.id;
    expect((await t.admin('GET', `/jobs/${id}`)).body).toEqual(created.body);
    const patched = await t.admin('PATCH', `/jobs/${id}`, {
      status: 'paused',
      location: 'https://meet.example.com/x',
      calling_hours: '09:00-17:00',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      status: 'paused',
      location: 'https://meet.example.com/x',
      calling_hours: '09:00-17:00',
      title: JOB.title,
    });
    expect((await t.admin('GET', '/jobs?status=paused')).body.items.map((j: { id: number }) => j.id)).toEqual([id]);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const count = async () => (await t.admin('GET', '/jobs')).body.items.length;
    const before = await count();
    const cases: Array<[unknown, number, RegExp]> = [
      [{ ...JOB, timezone: 'Mars/Olympus' }, 422, /timezone: unknown IANA time zone/],
      [{ ...JOB, calling_hours: '17:00-09:00' }, 422, /calling_hours/],
      [{ ...JOB, calling_hours: '9-5' }, 400, /calling_hours/],
      [{ ...JOB, interview_minutes: 3 }, 400, /interview_minutes/],
      [{ ...JOB, max_turns: 21 }, 400, /max_turns/],
      [{ ...JOB, status: 'archived' }, 400, /status/],
      [{ ...JOB, title: 'Engineer\u0000' }, 422, /title: holds a character/],
      [{ ...JOB, title: '   ' }, 422, /title: must not be empty/],
      [{ ...JOB, salary: 100 }, 400, /additional|salary/i],
      [{ company: 'Acme' }, 400, /title/],
    ];
    for (const [body, status, message] of cases) {
      const res = await t.admin('POST', '/jobs', body);
      expect({ status: res.status, body }).toEqual({ status, body });
      expect(res.body.error.message).toMatch(message);
    }
    expect(await count()).toBe(before);
    expect((await t.admin('GET', '/jobs/999999')).status).toBe(404);
    expect((await t.admin('GET', '/jobs/abc')).status).toBe(400);
    expect((await t.admin('PATCH', '/jobs/999999', { status: 'open' })).status).toBe(404);
    expect((await t.admin('PATCH', `/jobs/1`, {})).status).toBe(400);
  });

  it("the default job's setting-backed fields are refused (they come back from the settings), and it cannot be deleted", async () => {
    const job = (await t.admin('GET', '/jobs')).body.items.find((j: { is_default: boolean }) => j.is_default);
    const res = await t.admin('PATCH', `/jobs/${job.id}`, { title: 'Other', description: 'Remote friendly' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'default_job_follows_settings' });
    expect(res.body.error.message).toContain('title (CANDIDATE_POSITION)');
    expect((await t.admin('GET', `/jobs/${job.id}`)).body.description).toBeNull();
    expect((await t.admin('PATCH', `/jobs/${job.id}`, { description: 'Remote friendly' })).body.description).toBe('Remote friendly');
    expect((await t.admin('DELETE', `/jobs/${job.id}`)).body.error.code).toBe('default_job');
  });

  it('DELETE is refused while interviews are booked to come; ?cancel_bookings=true cancels them and says how many', async () => {
    const job = (await t.admin('POST', '/jobs', JOB)).body;
    const added = await t.admin('POST', `/jobs/${job.id}/slots`, {
      slots: [{ start: '2026-12-03T10:00' }, { start: '2026-11-20T10:00' }],
    });
    expect(added.status).toBe(201);
    const [future, past] = added.body.created
      .map((s: { id: number; start_utc: string }) => s)
      .sort((a: { start_utc: string }, b: { start_utc: string }) => (a.start_utc < b.start_utc ? 1 : -1));
    const db = t.deps.database.db;
    const calls = [sessionRow({ job_id: job.id }), sessionRow({ job_id: job.id })];
    for (const [i, slot] of [future, past].entries()) {
      const call = calls[i] ?? sessionRow();
      await insertSession(db, call);
      const booked = await db
        .transaction()
        .execute((trx) =>
          bookSlot(trx, { slotId: slot.id, callSid: call.call_sid, phone: call.candidate_phone, nowIso: '2026-11-01T00:00:00Z' }),
        );
      expect(booked).toBe('booked');
    }

    const refused = await t.admin('DELETE', `/jobs/${job.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'job_has_bookings', booked: 1 });
    expect((await t.admin('GET', `/jobs/${job.id}`)).status).toBe(200);

    const deleted = await t.admin('DELETE', `/jobs/${job.id}?cancel_bookings=true`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: job.id, cancelled_bookings: 1 });
    expect((await t.admin('GET', `/jobs/${job.id}`)).status).toBe(404);
    // The calls stay, without a job or a slot; their bookings are gone.
    const rows = await db
      .selectFrom('conversation_sessions')
      .select(['job_id', 'slot_id'])
      .where(
        'call_sid',
        'in',
        calls.map((c) => c.call_sid),
      )
      .execute();
    expect(rows).toEqual([
      { job_id: null, slot_id: null },
      { job_id: null, slot_id: null },
    ]);
    expect(
      await db
        .selectFrom('bookings')
        .select('id')
        .where(
          'call_sid',
          'in',
          calls.map((c) => c.call_sid),
        )
        .execute(),
    ).toEqual([]);
    expect(await db.selectFrom('slots').select('id').where('job_id', '=', job.id).execute()).toEqual([]);
  });

  it('the jobs routes are in the OpenAPI document under the jobs tag, with response schemas', async () => {
    const doc = await (await fetch(`${t.url}/docs/json`)).json();
    for (const [path, method] of [
      ['/jobs', 'post'],
      ['/jobs', 'get'],
      ['/jobs/{id}', 'patch'],
      ['/jobs/{id}', 'delete'],
      ['/jobs/{id}/slots', 'post'],
      ['/jobs/{id}/slots/{slot_id}', 'delete'],
    ] as const) {
      const op = doc.paths[path]?.[method];
      expect(op?.tags).toEqual(['jobs']);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['401', '404', '422']));
    }
    expect(doc.paths['/jobs/{id}/slots'].post.requestBody.content['application/json'].schema.properties.weekly.description).toMatch(/DST/);
  });
});
