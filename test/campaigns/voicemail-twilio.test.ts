import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import type { FakeTwilio } from '../helpers/fake-twilio.js';
import { attemptRow, campaignCall, eventually, PEOPLE, sessionOf, voicemailJob } from './voicemail-support.js';
import type { VoicemailJob } from './voicemail-support.js';

const ACCOUNT = `AC${'3'.repeat(32)}`;
const TOKEN = 'tw-token-voicemail';

/**
 * Twilio mode against the fake Twilio: a campaign call asks for asynchronous answering-machine detection; the
 * verdict, posted signed to /twilio-amd, leads to a REST update of the live call with the voicemail TwiML (or a
 * hang-up), and the fake plays it. An unsigned verdict is refused with TwiML.
 */
describe.each(DIALECTS)('voicemail through Twilio on %s', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  let job: VoicemailJob;
  const phone = (name: string) => PEOPLE.find((p) => p.name === name)?.phone ?? '';

  beforeAll(async () => {
    fake = await startFakeTwilio(TOKEN);
    t = await startApp({ dialect, env: twilioEnv(fake.url, ACCOUNT, TOKEN) });
    t.deps.webhookBase.url = t.url;
    job = await voicemailJob(t);
    fake.script({
      [phone('Lee Park')]: [{ result: 'voicemail' }],
      [phone('Dana Cole')]: [{ result: 'answered', replies: ['the first one', 'yes'] }],
      [phone('Ray Moss')]: [{ result: 'fax' }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('the create asks for DetectMessageEnd with async AMD, and the verdict redirects the live call to the message', async () => {
    const call = await campaignCall(t, job, 'Lee Park', 1);
    const created = fake.calls.find((c) => c.to === phone('Lee Park'));
    expect(created?.form).toMatchObject({
      MachineDetection: 'DetectMessageEnd',
      AsyncAmd: 'true',
      AsyncAmdStatusCallback: `${t.url}/twilio-amd?conversation=${call.conversationId}`,
      AsyncAmdStatusCallbackMethod: 'POST',
    });
    await fake.idle();
    const update = fake.updates.find((u) => u.sid === created?.sid);
    expect(update?.form.Twiml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello Lee, this is Alex calling from Globex about your application for ' +
        "Backend Engineer. We'll try you again soon, or you can call us back at 5 0 0, 5 5 5, 0 0 0 6. Thank you.</Say>" +
        '<Hangup/></Response>',
    );
    const recording = await created?.recording;
    expect(recording?.transcript.at(-1)?.text).toContain("We'll try you again soon");
    await eventually(async () => (await sessionOf(t, call.conversationId)).twilio_status === 'completed', 'the final status');
    expect(await sessionOf(t, call.conversationId)).toMatchObject({
      status: 'failed',
      outcome: 'voicemail',
      answered_by: 'machine_end_beep',
    });
    expect(await attemptRow(t, call.attemptId)).toMatchObject({ state: 'done', result: 'voicemail' });
  });

  it('a person is detected as human: no update is sent, and the call books', async () => {
    const call = await campaignCall(t, job, 'Dana Cole', 1);
    await fake.idle();
    const created = fake.calls.find((c) => c.to === phone('Dana Cole'));
    expect(fake.updates.filter((u) => u.sid === created?.sid)).toEqual([]);
    await eventually(async () => (await sessionOf(t, call.conversationId)).twilio_status === 'completed', 'the final status');
    expect(await sessionOf(t, call.conversationId)).toMatchObject({ outcome: 'scheduled', answered_by: 'human' });
  });

  it('a fax is hung up on through the REST API (Status=completed)', async () => {
    const call = await campaignCall(t, job, 'Ray Moss', 1);
    await fake.idle();
    const created = fake.calls.find((c) => c.to === phone('Ray Moss'));
    expect(fake.updates.filter((u) => u.sid === created?.sid).map((u) => u.form)).toEqual([{ Status: 'completed' }]);
    expect(await sessionOf(t, call.conversationId)).toMatchObject({ outcome: 'hung_up', answered_by: 'fax' });
    expect(fake.call(created?.sid ?? '')?.status).toBe('completed');
  });

  it('an unsigned (or forged) verdict is refused with TwiML and changes nothing', async () => {
    const session = await t.deps.database.db
      .selectFrom('conversation_sessions')
      .selectAll()
      .orderBy('start_time')
      .executeTakeFirstOrThrow();
    const form = { AccountSid: ACCOUNT, CallSid: session.twilio_call_sid ?? '', AnsweredBy: 'machine_end_beep' };
    for (const signature of ['', 'forged']) {
      const res = await t.twilio(`/twilio-amd?conversation=${session.call_sid}`, form, signature);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/xml');
      expect(res.text).toContain('<Response><Hangup/></Response>');
    }
    expect(await sessionOf(t, session.call_sid)).toEqual(session);
  });
});
