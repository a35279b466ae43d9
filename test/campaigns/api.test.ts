import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewAttemptRow } from '../../src/db/attempts.table.js';
import { moveCandidateStatus } from '../../src/db/candidates.repo.js';
import { DIALECTS } from '../helpers/databases.js';
import { FIXED_NOW, startApp, type TestApp } from '../helpers/app.js';

// The engine stays off (startApp's default): attempts that stand for dispatched or ended calls are written here.

const HOUR = 3_600_000;

describe.each(DIALECTS)('campaign control and progress (%s)', (dialect) => {
  let t: TestApp;
  let clock = FIXED_NOW;
  let job: number;
  const id: Record<string, number> = {};

  const db = () => t.deps.database.db;
  const attemptsOf = (candidate: string) =>
    db()
      .selectFrom('call_attempts')
      .select(['number', 'state', 'reason', 'due_at'])
      .where('candidate_id', '=', id[candidate] ?? 0)
      .orderBy('number')
      .execute();
  const insertAttempt = (candidate: string, row: Partial<NewAttemptRow>) =>
    db()
      .insertInto('call_attempts')
      .values({
        job_id: job,
        candidate_id: id[candidate] ?? 0,
        number: 1,
        state: 'done',
        due_at: clock.toISOString(),
        reason: 'first',
        created_at: clock.toISOString(),
        updated_at: clock.toISOString(),
        ...row,
      })
      .execute();
  const setAttempt = (candidate: string, number: number, row: Partial<NewAttemptRow>) =>
    db()
      .updateTable('call_attempts')
      .set(row)
      .where('candidate_id', '=', id[candidate] ?? 0)
      .where('number', '=', number)
      .execute();

  beforeAll(async () => {
    t = await startApp({ dialect, now: () => clock });
    const created = await t.admin('POST', '/jobs', { title: 'Data Engineer', company: 'Acme', timezone: 'America/Chicago' });
    job = created.body.id;
    const imported = await t.admin('POST', `/jobs/${job}/candidates`, {
      candidates: ['Ada', 'Bob', 'Cy', 'Di', 'Ed', 'Flo'].map((name, i) => ({ name, phone: `+1415555010${i}` })),
    });
    expect(imported.body.created).toBe(6);
    for (const row of await db().selectFrom('candidates').select(['id', 'name']).where('job_id', '=', job).execute()) id[row.name] = row.id;
    // Di withdrew; Ed asked for a call back on a call before the campaign (attempt 1 done); Flo is booked already.
    expect((await t.admin('PATCH', `/candidates/${id.Di}`, { status: 'withdrawn' })).status).toBe(200);
    await db()
      .transaction()
      .execute(async (trx) => {
        await moveCandidateStatus(trx, id.Ed ?? 0, 'callback', clock.toISOString());
        await moveCandidateStatus(trx, id.Flo ?? 0, 'scheduled', clock.toISOString());
      });
    await insertAttempt('Ed', { result: 'callback', dialled_at: clock.toISOString(), ended_at: clock.toISOString() });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('before a start: progress has no status, and pause, resume, stop answer 404 campaign_not_found', async () => {
    const progress = await t.admin('GET', `/jobs/${job}/campaign`);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ job_id: job, status: null, started_at: null, due_now: 0, attempts_total: 1 });
    expect(progress.body.candidates).toMatchObject({ new: 3, withdrawn: 1, callback: 1, scheduled: 1 });
    for (const action of ['pause', 'resume', 'stop']) {
      const res = await t.admin('POST', `/jobs/${job}/campaign/${action}`);
      expect([action, res.status, res.body.error.code]).toEqual([action, 404, 'campaign_not_found']);
    }
  });

  it('start gives every new or callback candidate one attempt due now (callback: their next number), others none', async () => {
    const res = await t.admin('POST', `/jobs/${job}/campaign`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'running',
      started_at: clock.toISOString(),
      finished_at: null,
      attempts_created: 4,
      due_now: 4,
      in_progress: 0,
      waiting: [],
      waiting_count: 0,
      finished: { callback: 1 },
      attempts_total: 5,
    });
    for (const name of ['Ada', 'Bob', 'Cy']) {
      expect(await attemptsOf(name)).toEqual([{ number: 1, state: 'due', reason: 'first', due_at: clock.toISOString() }]);
    }
    expect((await attemptsOf('Ed')).map((a) => [a.number, a.state, a.reason])).toEqual([
      [1, 'done', 'first'],
      [2, 'due', 'callback'],
    ]);
    expect(await attemptsOf('Di')).toEqual([]);
    expect(await attemptsOf('Flo')).toEqual([]);
    // Statuses are the dispatcher's to move, when it dials.
    const ada = await t.admin('GET', `/candidates/${id.Ada}`);
    expect(ada.body.status).toBe('new');
  });

  it('a second start creates nothing twice and keeps the start time; a candidate imported since is added', async () => {
    const started = clock.toISOString();
    clock = new Date(FIXED_NOW.getTime() + 60_000);
    const again = await t.admin('POST', `/jobs/${job}/campaign`);
    expect(again.body).toMatchObject({ status: 'running', attempts_created: 0, attempts_total: 5, started_at: started });
    await t.admin('POST', `/jobs/${job}/candidates`, { candidates: [{ name: 'Gus', phone: '+14155550109' }] });
    id.Gus = (await db().selectFrom('candidates').select('id').where('phone', '=', '+14155550109').executeTakeFirstOrThrow()).id;
    const third = await t.admin('POST', `/jobs/${job}/campaign`);
    expect(third.body).toMatchObject({ attempts_created: 1, attempts_total: 6, due_now: 5 });
  });

  it('progress counts calls in progress, waits (soonest first, with when) and results, as the dispatcher leaves them', async () => {
    // Ada is on the line; Bob did not answer and waits for a retry in 2 hours; Gus waits for a call back tomorrow.
    await setAttempt('Ada', 1, { state: 'dialled', claimed_at: clock.toISOString(), dialled_at: clock.toISOString() });
    await setAttempt('Bob', 1, { state: 'done', result: 'no_answer', dialled_at: clock.toISOString(), ended_at: clock.toISOString() });
    const retryAt = new Date(clock.getTime() + 2 * HOUR).toISOString();
    const callbackAt = new Date(clock.getTime() + 24 * HOUR).toISOString();
    await setAttempt('Gus', 1, { state: 'done', result: 'callback', dialled_at: clock.toISOString(), ended_at: clock.toISOString() });
    await insertAttempt('Gus', { number: 2, state: 'due', reason: 'callback', due_at: callbackAt });
    await insertAttempt('Bob', { number: 2, state: 'due', reason: 'retry', due_at: retryAt });
    const progress = (await t.admin('GET', `/jobs/${job}/campaign`)).body;
    expect(progress).toMatchObject({
      status: 'running',
      due_now: 2,
      in_progress: 1,
      waiting_count: 2,
      finished: { callback: 2, no_answer: 1 },
      cancelled: 0,
      attempts_total: 8,
    });
    expect(progress.waiting).toEqual([
      { candidate_id: id.Bob, number: 2, due_at: retryAt, reason: 'retry' },
      { candidate_id: id.Gus, number: 2, due_at: callbackAt, reason: 'callback' },
    ]);
    // A wait whose time has come counts as due now.
    clock = new Date(clock.getTime() + 3 * HOUR);
    expect((await t.admin('GET', `/jobs/${job}/campaign`)).body).toMatchObject({ due_now: 3, waiting_count: 1 });
  });

  it('pause and resume: idempotent each, resume refused while the job is not open, start too', async () => {
    expect((await t.admin('POST', `/jobs/${job}/campaign/pause`)).body.status).toBe('paused');
    expect((await t.admin('POST', `/jobs/${job}/campaign/pause`)).body.status).toBe('paused');
    expect((await t.admin('PATCH', `/jobs/${job}`, { status: 'paused' })).status).toBe(200);
    const refused = await t.admin('POST', `/jobs/${job}/campaign/resume`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'job_not_open']);
    const start = await t.admin('POST', `/jobs/${job}/campaign`);
    expect([start.status, start.body.error.code]).toEqual([409, 'job_not_open']);
    expect((await t.admin('PATCH', `/jobs/${job}`, { status: 'open' })).status).toBe(200);
    expect((await t.admin('POST', `/jobs/${job}/campaign/resume`)).body).toMatchObject({ status: 'running', paused_reason: null });
    expect((await t.admin('POST', `/jobs/${job}/campaign/resume`)).body.status).toBe('running');
  });

  it('stop cancels every due attempt and leaves calls on the line; then pause and resume are refused', async () => {
    const stopped = await t.admin('POST', `/jobs/${job}/campaign/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', due_now: 0, waiting_count: 0, in_progress: 1, cancelled: 4 });
    expect((await attemptsOf('Ada'))[0]?.state).toBe('dialled');
    expect((await attemptsOf('Bob')).map((a) => a.state)).toEqual(['done', 'cancelled']);
    expect((await t.admin('POST', `/jobs/${job}/campaign/stop`)).body.status).toBe('stopped');
    const pause = await t.admin('POST', `/jobs/${job}/campaign/pause`);
    expect([pause.status, pause.body.error.code]).toEqual([409, 'campaign_not_running']);
    const resume = await t.admin('POST', `/jobs/${job}/campaign/resume`);
    expect([resume.status, resume.body.error.code]).toEqual([409, 'campaign_ended']);
  });

  it('a start after a stop is a new run: candidates without a pending attempt get their next number', async () => {
    clock = new Date(clock.getTime() + HOUR);
    const res = await t.admin('POST', `/jobs/${job}/campaign`);
    // Ada is still on the line (skipped); Bob 3 (1 done, 2 cancelled), Cy 2, Ed 3, Gus 3.
    expect(res.body).toMatchObject({ status: 'running', started_at: clock.toISOString(), attempts_created: 4 });
    expect((await attemptsOf('Bob')).map((a) => [a.number, a.state, a.reason])).toEqual([
      [1, 'done', 'first'],
      [2, 'cancelled', 'retry'],
      [3, 'due', 'first'],
    ]);
    expect((await attemptsOf('Gus')).at(-1)).toMatchObject({ number: 3, state: 'due', reason: 'first' });
    expect((await attemptsOf('Ed')).at(-1)).toMatchObject({ number: 3, state: 'due', reason: 'callback' });
  });

  it('finished once running with no attempt due, claimed or dialled; stop leaves a finished campaign as it is', async () => {
    await db()
      .updateTable('call_attempts')
      .set({ state: 'done', result: 'declined', ended_at: clock.toISOString() })
      .where('job_id', '=', job)
      .where('state', 'in', ['due', 'dialled'])
      .execute();
    const progress = (await t.admin('GET', `/jobs/${job}/campaign`)).body;
    expect(progress).toMatchObject({ status: 'finished', finished_at: clock.toISOString(), due_now: 0, in_progress: 0 });
    const campaign = await db().selectFrom('campaigns').selectAll().where('job_id', '=', job).executeTakeFirstOrThrow();
    expect(campaign.status).toBe('finished');
    expect((await t.admin('POST', `/jobs/${job}/campaign/stop`)).body.status).toBe('finished');
    const resume = await t.admin('POST', `/jobs/${job}/campaign/resume`);
    expect([resume.status, resume.body.error.code]).toEqual([409, 'campaign_ended']);
  });

  it('a job with nobody to call finishes at once; unknown jobs are 404; the key is required', async () => {
    const empty = (await t.admin('POST', '/jobs', { title: 'Analyst', company: 'Acme' })).body.id;
    const res = await t.admin('POST', `/jobs/${empty}/campaign`);
    expect(res.body).toMatchObject({ status: 'finished', attempts_created: 0, attempts_total: 0, finished_at: clock.toISOString() });
    for (const [method, path] of [
      ['POST', '/jobs/999999/campaign'],
      ['GET', '/jobs/999999/campaign'],
      ['POST', '/jobs/999999/campaign/stop'],
    ] as const) {
      const missing = await t.admin(method, path);
      expect([path, missing.status, missing.body.error.code]).toEqual([path, 404, 'not_found']);
    }
    const anonymous = await fetch(`${t.url}/jobs/${job}/campaign`);
    expect(anonymous.status).toBe(401);
  });
});
