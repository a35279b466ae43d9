import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import { startCall } from '../../src/services/start-call.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;
/** FIXED_NOW is Tuesday November 24th 2026, 10 AM in New York; the campaign's next attempt anyway is Wednesday 2 PM. */
const CALL_BACK = { defaultAt: '2026-11-25T19:00:00.000Z', callingHours: '08:00-21:00' };

/** A call's turns driven one by one through the signed webhooks, as Twilio would. */
describe.each(DIALECTS)('a call back asked for on a campaign call, stored on %s', (dialect) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
  });

  const form = (callSid: string, extra: Record<string, string> = {}) => ({
    CallSid: callSid,
    AccountSid: ACCOUNT,
    From: '+15005550006',
    To: '+14155550123',
    CallStatus: 'in-progress',
    ...extra,
  });

  async function callAndAsk(callBack: typeof CALL_BACK | null, speech: string) {
    fake = await startFakeTwilio('tw-token-5678');
    t = await startApp({ dialect, env: twilioEnv(fake.url, ACCOUNT, 'tw-token-5678') });
    const call = await startCall(t.deps, { candidate: { timezone: 'America/New_York' }, callBack });
    await t.twilio('/twilio-voice', form(call.callSid));
    const reply = await t.twilio('/twilio-process?turn=1', form(call.callSid, { SpeechResult: speech }));
    const turns = await t.deps.database.db
      .selectFrom('conversation_turns')
      .select(['turn_number', 'callback_at'])
      .where('call_sid', '=', call.conversationId)
      .orderBy('turn_number')
      .execute();
    return { twiml: reply.text, turns };
  }

  it('promises the time asked for and stores it (UTC) on the turn that promised it', async () => {
    const { twiml, turns } = await callAndAsk(CALL_BACK, 'sorry im driving can you call me tomorrow after three');
    expect(twiml).toContain("I'll call you back tomorrow at 3 PM.");
    expect(turns).toEqual([
      { turn_number: 0, callback_at: null },
      { turn_number: 1, callback_at: '2026-11-25T20:00:00.000Z' },
    ]);
  });

  it('promises nothing and stores nothing on a call that may not call back', async () => {
    const { twiml, turns } = await callAndAsk(null, 'sorry im driving can you call me tomorrow after three');
    expect(twiml).not.toMatch(/call you back/);
    expect(turns.map((turn) => turn.callback_at)).toEqual([null, null]);
  });
});
