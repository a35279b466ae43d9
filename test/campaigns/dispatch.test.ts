import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDoNotCall } from '../../src/db/do-not-call.repo.js';
import { dispatchAttempt } from '../../src/services/campaigns/dispatch.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { attemptsOf, campaignJob, campaignStatus, settled, startCampaign, statusOf } from './dispatch-support.js';

/**
 * The dispatcher, one attempt at a time (no engine running; the clock fixed at FIXED_NOW, 10 AM in New York), on
 * simulated phones: the claim makes a dial happen once, and what must hold at dial time is checked then.
 */
describe.each(DIALECTS)('dispatching campaign attempts on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect });
  });
  afterAll(async () => {
    await t?.close();
  });

  const firstAttempt = async (candidateId: number) => {
    const [attempt] = await attemptsOf(t, candidateId);
    if (attempt === undefined) throw new Error('no attempt');
    return attempt;
  };

  it('claims and dials an attempt once: the session and the attempt name each other, and the end hook ends it', async () => {
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Ana Reyes', phone: '+13105550201' }] });
    await startCampaign(t, jobId);
    const id = ids.get('Ana Reyes') ?? 0;
    const attempt = await firstAttempt(id);
    expect(attempt).toMatchObject({ number: 1, state: 'due', reason: 'first' });

    const [first, second] = await Promise.all([dispatchAttempt(t.deps, attempt.id), dispatchAttempt(t.deps, attempt.id)]);
    expect([first, second].sort()).toEqual(['dialled', 'taken']);
    const sessions = await t.deps.database.db
      .selectFrom('conversation_sessions')
      .selectAll()
      .where('attempt_id', '=', attempt.id)
      .execute();
    expect(sessions).toHaveLength(1);
    expect((await firstAttempt(id)).conversation_id).toBe(sessions[0]?.call_sid);

    await settled(t, jobId);
    const [done] = await attemptsOf(t, id);
    expect(done).toMatchObject({ state: 'done', result: 'scheduled', twilio_call_sid: sessions[0]?.call_sid });
    expect(await statusOf(t, id)).toBe('scheduled');
    expect(await campaignStatus(t, jobId)).toMatchObject({ status: 'finished' });
    const funnel = await t.deps.database.db
      .selectFrom('funnel_counters')
      .select(['metric', 'value'])
      .where('job_id', '=', jobId)
      .where('metric', 'in', ['calls_placed', 'called'])
      .execute();
    expect(Object.fromEntries(funnel.map((r) => [r.metric, Number(r.value)]))).toEqual({ calls_placed: 1, called: 1 });
  });

  it('checks the do-not-call list at dial time: the attempt is done (do_not_call), the candidate opted out, nothing dialled', async () => {
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Bo Chen', phone: '+13105550202' }] });
    await startCampaign(t, jobId);
    // Listed after the import and the start: only the check at dial time can catch it.
    await addDoNotCall(t.deps.database.db, t.deps.doNotCallSecret, '+13105550202', 'asked by email');
    const id = ids.get('Bo Chen') ?? 0;
    expect(await dispatchAttempt(t.deps, (await firstAttempt(id)).id)).toBe('ended');
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'done', result: 'do_not_call', conversation_id: null }]);
    expect(await statusOf(t, id)).toBe('opted_out');
    const calls = await t.deps.database.db.selectFrom('conversation_sessions').select('call_sid').where('candidate_id', '=', id).execute();
    expect(calls).toEqual([]);
    expect(await campaignStatus(t, jobId)).toMatchObject({ status: 'finished' });
  });

  it('dials nothing while the campaign is paused or the job is not open: the attempt goes back to due, unclaimed', async () => {
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Cy Diaz', phone: '+13105550203' }] });
    await startCampaign(t, jobId);
    const id = ids.get('Cy Diaz') ?? 0;
    const attempt = await firstAttempt(id);
    expect((await t.admin('POST', `/jobs/${jobId}/campaign/pause`)).status).toBe(200);
    expect(await dispatchAttempt(t.deps, attempt.id)).toBe('released');
    expect(await firstAttempt(id)).toMatchObject({ state: 'due', claimed_by: null, lease_until: null, due_at: attempt.due_at });

    expect((await t.admin('POST', `/jobs/${jobId}/campaign/resume`)).status).toBe(200);
    expect((await t.admin('PATCH', `/jobs/${jobId}`, { status: 'paused' })).status).toBe(200);
    expect(await dispatchAttempt(t.deps, attempt.id)).toBe('released');
    expect(await firstAttempt(id)).toMatchObject({ state: 'due', claimed_by: null });
    expect(await statusOf(t, id)).toBe('new');
  });

  it('cancels the attempt of a candidate who left meanwhile (withdrawn)', async () => {
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Di Evans', phone: '+13105550204' }] });
    await startCampaign(t, jobId);
    const id = ids.get('Di Evans') ?? 0;
    expect((await t.admin('PATCH', `/candidates/${id}`, { status: 'withdrawn' })).status).toBe(200);
    expect(await dispatchAttempt(t.deps, (await firstAttempt(id)).id)).toBe('ended');
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'cancelled', result: null }]);
    expect(await statusOf(t, id)).toBe('withdrawn');
    expect(await campaignStatus(t, jobId)).toMatchObject({ status: 'finished' });
  });

  it('pauses the campaign (no_open_slots) when the job has no open slot, the attempt back to due', async () => {
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Ed Fox', phone: '+13105550205' }], slotDay: '2026-11-20' });
    await startCampaign(t, jobId);
    const id = ids.get('Ed Fox') ?? 0;
    expect(await dispatchAttempt(t.deps, (await firstAttempt(id)).id)).toBe('released');
    expect(await firstAttempt(id)).toMatchObject({ state: 'due', claimed_by: null });
    expect(await campaignStatus(t, jobId)).toEqual({ status: 'paused', paused_reason: 'no_open_slots' });
  });

  it('ignores calling hours on simulated phones (a simulated call rings nobody)', async () => {
    // 10 AM in New York, a window of noon to 1 PM: a real phone would wait.
    const { jobId, ids } = await campaignJob(t, {
      candidates: [{ name: 'Fay Gill', phone: '+13105550206', timezone: 'America/New_York' }],
      callingHours: '12:00-13:00',
    });
    await startCampaign(t, jobId);
    const id = ids.get('Fay Gill') ?? 0;
    expect(await dispatchAttempt(t.deps, (await firstAttempt(id)).id)).toBe('dialled');
    await settled(t, jobId);
    expect(await statusOf(t, id)).toBe('scheduled');
  });

  it('writes the next attempt after a no-answer (due after the wait, reason retry) and keeps the candidate in callback', async () => {
    const { jobId, ids } = await campaignJob(t, {
      candidates: [{ name: 'Gus Hale', phone: '+13105550207', simulate: { attempts: [{ result: 'no-answer' }] } }],
      retryMinutes: [90, 1440],
    });
    await startCampaign(t, jobId);
    const id = ids.get('Gus Hale') ?? 0;
    expect(await dispatchAttempt(t.deps, (await firstAttempt(id)).id)).toBe('dialled');
    await settled(t, jobId);
    const [first, second] = await attemptsOf(t, id);
    expect(first).toMatchObject({ state: 'done', result: 'no_answer' });
    // FIXED_NOW + 90 minutes; simulated phones: no shift into calling hours.
    expect(second).toMatchObject({ number: 2, state: 'due', reason: 'retry', due_at: '2026-11-24T16:30:00.000Z' });
    expect(await statusOf(t, id)).toBe('callback');
    expect(await campaignStatus(t, jobId)).toMatchObject({ status: 'running' });
  });
});
