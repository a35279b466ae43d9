import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedTelephony } from '../../src/adapters/simulator/simulated-telephony.js';
import { newCallSid } from '../../src/adapters/simulator/simulated-telephony.js';
import { insertSession } from '../../src/db/sessions.repo.js';
import { startCall } from '../../src/services/start-call.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { attemptRow, campaignCall, sessionOf, voicemailJob } from './voicemail-support.js';
import type { VoicemailJob } from './voicemail-support.js';

const CALL_BACK = '+14155550100';
const SPOKEN_CALL_BACK = '4 1 5, 5 5 5, 0 1 0 0';

/**
 * Answering-machine detection with the simulator: a machine whose greeting ends in a beep is left the job's message
 * (heard in the transcript) and the call ends 'voicemail'; a fax or an endless greeting is hung up on; a person is
 * never played the message. The verdict arrives over HTTP at /twilio-amd, signed like every Twilio webhook.
 */
describe.each(DIALECTS)('voicemail with the simulator on %s', (dialect) => {
  let t: TestApp;
  let job: VoicemailJob;
  const played = async (callSid: string) => {
    const recording = await (t.deps.telephony as SimulatedTelephony).finished(callSid);
    if (recording === undefined) throw new Error('the simulated call failed');
    return recording;
  };
  const callerLines = (r: { transcript: Array<{ speaker: string; text: string }> }) =>
    r.transcript.filter((l) => l.speaker === 'caller').map((l) => l.text);

  beforeAll(async () => {
    t = await startApp({ dialect, env: { TWILIO_PHONE_NUMBER: CALL_BACK } });
    job = await voicemailJob(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The job's funnel `reached` count. */
  async function reachedIn(jobId: number): Promise<number> {
    const row = await t.deps.database.db
      .selectFrom('funnel_counters')
      .select('value')
      .where('job_id', '=', jobId)
      .where('metric', '=', 'reached')
      .executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  it('a machine whose greeting ends in a beep hears the message after our greeting started; the call ends voicemail', async () => {
    const call = await campaignCall(t, job, 'Lee Park', 1, { result: 'voicemail' });
    const recording = await played(call.callSid);
    const lines = callerLines(recording);
    expect(lines[0]).toContain('Hello Lee, this is Alex, an automated assistant');
    expect(lines.at(-1)).toBe(
      'Hello Lee, this is Alex calling from Globex about your application for Backend Engineer. ' +
        `We'll try you again soon, or you can call us back at ${SPOKEN_CALL_BACK}. Thank you.`,
    );
    expect(recording.transcript.filter((l) => l.speaker === 'candidate')).toEqual([]);
    expect(recording).toMatchObject({ finalStatus: 'completed', answeredBy: 'machine_end_beep' });
    const session = await sessionOf(t, call.conversationId);
    expect(session).toMatchObject({ status: 'failed', outcome: 'voicemail', answered_by: 'machine_end_beep' });
    expect(session.end_time).not.toBeNull();
    // The campaign's end hook ran in the same transaction.
    expect(await attemptRow(t, call.attemptId)).toMatchObject({ state: 'done', result: 'voicemail' });
    // Answered (and counted reached) before the verdict; the machine's verdict took the count back.
    expect(await reachedIn(job.jobId)).toBe(0);
  });

  it('on the last attempt the message promises no new call, only how to call back', async () => {
    const call = await campaignCall(t, job, 'Dana Cole', 3, { result: 'voicemail' });
    const lines = callerLines(await played(call.callSid));
    expect(lines.at(-1)).toBe(
      'Hello Dana, this is Alex calling from Globex about your application for Backend Engineer. ' +
        `You can call us back at ${SPOKEN_CALL_BACK}. Thank you.`,
    );
  });

  it("the job's own voicemail message is said as written", async () => {
    const own = await voicemailJob(t, { voicemail_message: 'Hi, Globex recruiting here. Please call us back.' });
    const call = await campaignCall(t, own, 'Ray Moss', 1, { result: 'voicemail' });
    expect(callerLines(await played(call.callSid)).at(-1)).toBe('Hi, Globex recruiting here. Please call us back.');
  });

  it('a person who answers is detected as human, is never played the message, and books', async () => {
    const call = await campaignCall(t, job, 'Kim Ode', 1, { replies: ['the first one', 'yes'] });
    const recording = await played(call.callSid);
    const text = callerLines(recording).join('\n');
    expect(text).toContain('your interview is booked');
    expect(text).not.toContain('call us back');
    expect(text).not.toContain('try you again');
    expect(recording.answeredBy).toBe('human');
    expect(await sessionOf(t, call.conversationId)).toMatchObject({ outcome: 'scheduled', answered_by: 'human' });
    expect(await attemptRow(t, call.attemptId)).toMatchObject({ state: 'done', result: 'scheduled' });
    expect(await reachedIn(job.jobId)).toBe(1);
  });

  it.each([['fax'], ['machine_start']] as const)(
    '%s: hung up at once, no message, the call ends hung_up (result machine)',
    async (result) => {
      const name = result === 'fax' ? 'Sam Roe' : 'Ali Noor';
      const call = await campaignCall(t, job, name, 1, { result });
      const recording = await played(call.callSid);
      const text = callerLines(recording).join('\n');
      expect(text).toContain(`Hello ${name.split(' ')[0] ?? ''}, this is Alex`);
      expect(text).not.toContain('call us back');
      expect(recording).toMatchObject({ finalStatus: 'completed', answeredBy: result });
      expect(recording.transcript.filter((l) => l.speaker === 'candidate')).toEqual([]);
      expect(await sessionOf(t, call.conversationId)).toMatchObject({ status: 'failed', outcome: 'hung_up', answered_by: result });
      expect(await attemptRow(t, call.attemptId)).toMatchObject({ state: 'done', result: 'machine' });
    },
  );

  it('a direct call (no attempt) with detection leaves only who called and the number to call back', async () => {
    const started = await startCall(t.deps, {
      jobId: job.jobId,
      amd: true,
      candidate: { name: 'Jo Smith', phone: '+12125550177', timezone: 'America/New_York' },
      simulate: { result: 'voicemail' },
    });
    const lines = callerLines(await played(started.callSid));
    expect(lines.at(-1)).toBe(
      'Hello Jo, this is Alex calling from Globex about your application for Backend Engineer. ' +
        `You can call us back at ${SPOKEN_CALL_BACK}. Thank you.`,
    );
    expect(await sessionOf(t, started.conversationId)).toMatchObject({ outcome: 'voicemail', answered_by: 'machine_end_beep' });
  });

  it('without detection a machine is not told apart: it hears the conversation in silence and nothing is left', async () => {
    for (const result of ['voicemail', 'fax'] as const) {
      const started = await startCall(t.deps, {
        jobId: job.jobId,
        candidate: { name: 'Jo Smith', phone: '+12125550178', timezone: 'America/New_York' },
        simulate: { result },
      });
      const recording = await played(started.callSid);
      expect(callerLines(recording).join('\n')).not.toContain('call us back');
      expect(recording.answeredBy).toBeNull();
      const session = await sessionOf(t, started.conversationId);
      expect(session.outcome).not.toBe('voicemail');
      expect(session.answered_by).toBeNull();
    }
  });

  it('the verdict over HTTP: signed, answered with an empty TwiML document, idempotent; unsigned refused', async () => {
    // A conversation the database holds as active (its call is unknown to the simulator: the redirect fails, logged).
    const id = newCallSid();
    const nowIso = t.deps.now().toISOString();
    await insertSession(t.deps.database.db, {
      call_sid: id,
      twilio_call_sid: id,
      candidate_name: 'Jo Smith',
      candidate_phone: '+12125550179',
      candidate_email: null,
      candidate_position: 'Backend Engineer',
      candidate_company: 'Globex',
      candidate_timezone: 'America/New_York',
      status: 'active',
      outcome: null,
      start_time: nowIso,
      end_time: null,
      confirmed_slot: null,
      confirmed_slot_start: null,
      slot_id: null,
      job_id: job.jobId,
      state: '{}',
      telephony: 'simulated',
      twilio_status: 'in-progress',
      duration_seconds: null,
      answered_by: null,
      error_code: null,
      error_message: null,
      updated_at: nowIso,
    });
    const form = (answeredBy: string) => ({
      AccountSid: `AC${'0'.repeat(32)}`,
      CallSid: id,
      AnsweredBy: answeredBy,
      MachineDetectionDuration: '1800',
    });
    const path = `/twilio-amd?conversation=${id}`;

    const unsigned = await t.twilio(path, form('machine_end_beep'), 'not-a-signature');
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).toContain('<Hangup/>');
    expect((await sessionOf(t, id)).status).toBe('active');

    const unknown = await t.twilio(path, form('unknown'));
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get('content-type')).toContain('text/xml');
    expect(unknown.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await sessionOf(t, id)).toMatchObject({ status: 'active', answered_by: 'unknown' });

    const beep = await t.twilio(path, form('machine_end_silence'));
    expect(beep.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const ended = await sessionOf(t, id);
    expect(ended).toMatchObject({ status: 'failed', outcome: 'voicemail', answered_by: 'machine_end_silence' });

    // Repeated, or a later verdict: the ended call is left alone.
    for (const again of ['machine_end_silence', 'fax', 'human']) {
      expect((await t.twilio(path, form(again))).text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    }
    expect(await sessionOf(t, id)).toEqual(ended);
  });
});
