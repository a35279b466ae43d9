import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimAttemptRow, releaseAttempt } from '../../src/db/attempts.repo.js';
import { dispatchClaimed } from '../../src/services/campaigns/dispatch.js';
import { reconcileAttempts } from '../../src/services/campaigns/reconcile.js';
import { placeCheckedCall, resolveCandidate } from '../../src/services/start-call.js';
import { AUTH_TOKEN, FIXED_NOW, startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../helpers/fake-twilio.js';
import { attemptsOf, campaignJob, startCampaign, statusOf } from './dispatch-support.js';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const NOW = FIXED_NOW.toISOString();
const EXPIRED = new Date(FIXED_NOW.getTime() - 1000).toISOString();
const EARLIER = new Date(FIXED_NOW.getTime() - 60_000).toISOString();

/**
 * Never dial twice: a dispatcher whose lease ran out between its claim and the link of the conversation (the write
 * before the REST request) finds its claim gone (reconcile took the attempt back, maybe someone claimed it since) and
 * places no call: no REST request reaches (the fake) Twilio, no conversation, no count, the candidate not moved.
 */
describe.each(DIALECTS)('a claim lost before the REST request on %s', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio(AUTH_TOKEN);
    fake.behave({ kind: 'ok', play: false });
    t = await startApp({ dialect, env: twilioEnv(fake.url, ACCOUNT, AUTH_TOKEN) });
    t.deps.webhookBase.url = t.url;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const db = () => t.deps.database.db;
  const callsTo = (phone: string) => fake.calls.filter((c) => c.to === phone);
  const campaignOf = async (name: string, phone: string) => {
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name, phone, timezone: 'America/New_York' }] });
    await startCampaign(t, jobId);
    const id = ids.get(name) ?? 0;
    const [attempt] = await attemptsOf(t, id);
    if (attempt === undefined) throw new Error('no attempt');
    return { jobId, id, attempt };
  };
  const sessionsOf = (attemptId: number) =>
    db().selectFrom('conversation_sessions').select('call_sid').where('attempt_id', '=', attemptId).execute();
  const placedCount = async (jobId: number) => {
    const row = await db()
      .selectFrom('funnel_counters')
      .select('value')
      .where('job_id', '=', jobId)
      .where('metric', '=', 'calls_placed')
      .executeTakeFirst();
    return Number(row?.value ?? 0);
  };

  it('reconcile took it back and another instance claimed it: the stale batch links nothing and dials nothing', async () => {
    const phone = '+13105550401';
    const { jobId, id, attempt } = await campaignOf('Nia Ortiz', phone);
    const mine = await claimAttemptRow(db(), attempt.id, { instanceId: t.deps.instanceId, nowIso: NOW, leaseUntil: EXPIRED });
    if (mine === undefined) throw new Error('not claimed');
    // This instance stalls past its lease: reconcile finds no call at Twilio and puts the attempt back to due, and
    // another instance claims it.
    await reconcileAttempts(t.deps);
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'due', claimed_by: null }]);
    expect(await claimAttemptRow(db(), attempt.id, { instanceId: 'other:1', nowIso: NOW, leaseUntil: NOW })).toBeDefined();

    // The stalled dispatcher resumes with the claim it read.
    expect(await dispatchClaimed(t.deps, [mine], NOW).get(attempt.id)).toBe('taken');
    expect(callsTo(phone)).toEqual([]);
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'claimed', claimed_by: 'other:1', conversation_id: null, dialled_at: null }]);
    expect(await sessionsOf(attempt.id)).toEqual([]);
    expect(await placedCount(jobId)).toBe(0);
    expect(await statusOf(t, id)).toBe('new');
  });

  it('released and claimed again by this same instance: only the newer claim dials, once', async () => {
    const phone = '+13105550402';
    const { jobId, id, attempt } = await campaignOf('Oto Park', phone);
    const stale = await claimAttemptRow(db(), attempt.id, { instanceId: t.deps.instanceId, nowIso: EARLIER, leaseUntil: EXPIRED });
    if (stale === undefined) throw new Error('not claimed');
    expect(await releaseAttempt(db(), attempt.id, EARLIER, NOW)).toBe(true);
    const fresh = await claimAttemptRow(db(), attempt.id, { instanceId: t.deps.instanceId, nowIso: NOW, leaseUntil: NOW });
    if (fresh === undefined) throw new Error('not claimed again');

    expect(await dispatchClaimed(t.deps, [stale], NOW).get(attempt.id)).toBe('taken');
    expect(callsTo(phone)).toEqual([]);
    expect(await sessionsOf(attempt.id)).toEqual([]);

    expect(await dispatchClaimed(t.deps, [fresh], NOW).get(attempt.id)).toBe('dialled');
    expect(callsTo(phone)).toHaveLength(1);
    const sessions = await sessionsOf(attempt.id);
    expect(sessions).toHaveLength(1);
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'dialled', conversation_id: sessions[0]?.call_sid }]);
    expect(await placedCount(jobId)).toBe(1);
  });

  it('placeCheckedCall under a claim that no longer holds refuses (claim_lost) before any REST request', async () => {
    const phone = '+13105550403';
    const { jobId, id, attempt } = await campaignOf('Pia Quinn', phone);
    await claimAttemptRow(db(), attempt.id, { instanceId: t.deps.instanceId, nowIso: NOW, leaseUntil: EXPIRED });
    await reconcileAttempts(t.deps);
    const job = await db().selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    const { candidate } = resolveCandidate(t.deps, job, { name: 'Pia Quinn', phone, timezone: 'America/New_York' });
    const claim = { claimedBy: t.deps.instanceId, claimedAt: NOW };
    await expect(placeCheckedCall(t.deps, { job, candidate, phone, candidateId: id, attemptId: attempt.id, claim })).rejects.toMatchObject({
      code: 'claim_lost',
    });
    expect(callsTo(phone)).toEqual([]);
    expect(await sessionsOf(attempt.id)).toEqual([]);
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'due', conversation_id: null }]);
  });
  it('reconcile releases a lapsed claim only while it is the same claim and its lease is still expired', async () => {
    const { id, attempt } = await campaignOf('Pia Lund', '+13105550404');
    const LATER = new Date(FIXED_NOW.getTime() + 60_000).toISOString();
    const read = await claimAttemptRow(db(), attempt.id, { instanceId: t.deps.instanceId, nowIso: EARLIER, leaseUntil: EXPIRED });
    if (read === undefined) throw new Error('not claimed');
    // The owner came back and renewed its lease after reconcile read the attempt: it may be dialling now.
    await db().updateTable('call_attempts').set({ lease_until: LATER }).where('id', '=', attempt.id).execute();
    expect(await releaseAttempt(db(), attempt.id, NOW, NOW, { claimedAt: read.claimed_at })).toBe(false);
    // A newer claim (another claim time) is not the one reconcile read.
    await db().updateTable('call_attempts').set({ lease_until: EXPIRED, claimed_at: NOW }).where('id', '=', attempt.id).execute();
    expect(await releaseAttempt(db(), attempt.id, NOW, NOW, { claimedAt: read.claimed_at })).toBe(false);
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'claimed' }]);
    // The same claim, lease still expired: released.
    expect(await releaseAttempt(db(), attempt.id, NOW, NOW, { claimedAt: NOW })).toBe(true);
    expect(await attemptsOf(t, id)).toMatchObject([{ state: 'due', claimed_by: null }]);
  });
});
