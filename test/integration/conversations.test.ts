import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

const SIX_SLOTS = '2026-11-30T10:00,2026-12-01T14:00,2026-12-02T11:00,2026-12-03T15:00,2026-12-04T09:00,2026-12-04T16:00';

/** Whole calls through HTTP: the simulator plays Twilio against the real webhooks, signed, on each database. */
describe.each(DIALECTS)('whole conversations on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it('books the slot the candidate accepts, after reading it back, and stores every turn', async () => {
    t = await startApp({ dialect });
    const { conversation, transcript } = await simulatedCall(t, ['tuesday works for me', 'yes that is right']);
    expect(conversation.status).toBe('completed');
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.confirmed_slot_start).toBe('2026-12-01T14:00:00-05:00');
    expect(conversation.confirmed_slot).toBe('Tuesday, December 1st at 2 PM');
    expect(conversation.turns.map((x: { turn_number: number }) => x.turn_number)).toEqual([0, 1, 2]);
    expect(conversation.turns[1].user_input).toBe('tuesday works for me');
    expect(conversation.turns[1].intent).toBe('accept');
    const spoken = transcript
      .filter((l) => l.speaker === 'caller')
      .map((l) => l.text)
      .join(' ');
    expect(spoken).toContain('Hello Jordan, this is an automated interview scheduling assistant');
    expect(spoken).toContain('Just to confirm: Tuesday, December 1st at 2 PM Eastern');
    const status = (await t.admin('GET', '/')).body;
    expect(status.slots.find((s: { start: string }) => s.start === '2026-12-01T14:00:00-05:00').booked).toBe(1);
  });

  it('books Thursday for "Monday doesn\'t work but Thursday at three is fine" (the prototype booked Monday)', async () => {
    t = await startApp({ dialect });
    const { conversation } = await simulatedCall(t, ["Monday doesn't work but Thursday at three is fine", 'yes']);
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.confirmed_slot_start).toBe('2026-11-26T15:00:00-05:00');
  });

  it('offers the other slots when asked for alternatives, and books one of those', async () => {
    t = await startApp({ dialect, env: { INTERVIEW_SLOTS: SIX_SLOTS } });
    const { conversation, transcript } = await simulatedCall(t, ['do you have any other times', 'the second one', 'yes']);
    // Two slots on one day are offered with the day said once.
    expect(
      transcript.some((l) => l.text.includes('On Friday, December 4th I have 9 AM or 4 PM')),
      JSON.stringify(transcript),
    ).toBe(true);
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.confirmed_slot_start).toBe('2026-12-04T16:00:00-05:00');
  });

  it('reads back an open proposed time, and offers the nearest slots for a taken one', async () => {
    t = await startApp({ dialect });
    const { conversation, transcript } = await simulatedCall(t, ['could we do friday at 9 am', 'wednesday at eleven then', 'yes']);
    const text = transcript.map((l) => l.text).join('\n');
    expect(text).toMatch(/Friday, November 27th at 9 AM is not available/);
    expect(text).toContain('The nearest open times are');
    expect(conversation.confirmed_slot_start).toBe('2026-11-25T11:00:00-05:00');
  });

  it('re-prompts on silence, offers the keypad after two misses, and takes a key press', async () => {
    t = await startApp({ dialect });
    const { conversation, transcript } = await simulatedCall(t, [null, null, { digits: '2' }, { digits: '1' }]);
    const callerLines = transcript.filter((l) => l.speaker === 'caller').map((l) => l.text);
    expect(callerLines.filter((l) => l.includes("didn't hear")).length).toBe(2);
    expect(callerLines.some((l) => l.includes('press 2 for Thursday, November 26th at 3 PM'))).toBe(true);
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.confirmed_slot_start).toBe('2026-11-26T15:00:00-05:00');
    expect(conversation.turns.map((x: { intent: string }) => x.intent)).toEqual([null, 'silence', 'silence', 'keypad', 'keypad']);
  });

  it('ends after three silences in a row with outcome no_response', async () => {
    t = await startApp({ dialect });
    const { conversation } = await simulatedCall(t, [null, null, null]);
    expect(conversation.status).toBe('failed');
    expect(conversation.outcome).toBe('no_response');
    expect(conversation.turns).toHaveLength(4);
  });

  it('stops at MAX_TURNS, promising no follow-up the service does not send', async () => {
    t = await startApp({ dialect, env: { MAX_TURNS: '3' } });
    const { conversation, transcript } = await simulatedCall(t, ['banana', 'purple elephant', 'hmm', 'tuesday']);
    expect(conversation.status).toBe('failed');
    expect(conversation.outcome).toBe('max_turns');
    expect(conversation.turn_count).toBe(3);
    expect(transcript.at(-1)?.text).toContain("I'm having trouble scheduling over the phone");
    expect(transcript.map((l) => l.text).join(' ')).not.toMatch(/email|call you back/i);
  });

  it.each([
    ["no thanks i'm not interested anymore", 'declined'],
    ['please stop calling me and take me off your list', 'opted_out'],
    ['you have the wrong number', 'wrong_number'],
    ["i'm driving right now can you call me back later", 'callback_requested'],
  ])('ends politely on "%s" with outcome %s', async (reply, outcome) => {
    t = await startApp({ dialect });
    const { conversation } = await simulatedCall(t, [reply]);
    expect(conversation.status).toBe('failed');
    expect(conversation.outcome).toBe(outcome);
    expect(conversation.end_time).not.toBeNull();
  });

  it('puts an opted-out number on the do-not-call list: the next call to it is refused and dials nobody', async () => {
    t = await startApp({ dialect });
    await simulatedCall(t, ['stop calling me']);
    const again = await t.admin('POST', '/make-actual-call', { simulate: { replies: [] } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('do_not_call');
    const list = await t.admin('GET', '/conversations');
    expect(list.body.items).toHaveLength(1);
  });

  it('answers a question about the job from the configuration, then offers again', async () => {
    t = await startApp({ dialect, env: { CANDIDATE_POSITION: 'Data Engineer', CANDIDATE_COMPANY: 'Acme' } });
    const { conversation, transcript } = await simulatedCall(t, ['what company is this for', 'wednesday please', 'yes']);
    expect(transcript.some((l) => l.text.includes('the Data Engineer position'))).toBe(true);
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.turns[1].intent).toBe('question');
  });

  it('passes on a question it cannot answer: stored with its turn and shown with the conversation', async () => {
    t = await startApp({ dialect });
    const { callSid, conversation, transcript } = await simulatedCall(t, ['is there parking near the office', 'wednesday please', 'yes']);
    expect(transcript.some((l) => l.text.includes("I'll pass your question on to the recruiter"))).toBe(true);
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.questions).toEqual([
      { text: 'is there parking near the office', topic: 'other', turn_number: 1, created_at: '2026-11-24T15:00:00.000Z' },
    ]);
    // Erasing the candidate erases what they asked.
    expect((await t.admin('DELETE', `/candidates/${encodeURIComponent('+14155550123')}`)).status).toBe(200);
    expect((await t.admin('GET', `/conversations/${callSid}`)).status).toBe(404);
    const left = await t.deps.database.db.selectFrom('questions').selectAll().execute();
    expect(left).toEqual([]);
  });

  it('"I\'m not available" is no yes (a prototype bug): nothing is booked', async () => {
    t = await startApp({ dialect });
    const { conversation } = await simulatedCall(t, ["i'm not available"]);
    expect(conversation.outcome).not.toBe('scheduled');
    expect(conversation.confirmed_slot).toBeNull();
  });

  it('goes back to offering when the read-back is refused', async () => {
    t = await startApp({ dialect });
    const { conversation, transcript } = await simulatedCall(t, ['monday', 'no', 'thursday', 'yes']);
    expect(transcript.filter((l) => l.text.startsWith('Just to confirm')).length).toBe(2);
    expect(conversation.confirmed_slot_start).toBe('2026-11-26T15:00:00-05:00');
  });
});
