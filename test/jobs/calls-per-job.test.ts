import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCandidates } from '../../src/services/import-candidates.js';
import { jobFunnel } from '../../src/services/funnel.js';
import { createJob } from '../../src/services/jobs.js';
import { addSlots } from '../../src/services/slots.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

type Reply = string | null;

/** Plays a call through the API (`path` places it) and returns the caller's lines and the conversation's id. */
async function play(t: TestApp, path: string, body: Record<string, unknown>, replies: Reply[]) {
  const res = await t.admin('POST', path, { ...body, simulate: { ...(body.simulate ?? {}), replies } });
  if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const telephony = t.deps.telephony as {
    finished?: (sid: string) => Promise<{ transcript: Array<{ speaker: string; text: string }> } | undefined>;
  };
  const recording = await telephony.finished?.(res.body.call_sid as string);
  const caller = (recording?.transcript ?? []).filter((l) => l.speaker === 'caller').map((l) => l.text);
  return { id: res.body.conversation_id as string, caller: caller.join('\n') };
}

describe.each(DIALECTS)('calls per job on %s', (dialect) => {
  let t: TestApp;
  let jobA: number;
  let jobB: number;
  const candidates = new Map<string, number>();

  const candidate = async (id: number) =>
    t.deps.database.db.selectFrom('candidates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const slotsOf = async (jobId: number) =>
    t.deps.database.db
      .selectFrom('slots')
      .select(['start_time', 'booked_count'])
      .where('job_id', '=', jobId)
      .orderBy('start_utc')
      .execute();
  const bookingsOf = async (candidateId: number) =>
    t.deps.database.db.selectFrom('bookings').selectAll().where('candidate_id', '=', candidateId).execute();
  const idOf = (name: string) => candidates.get(name) ?? 0;

  beforeAll(async () => {
    t = await startApp({ dialect });
    const job = await createJob(t.deps, {
      title: 'Backend Engineer',
      company: 'Globex',
      timezone: 'America/New_York',
      interview_minutes: 45,
      format: 'video call',
      description: 'A backend role on the payments team',
      caller_name: 'Alex',
    });
    jobA = job.id;
    jobB = (await createJob(t.deps, { title: 'Data Analyst', company: 'Globex', timezone: 'America/New_York' })).id;
    // Pat interviews for both jobs: B's 2:30 PM overlaps A's 45-minute 2 PM.
    await addSlots(t.deps, jobA, {
      slots: [{ start: '2026-12-01T14:00', interviewer_email: 'Pat@globex.com' }, { start: '2026-12-02T10:00' }],
    });
    await addSlots(t.deps, jobB, {
      slots: [{ start: '2026-12-01T14:30', interviewer_email: 'pat@globex.com' }, { start: '2026-12-03T09:00' }],
    });
    const list = [
      { name: 'Lee Park', phone: '+13105550101', timezone: 'America/Los_Angeles' },
      { name: 'Dana Cole', phone: '+13105550102', timezone: 'America/Los_Angeles' },
      { name: 'Ray Moss', phone: '+13105550103' },
      { name: 'Kim Ode', phone: '+13105550104' },
    ];
    await importCandidates(t.deps, jobA, { candidates: list });
    const rows = await t.deps.database.db.selectFrom('candidates').select(['id', 'name']).where('job_id', '=', jobA).execute();
    for (const row of rows) candidates.set(row.name, row.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("offers only the job's slots in the candidate's zone with both zones, answers from the job, and books the candidate", async () => {
    const call = await play(t, `/candidates/${idOf('Lee Park')}/call`, {}, [
      'how long is it',
      'what does the job involve',
      'the first one',
      'yes',
    ]);
    expect(call.caller).toContain('this is Alex, an automated assistant calling on behalf of Globex');
    expect(call.caller).toContain('Backend Engineer position');
    expect(call.caller).toContain('Tuesday, December 1st at 2 PM Eastern, 11 AM Pacific your time');
    expect(call.caller).toContain('Wednesday, December 2nd at 10 AM Eastern, 7 AM Pacific your time');
    expect(call.caller).not.toContain('Monday, November 30th'); // the default job's first slot
    expect(call.caller).toContain('The interview is a 45-minute video call.');
    expect(call.caller).toContain('Here is what I can tell you about the role: A backend role on the payments team.');
    expect(call.caller).toContain('your interview is booked for Tuesday, December 1st at 2 PM Eastern, 11 AM Pacific your time.');
    const lee = await candidate(idOf('Lee Park'));
    expect(lee.status).toBe('scheduled');
    expect(lee.scheduled_at).not.toBeNull();
    const bookings = await bookingsOf(lee.id);
    expect(bookings).toHaveLength(1);
    expect(bookings[0]?.call_sid).toBe(call.id);
  });

  it('never offers a slot whose interviewer is booked at that time in another job', async () => {
    const call = await play(t, '/make-actual-call', { job_id: jobB, candidate: { phone: '+13105550199' } }, ['yes', 'yes']);
    expect(call.caller).not.toContain('December 1st');
    expect(call.caller).toContain('The time I have open is Thursday, December 3rd at 9 AM.');
    const slots = await slotsOf(jobB);
    expect(slots.map((s) => s.booked_count)).toEqual([0, 1]);
  });

  it('moves a booking when the candidate books again on a second call: the old seat freed, one booking left', async () => {
    const lee = idOf('Lee Park');
    const before = await bookingsOf(lee);
    const call = await play(t, `/candidates/${lee}/call`, {}, ['yes', 'yes']);
    expect(call.caller).toContain('Wednesday, December 2nd at 10 AM Eastern, 7 AM Pacific your time');
    const after = await bookingsOf(lee);
    expect(after).toHaveLength(1);
    expect(after[0]?.call_sid).toBe(call.id);
    expect(after[0]?.slot_id).not.toBe(before[0]?.slot_id);
    expect((await slotsOf(jobA)).map((s) => s.booked_count)).toEqual([0, 1]);
    const old = await t.admin('GET', `/conversations/${before[0]?.call_sid ?? ''}`);
    expect(old.body.confirmed_slot).not.toBeNull(); // what was said on the first call stays
    expect((await candidate(lee)).status).toBe('scheduled');
    // Pat's 2 PM is free again, so job B offers its 2:30 PM once more.
    const b = await play(t, '/make-actual-call', { job_id: jobB, candidate: { phone: '+13105550198' } }, [null, null, null]);
    expect(b.caller).toContain('Tuesday, December 1st at 2:30 PM');
  });

  it("moves each candidate by how their call ended, and keeps the job's funnel", async () => {
    await play(t, `/candidates/${idOf('Dana Cole')}/call`, {}, ["no thanks, I'm not interested anymore"]);
    await play(t, `/candidates/${idOf('Ray Moss')}/call`, { simulate: { result: 'no-answer' } }, []);
    await play(t, `/candidates/${idOf('Kim Ode')}/call`, {}, ['can you call me back tomorrow']);
    expect((await candidate(idOf('Dana Cole'))).status).toBe('declined');
    expect((await candidate(idOf('Ray Moss'))).status).toBe('unreachable');
    expect((await candidate(idOf('Kim Ode'))).status).toBe('callback');
    const funnel = await jobFunnel(t.deps, jobA);
    expect(funnel).toMatchObject({
      candidates: 4,
      called: 4,
      calls_placed: 5,
      // Lee twice, Dana and Kim once; Ray's call was not answered.
      reached: 4,
      scheduled: 1,
      declined: 1,
      unreachable: 1,
    });
    expect(funnel.by_status.callback).toBe(1);
  });

  it('refuses a call for a paused job with a clear 409, and an unknown job with 404', async () => {
    await t.deps.database.db.updateTable('jobs').set({ status: 'paused' }).where('id', '=', jobB).execute();
    const paused = await t.admin('POST', '/make-actual-call', { job_id: jobB, candidate: { phone: '+13105550197' } });
    expect(paused.status).toBe(409);
    expect(paused.body.error).toMatchObject({ code: 'job_not_open' });
    expect(paused.body.error.message).toContain('paused');
    expect((await t.admin('POST', '/make-actual-call', { job_id: 9999 })).status).toBe(404);
  });

  it("a call without a job is the default job's, as before", async () => {
    const call = await play(t, '/make-actual-call', {}, ['the first one', 'yes']);
    const session = await t.deps.database.db
      .selectFrom('conversation_sessions')
      .selectAll()
      .where('call_sid', '=', call.id)
      .executeTakeFirstOrThrow();
    const defaultJob = await t.deps.database.db.selectFrom('jobs').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow();
    expect(session.job_id).toBe(defaultJob.id);
    expect(session.outcome).toBe('scheduled');
    expect(call.caller).toContain('this is an automated interview scheduling assistant calling on behalf of');
  });
});
