import { afterEach, describe, expect, it } from 'vitest';
import { startApp, placeCall } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';

const ACCOUNT = `AC${'3'.repeat(32)}`;
const TOKEN = 'tw-token-deliveries';
const TUESDAY = '2026-12-01T14:00:00-05:00';
/** How many copies of one webhook are fired at once. */
const COPIES = 8;

/** Twilio retries and reorders: the same webhook many times at once, and status callbacks in any order. */
describe.each(DIALECTS)('duplicate and out-of-order deliveries on %s', (dialect) => {
  let t: TestApp | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
    t = fake = undefined;
  });

  async function start(): Promise<TestApp> {
    fake = await startFakeTwilio(TOKEN);
    t = await startApp({
      dialect,
      env: {
        ...twilioEnv(fake.url, ACCOUNT, TOKEN),
      },
    });
    return t;
  }

  const dial = placeCall;

  const form = (callSid: string, extra: Record<string, string> = {}) => ({
    CallSid: callSid,
    AccountSid: ACCOUNT,
    From: '+15005550006',
    To: '+14155550123',
    CallStatus: 'in-progress',
    ...extra,
  });

  /** Fires COPIES identical deliveries at once; all must be 200 with the very same TwiML. */
  async function burst(app: TestApp, path: string, fields: Record<string, string>): Promise<string> {
    const answers = await Promise.all(Array.from({ length: COPIES }, () => app.twilio(path, fields)));
    expect(answers.map((a) => a.status)).toEqual(Array(COPIES).fill(200));
    const texts = new Set(answers.map((a) => a.text));
    expect([...texts], 'the copies were answered differently').toHaveLength(1);
    return answers[0]!.text;
  }

  it('the same turn delivered many times at once is stored once, books once, and every copy gets the same TwiML', async () => {
    const app = await start();
    const callSid = await dial(app);
    const greeting = await burst(app, '/twilio-voice', form(callSid));
    expect(greeting).toContain('twilio-process?turn=1');
    const readBack = await burst(app, '/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday at two' }));
    expect(readBack).toContain('Just to confirm: Tuesday, December 1st at 2 PM');
    const booked = await burst(app, '/twilio-process?turn=2', form(callSid, { SpeechResult: 'yes' }));
    expect(booked).toContain('your interview is booked for Tuesday, December 1st at 2 PM');

    const conversation = (await app.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation.turns.map((x: { turn_number: number }) => x.turn_number)).toEqual([0, 1, 2]);
    expect(conversation.turn_count).toBe(2);
    expect(conversation.outcome).toBe('scheduled');
    const slots = (await app.admin('GET', '/')).body.slots as Array<{ start: string; booked: number }>;
    expect(slots.find((s) => s.start === TUESDAY)?.booked).toBe(1);
    expect((await app.admin('GET', '/analytics')).body.by_outcome.scheduled).toBe(1);
  });

  it('concurrent copies of a turn for a slot another call is taking: one answer for all copies, one booking in all', async () => {
    const app = await start();
    const [a, b] = [await dial(app), await dial(app)];
    for (const sid of [a, b]) {
      await app.twilio('/twilio-voice', form(sid));
      await app.twilio('/twilio-process?turn=1', form(sid, { SpeechResult: 'tuesday at two' }));
    }
    const [answerA, answerB] = await Promise.all([
      burst(app, '/twilio-process?turn=2', form(a, { SpeechResult: 'yes' })),
      burst(app, '/twilio-process?turn=2', form(b, { SpeechResult: 'yes' })),
    ]);
    expect([answerA, answerB].filter((x) => x.includes('your interview is booked')).length).toBe(1);
    expect([answerA, answerB].filter((x) => x.includes('was just taken')).length).toBe(1);
    const slots = (await app.admin('GET', '/')).body.slots as Array<{ start: string; booked: number }>;
    expect(slots.find((s) => s.start === TUESDAY)?.booked).toBe(1);
    for (const sid of [a, b]) {
      expect((await app.admin('GET', `/conversations/${sid}`)).body.turns).toHaveLength(3);
    }
  });

  /** The four callbacks of an answered call that hung up before the conversation ended. */
  const CALLBACKS: Array<Record<string, string>> = [
    { CallStatus: 'initiated', SequenceNumber: '0' },
    { CallStatus: 'ringing', SequenceNumber: '1' },
    { CallStatus: 'in-progress', SequenceNumber: '2', AnsweredBy: 'human' },
    { CallStatus: 'completed', SequenceNumber: '3', CallDuration: '42' },
  ];

  function expectFinal(conversation: Record<string, unknown>, order: string) {
    expect(
      [conversation.twilio_status, conversation.duration_seconds, conversation.answered_by, conversation.status, conversation.outcome],
      order,
    ).toEqual(['completed', 42, 'human', 'failed', 'hung_up']);
  }

  it('status callbacks in every order (one after another) end in the same state', async () => {
    const app = await start();
    for (const order of permutations([0, 1, 2, 3])) {
      const callSid = await dial(app);
      for (const i of order) {
        const res = await app.twilio('/twilio-status', form(callSid, CALLBACKS[i]));
        expect(res.status).toBe(204);
      }
      expectFinal((await app.admin('GET', `/conversations/${callSid}`)).body, order.join(','));
    }
  });

  it('status callbacks all at once, each twice, end in the same state', async () => {
    const app = await start();
    const sids = await Promise.all(Array.from({ length: 6 }, () => dial(app)));
    await Promise.all(sids.flatMap((sid) => [...CALLBACKS, ...CALLBACKS].map((fields) => app.twilio('/twilio-status', form(sid, fields)))));
    for (const sid of sids) expectFinal((await app.admin('GET', `/conversations/${sid}`)).body, sid);
  });
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
