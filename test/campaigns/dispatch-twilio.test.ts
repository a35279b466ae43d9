import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimAttempt } from '../../src/db/attempts.repo.js';
import { dispatchAttempt } from '../../src/services/campaigns/dispatch.js';
import { reconcileAttempts } from '../../src/services/campaigns/reconcile.js';
import { placeCheckedCall, resolveCandidate } from '../../src/services/start-call.js';
import { AUTH_TOKEN, FIXED_NOW, startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../helpers/fake-twilio.js';
import { attemptsOf, campaignJob, campaignStatus, startCampaign, statusOf } from './dispatch-support.js';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const EXPIRED = new Date(FIXED_NOW.getTime() - 1000).toISOString();

/**
 * The dispatcher and reconcile against a fake Twilio (real phones: calling hours apply), the clock fixed at
 * FIXED_NOW (10 AM in New York). A dial is never repeated: a claimed attempt whose dialler died is resolved from
 * Twilio's list of calls to the number, not by dialling again.
 */
describe.each(DIALECTS)('dispatching to Twilio on %s', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio(AUTH_TOKEN);
    t = await startApp({ dialect, env: twilioEnv(fake.url, ACCOUNT, AUTH_TOKEN) });
    t.deps.webhookBase.url = t.url;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const callsTo = (phone: string) => fake.calls.filter((c) => c.to === phone);
  const only = async (candidateId: number) => {
    const [attempt, more] = await attemptsOf(t, candidateId);
    if (attempt === undefined || more !== undefined) throw new Error('expected one attempt');
    return attempt;
  };

  it('honours calling hours: outside them the attempt goes back to due at the window start, nothing dialled', async () => {
    const phone = '+13105550301';
    const { jobId, ids } = await campaignJob(t, {
      candidates: [{ name: 'Ida Jones', phone, timezone: 'America/New_York' }],
      callingHours: '12:00-13:00',
    });
    await startCampaign(t, jobId);
    const id = ids.get('Ida Jones') ?? 0;
    expect(await dispatchAttempt(t.deps, (await only(id)).id)).toBe('released');
    expect(await only(id)).toMatchObject({ state: 'due', due_at: '2026-11-24T17:00:00.000Z', claimed_by: null });
    expect(callsTo(phone)).toEqual([]);
    expect(await statusOf(t, id)).toBe('new');
  });

  it('an invalid number (Twilio 21211) ends the attempt invalid_number: the candidate unreachable at once, no retry', async () => {
    const phone = '+13105550302';
    fake.script({ [phone]: [{ error: { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." } }] });
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Jo King', phone }] });
    await startCampaign(t, jobId);
    const id = ids.get('Jo King') ?? 0;
    expect(await dispatchAttempt(t.deps, (await only(id)).id)).toBe('ended');
    expect(await only(id)).toMatchObject({ state: 'done', result: 'invalid_number' });
    expect(await statusOf(t, id)).toBe('unreachable');
    expect(await campaignStatus(t, jobId)).toMatchObject({ status: 'finished' });
    expect(callsTo(phone)).toHaveLength(1);
  });

  it('our account refused (401): the attempt back to due and the campaign paused with the reason', async () => {
    const phone = '+13105550303';
    fake.script({ [phone]: [{ error: { status: 401, code: 20003, message: 'Authenticate' } }] });
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Kai Lund', phone }] });
    await startCampaign(t, jobId);
    const id = ids.get('Kai Lund') ?? 0;
    expect(await dispatchAttempt(t.deps, (await only(id)).id)).toBe('released');
    expect(await only(id)).toMatchObject({ state: 'due', claimed_by: null });
    expect(await campaignStatus(t, jobId)).toEqual({ status: 'paused', paused_reason: 'telephony_account' });
  });

  it('a claim whose dialler died after Twilio created the call is resolved from the list, never dialled again', async () => {
    const phone = '+13105550304';
    fake.script(undefined);
    fake.behave({ kind: 'ok', play: false });
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Lia Moss', phone, timezone: 'America/New_York' }] });
    await startCampaign(t, jobId);
    const id = ids.get('Lia Moss') ?? 0;
    const attempt = await only(id);
    const job = await t.deps.database.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();

    // The dead instance: claimed (its lease since expired), made the conversation, sent the REST request, died
    // before it could record Twilio's answer.
    expect(
      await claimAttempt(t.deps.database.db, attempt.id, { instanceId: 'dead:1', nowIso: FIXED_NOW.toISOString(), leaseUntil: EXPIRED }),
    ).toBe(true);
    const { candidate } = resolveCandidate(t.deps, job, { name: 'Lia Moss', phone, timezone: 'America/New_York' });
    const claim = { claimedBy: 'dead:1', claimedAt: FIXED_NOW.toISOString() };
    const placed = await placeCheckedCall(t.deps, { job, candidate, phone, candidateId: id, attemptId: attempt.id, claim, amd: true });
    if (!placed.ok) throw new Error('not placed');
    // Twilio's answer is recorded in one transaction (the session's CallSid, the attempt dialled): undone together.
    await t.deps.database.db
      .updateTable('conversation_sessions')
      .set({ twilio_call_sid: null })
      .where('call_sid', '=', placed.call.conversationId)
      .execute();
    await t.deps.database.db
      .updateTable('call_attempts')
      .set({ state: 'claimed', twilio_call_sid: null, dialled_at: null })
      .where('id', '=', attempt.id)
      .execute();
    expect(callsTo(phone)).toHaveLength(1);
    const sid = callsTo(phone)[0]?.sid ?? '';

    // Another dispatcher finds it taken; reconcile finds Twilio's call, still queued: dialled, its lease renewed.
    expect(await dispatchAttempt(t.deps, attempt.id)).toBe('taken');
    expect(await reconcileAttempts(t.deps)).toBeGreaterThanOrEqual(1);
    const dialled = await only(id);
    expect(dialled).toMatchObject({ state: 'dialled', twilio_call_sid: sid, conversation_id: placed.call.conversationId });
    expect(Date.parse(dialled.lease_until ?? '')).toBeGreaterThan(FIXED_NOW.getTime());
    const session = await t.deps.database.db
      .selectFrom('conversation_sessions')
      .selectAll()
      .where('call_sid', '=', placed.call.conversationId)
      .executeTakeFirstOrThrow();
    expect(session.twilio_call_sid).toBe(sid);
    expect(fake.lists.length).toBeGreaterThan(0);

    // The call ends unheard (its webhooks went to the dead instance); the lease lapses: reconcile ends it from
    // Twilio's record and the end hook writes the retry.
    fake.call(sid)?.move('no-answer');
    await t.deps.database.db.updateTable('call_attempts').set({ lease_until: EXPIRED }).where('id', '=', attempt.id).execute();
    await reconcileAttempts(t.deps);
    const [first, second] = await attemptsOf(t, id);
    expect(first).toMatchObject({ state: 'done', result: 'no_answer' });
    expect(second).toMatchObject({ number: 2, state: 'due', reason: 'retry' });
    const ended = await t.deps.database.db
      .selectFrom('conversation_sessions')
      .select(['status', 'outcome', 'twilio_status'])
      .where('call_sid', '=', placed.call.conversationId)
      .executeTakeFirstOrThrow();
    expect(ended).toEqual({ status: 'failed', outcome: 'no_answer', twilio_status: 'no-answer' });
    expect(await statusOf(t, id)).toBe('callback');
    expect(callsTo(phone)).toHaveLength(1);
  });

  it('a claim whose dialler died before the REST request (Twilio has no call) goes back to due, to be dialled once', async () => {
    const phone = '+13105550305';
    const { jobId, ids } = await campaignJob(t, { candidates: [{ name: 'Max Nunn', phone }] });
    await startCampaign(t, jobId);
    const id = ids.get('Max Nunn') ?? 0;
    const attempt = await only(id);
    await claimAttempt(t.deps.database.db, attempt.id, { instanceId: 'dead:2', nowIso: FIXED_NOW.toISOString(), leaseUntil: EXPIRED });
    await reconcileAttempts(t.deps);
    expect(await only(id)).toMatchObject({ state: 'due', claimed_by: null, lease_until: null, conversation_id: null });
    expect(callsTo(phone)).toEqual([]);
    expect(await dispatchAttempt(t.deps, attempt.id)).toBe('dialled');
    expect(callsTo(phone)).toHaveLength(1);
    expect(callsTo(phone)[0]?.form).toMatchObject({ MachineDetection: 'DetectMessageEnd', AsyncAmd: 'true' });
  });
});
