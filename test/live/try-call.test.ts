import { afterEach, describe, expect, it } from 'vitest';
import { signIn, simulatedCall, startApp, userRequest, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../helpers/fake-twilio.js';
import type { JsonBody } from '../helpers/json.js';
import { openSse } from './sse-reader.js';

type Step = { call_sid: string; say: string[]; gather: { input: string } | null; ended: boolean; outcome: string | null };

async function reply(t: TestApp, callSid: string, body: Record<string, string>): Promise<Step> {
  const res = await t.admin('POST', `/try-call/${callSid}/reply`, body);
  expect(res.status).toBe(200);
  return res.body as Step;
}

describe.each(DIALECTS)('try a call (%s)', (dialect) => {
  let t: TestApp | undefined;
  let twilio: FakeTwilio | undefined;
  afterEach(async () => {
    await t?.close();
    await twilio?.close();
    t = undefined;
    twilio = undefined;
  });

  it('books a slot by typed replies, and the call is listed with its outcome', async () => {
    t = await startApp({ dialect });
    const started = await t.admin('POST', '/try-call', {});
    expect(started.status).toBe(201);
    const greeting = started.body as Step;
    expect(greeting.ended).toBe(false);
    expect(greeting.say.join(' ')).toContain('Hello Alex');
    expect(greeting.gather?.input).toContain('speech');

    const readBack = await reply(t, greeting.call_sid, { text: 'tuesday works for me' });
    expect(readBack.ended).toBe(false);
    expect(readBack.say.join(' ')).toMatch(/Just to confirm/);
    const booked = await reply(t, greeting.call_sid, { text: 'yes that is right' });
    expect(booked).toMatchObject({ ended: true, outcome: 'scheduled', gather: null });
    expect(booked.say.length).toBeGreaterThan(0);

    const conversation = (await t.admin('GET', `/conversations/${greeting.call_sid}`)).body;
    expect(conversation).toMatchObject({ status: 'completed', outcome: 'scheduled', telephony: 'simulated', twilio_status: 'completed' });
    expect((conversation.turns as JsonBody[]).map((turn) => turn.user_input)).toEqual([null, 'tuesday works for me', 'yes that is right']);
    const listed = (await t.admin('GET', '/conversations?outcome=scheduled')).body;
    expect((listed.items as JsonBody[]).map((c) => c.call_sid)).toEqual([greeting.call_sid]);
    // Ended: a further reply is told so, and nothing more is stored.
    expect(await reply(t, greeting.call_sid, { text: 'hello?' })).toMatchObject({ ended: true, outcome: 'scheduled', say: [] });
    expect((await t.admin('GET', `/conversations/${greeting.call_sid}`)).body.turn_count).toBe(2);
  });

  it('takes keypad digits once the caller offers the keypad', async () => {
    t = await startApp({ dialect });
    const greeting = (await t.admin('POST', '/try-call', {})).body as Step;
    expect(greeting.gather?.input).toBe('speech');
    await reply(t, greeting.call_sid, {});
    const keypad = await reply(t, greeting.call_sid, {});
    expect(keypad.gather?.input).toBe('speech dtmf');
    expect(keypad.say.join(' ')).toContain('press 1');
    const readBack = await reply(t, greeting.call_sid, { digits: '1' });
    expect(readBack.say.join(' ')).toMatch(/Just to confirm/);
    const booked = await reply(t, greeting.call_sid, { digits: '1' });
    expect(booked).toMatchObject({ ended: true, outcome: 'scheduled' });
    const turns = (await t.admin('GET', `/conversations/${greeting.call_sid}`)).body.turns as JsonBody[];
    expect(turns.map((turn) => turn.intent)).toEqual([null, 'silence', 'silence', 'keypad', 'keypad']);
  });

  it('ends as hung up when the candidate hangs up, and drives no other call', async () => {
    t = await startApp({ dialect });
    const greeting = (await t.admin('POST', '/try-call', {})).body as Step;
    const hung = await t.admin('POST', `/try-call/${greeting.call_sid}/hangup`);
    expect(hung.body).toMatchObject({ ended: true, outcome: 'hung_up' });
    // A real (simulated) call, played to its end so nothing is in flight when the app closes.
    const { callSid: real } = await simulatedCall(t, []);
    expect((await t.admin('POST', `/try-call/${real}/reply`, { text: 'yes' })).status).toBe(404);
    expect((await t.admin('POST', '/try-call', { job_id: 999 })).status).toBe(404);
  });

  it('rings no phone in twilio mode, outside calling hours too', async () => {
    twilio = await startFakeTwilio('tw-token-try');
    t = await startApp({ dialect, env: { ...twilioEnv(twilio.url, `AC${'1'.repeat(32)}`, 'tw-token-try'), CALLING_HOURS: '22:00-23:00' } });
    // A real call is refused at this hour: the check is on, and the try is not subject to it.
    expect((await t.admin('POST', '/make-actual-call', {})).status).toBe(409);
    const greeting = (await t.admin('POST', '/try-call', {})).body as Step;
    expect(greeting.call_sid).toMatch(/^CA[0-9a-f]{32}$/);
    await reply(t, greeting.call_sid, { text: 'tuesday works for me' });
    expect(await reply(t, greeting.call_sid, { text: 'yes' })).toMatchObject({ ended: true, outcome: 'scheduled' });
    expect(twilio.calls).toHaveLength(0);
    expect(twilio.updates).toHaveLength(0);
    expect(twilio.lists).toHaveLength(0);
    // The built-in candidate has no email and no number a text can go to: the booking messages nobody.
    const messages = await t.deps.database.db.selectFrom('messages').select(['channel', 'recipient']).execute();
    expect(messages.filter((m) => m.recipient === 'try-a-call')).toEqual([]);
    expect(messages.filter((m) => m.channel === 'sms')).toEqual([]);
  });

  it('lets a signed-in recruiter try a call and a viewer only watch', async () => {
    t = await startApp({ dialect });
    const recruiter = await signIn(t, 'recruiter');
    const viewer = await signIn(t, 'viewer');
    expect((await userRequest(t, recruiter, 'POST', '/try-call', {}, '')).status).toBe(403);
    const tried = await userRequest(t, recruiter, 'POST', '/try-call', {});
    expect(tried.status).toBe(201);
    const callSid = tried.body.call_sid as string;
    expect((await userRequest(t, viewer, 'POST', `/try-call/${callSid}/reply`, { text: 'yes' })).status).toBe(403);
    const stream = await openSse(`${t.url}/live`, { cookie: viewer.cookie });
    try {
      expect(stream.status).toBe(200);
      const snapshot = await stream.next((e) => e.event === 'snapshot');
      expect((snapshot.data as { calls: JsonBody[] }).calls.map((c) => c.call_sid)).toEqual([callSid]);
      await userRequest(t, recruiter, 'POST', `/try-call/${callSid}/hangup`);
      const ended = await stream.next((e) => e.event === 'call');
      expect(ended.data).toMatchObject({ call_sid: callSid, status: 'ended', outcome: 'hung_up' });
    } finally {
      stream.close();
    }
  });
});
