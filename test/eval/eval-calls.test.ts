import { describe, expect, it } from 'vitest';
import { clockTimeProblems, promisesIn } from '../../scripts/eval-calls/checks.js';
import { summarize } from '../../scripts/eval-calls/report.js';
import { runSet } from '../../scripts/eval-calls/run.js';
import { scoreCall } from '../../scripts/eval-calls/score.js';
import type { Conversation } from '../../scripts/eval-calls/service.js';
import { parseRows, parseScenarios } from '../../scripts/eval-calls/sets.js';

/** One open slot, so a candidate who says yes twice can only book that slot, whatever the engine. */
const ONLY_SLOT = '2026-12-08T10:00';
const scenarios = parseScenarios({
  single: {
    zone: 'America/New_York',
    now: '2026-12-07T09:00',
    slots: [ONLY_SLOT],
    company: 'Northwind Health',
    position: 'Data Analyst',
    candidate: { name: 'Maria Gomez' },
  },
});
const row = (id: string, expect: { outcome: string; slot: string | null }) =>
  JSON.stringify({ id, kind: 'plain_choice', scenario: 'single', replies: ['yes that works', 'yes'], expect });
// The same call three times: once expected right, twice expecting what the service cannot have done.
const rows = parseRows(
  [
    row('right', { outcome: 'scheduled', slot: ONLY_SLOT }),
    row('other-slot', { outcome: 'scheduled', slot: '2026-12-09T14:00' }),
    row('no-booking', { outcome: 'declined', slot: null }),
  ].join('\n'),
);

describe('whole-call scoring through the real service', () => {
  it('counts a booking of another slot, or of any slot where none was expected, as a wrong booking', async () => {
    const conversations: Conversation[] = [];
    const results = await runSet(
      { rows, scenarios },
      {
        onCall: (_result, conversation) => {
          if (conversation !== undefined) conversations.push(conversation);
        },
      },
    );
    const expectedWrong = rows.filter((r) => r.expect.slot !== ONLY_SLOT).map((r) => r.id);

    expect(results.map((r) => r.got.slot)).toEqual(rows.map(() => ONLY_SLOT));
    expect(results.filter((r) => r.wrongBooking).map((r) => r.id)).toEqual(expectedWrong);
    expect(summarize('inline', results).overall.wrongBookings).toBe(expectedWrong.length);
    for (const result of results.filter((r) => r.wrongBooking)) expect(result.passed).toBe(false);

    // The same played call, with one more caller line that promises, fails on that promise.
    const [first] = conversations;
    const [firstRow] = rows;
    if (first === undefined || firstRow === undefined) throw new Error('no call was played');
    const promise = 'We will send you a confirmation by email.';
    const next = Math.max(...first.turns.map((t) => t.turn_number)) + 1;
    const withPromise = { ...first, turns: [...first.turns, { turn_number: next, user_input: null, bot_response: promise }] };
    const rescored = scoreCall(firstRow, 'America/New_York', withPromise);
    expect(rescored.passed).toBe(false);
    expect(rescored.universal.some((u) => u.includes(promise))).toBe(true);
    expect(rescored.universal.length).toBe(scoreCall(firstRow, 'America/New_York', first).universal.length + 1);
  });
});

describe('universal checks', () => {
  it('flags 24-hour, odd and night-time clock times and passes times spoken as a person says them', () => {
    for (const bad of [
      "I'm sorry, 17:00 is not available.",
      'I am sorry, 9:31 is not available.',
      'Tuesday at 2 AM is not available.',
      'Tuesday at 14 works.',
    ]) {
      expect(clockTimeProblems(bad), bad).not.toEqual([]);
    }
    for (const good of ['Thursday, December 10th at 2:30 PM', 'Tuesday at 9:30 AM or 2 PM', 'a 45-minute video call']) {
      expect(clockTimeProblems(good), good).toEqual([]);
    }
  });

  it('finds promises of confirmations and callbacks but not the do-not-call promise the service keeps', () => {
    for (const promise of [
      'You will receive a confirmation by email.',
      'We will follow up by email.',
      'we will call you back at a better time',
    ]) {
      expect(promisesIn(promise), promise).not.toEqual([]);
    }
    for (const kept of ['Understood. We will not call this number again. Goodbye.', "I'll pass your question on to the recruiter."]) {
      expect(promisesIn(kept), kept).toEqual([]);
    }
  });

  it('keeps the promise to send the details only on the channels the booking queued a confirmation on', () => {
    const both = "Perfect. I'll send the details to your email, with a calendar invite, and by text message. Goodbye.";
    const text = "Perfect. I'll send you the details by text message. Goodbye.";
    expect(promisesIn(both, { callBack: false, confirmation: { email: true, sms: true } })).toEqual([]);
    expect(promisesIn(text, { callBack: false, confirmation: { email: false, sms: true } })).toEqual([]);
    // A channel promised but not queued, or nothing queued: the promise is not kept.
    expect(promisesIn(both, { callBack: false, confirmation: { email: false, sms: true } })).not.toEqual([]);
    expect(promisesIn(text, { callBack: false, confirmation: { email: true, sms: false } })).not.toEqual([]);
    expect(promisesIn(both)).not.toEqual([]);
  });
});
