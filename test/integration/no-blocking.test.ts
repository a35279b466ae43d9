import { afterEach, describe, expect, it } from 'vitest';
import { fakeSlow, startFakeOpenAI } from '../helpers/fake-openai.js';
import type { FakeOpenAI } from '../helpers/fake-openai.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;

/**
 * The prototype slept in a request handler, so one slow turn held up every other call. Here a turn that waits on a
 * slow OpenAI answer must not delay another call's webhook.
 */
describe('a slow turn does not hold up other calls (prototype regression)', () => {
  let t: TestApp;
  let openai: FakeOpenAI;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  afterEach(async () => {
    await t?.close();
    await openai?.close();
    await twilio?.close();
  });

  it('answers another call while one turn waits on the understanding engine', async () => {
    openai = await startFakeOpenAI({ behaviour: fakeSlow(1200, { intent: 'accept', slot: 1, time: null, date: null, confidence: 0.9 }) });
    twilio = await startFakeTwilio('tw-token-9');
    t = await startApp({
      dialect: 'sqlite',
      env: {
        ...twilioEnv(twilio.url, ACCOUNT, 'tw-token-9'),
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseURL,
        UNDERSTANDING_TIMEOUT_MS: '5000',
      },
    });
    const slowSid = (await t.admin('POST', '/make-actual-call', {})).body.call_sid as string;
    const otherSid = (await t.admin('POST', '/make-actual-call', {})).body.call_sid as string;
    await t.twilio('/twilio-voice', { CallSid: slowSid, CallStatus: 'in-progress' });

    let slowDone = false;
    const slow = t
      .twilio('/twilio-process?turn=1', { CallSid: slowSid, CallStatus: 'in-progress', SpeechResult: 'the second one' })
      .then((r) => {
        slowDone = true;
        return r;
      });
    await openai.waitForRequests(1, 5000);
    const other = await t.twilio('/twilio-voice', { CallSid: otherSid, CallStatus: 'in-progress' });
    expect(other.text).toContain('Hello');
    expect(slowDone).toBe(false);
    const slowAnswer = await slow;
    expect(slowAnswer.text).toContain('Just to confirm: Thursday, November 26th at 3 PM');
  });
});
