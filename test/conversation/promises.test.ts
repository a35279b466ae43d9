import { describe, expect, it } from 'vitest';
import { promisesOf, say } from '../../src/core/conversation/prompts.js';
import { initialState } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { Action, ConversationEvent, ConversationState, TransitionResult } from '../../src/core/conversation/types.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import { INTENTS, QUESTION_TOPICS } from '../../src/core/understanding/types.js';
import { SLOTS, candidate, interview, slot, started, u } from './helpers.js';

/**
 * Promises the caller may make, and the action that must be in the same result for each to be said. `null`: no
 * action keeps it today, so it must never be said (the confirmations and campaigns capabilities add theirs).
 */
const PROMISE_PATTERNS: ReadonlyArray<{ pattern: RegExp; backedBy: Action['type'] | null }> = [
  { pattern: /pass (your|the|this|that) question on to the recruiter/i, backedBy: 'record_question' },
  { pattern: /not call (this number|you) again/i, backedBy: 'opt_out' },
  { pattern: /\be-?mail|\btext message|\bsms\b|\bconfirmation\b/i, backedBy: null },
  { pattern: /call (you )?back/i, backedBy: 'schedule_callback' },
  { pattern: /follow up|get back to you|be in touch|reach out|let you know/i, backedBy: null },
];

/** Future-tense sentences that promise nothing after the call; any other "will"/"'ll" sentence must be a known promise. */
const NOT_PROMISES = [/I'll let you go/, /I'll stop here/];

function sentences(result: TransitionResult): string[] {
  return result.actions.flatMap((a) => (a.type === 'say' ? a.text.split(/(?<=[.?!])\s+/) : []));
}

/** The problems with one result: a promise said without its action, or an unknown future-tense sentence. */
function broken(result: TransitionResult): string[] {
  const done = new Set(result.actions.map((a) => a.type));
  return sentences(result).flatMap((sentence) => {
    const promises = PROMISE_PATTERNS.filter((p) => p.pattern.test(sentence));
    const unbacked = promises.filter((p) => p.backedBy === null || !done.has(p.backedBy));
    if (unbacked.length > 0) return [`unbacked promise: ${sentence}`];
    const future = /\b(will|won't|shall)\b|'ll\b|going to/i.test(sentence);
    if (future && promises.length === 0 && !NOT_PROMISES.some((p) => p.test(sentence))) return [`unlisted future: ${sentence}`];
    return [];
  });
}

const OPENS: Slot[][] = [SLOTS, [], SLOTS.filter((s) => s.id !== 2)];

function events(open: Slot[]): ConversationEvent[] {
  const replies = INTENTS.flatMap((intent) =>
    [
      {},
      { slot: 0 },
      { slot: 1 },
      { slot: 9 },
      { time: '14:00' },
      { date: '2026-12-01' },
      { date: '2026-12-04', time: '17:00' },
      { callbackAt: '2026-11-26T15:00:00-05:00' },
      { callbackAt: null },
    ].map((extra) => u(intent, extra)),
  );
  const questions = [...QUESTION_TOPICS, null].map((topic) => u('question', { topic }));
  return [
    ...[...replies, ...questions].map((understanding): ConversationEvent => ({ type: 'reply', understanding, utterance: 'words', open })),
    // heard at a known time, so a call-back time asked for can be used
    ...replies.map((understanding): ConversationEvent => ({ type: 'reply', understanding, utterance: 'words', open, now: HEARD })),
    { type: 'silence', open },
    ...['1', '2', '3', '9', ''].map((digits): ConversationEvent => ({ type: 'digits', digits, open })),
    { type: 'booked', slot: slot(1) },
    { type: 'slot_taken', slot: slot(1), open },
    { type: 'start', open },
  ];
}

/** When the walk's replies are heard, and a campaign's call-back terms (the next attempt anyway). */
const HEARD = '2026-11-25T15:00:00.000Z';
const CALL_BACK = { defaultAt: '2026-11-26T19:00:00.000Z', callingHours: '08:00-21:00' };

/**
 * States to walk from: fresh, offering, a read-back, near the end, after silences, with and without an email, and
 * campaign calls that may call back (fresh, offering, at a read-back).
 */
function seeds(): ConversationState[] {
  const offering = started(SLOTS, 4);
  const confirming = transition(offering, {
    type: 'reply',
    understanding: u('accept', { slot: 1 }),
    utterance: 'tuesday',
    open: SLOTS,
  }).state;
  const noEmail = initialState({ ...candidate, email: null }, interview, 4);
  return [
    initialState(candidate, interview, 4),
    noEmail,
    offering,
    confirming,
    { ...offering, turns: 3 },
    { ...confirming, turns: 3 },
    { ...confirming, turns: 4 },
    { ...offering, silences: 2, misses: 2, dtmf: true },
    initialState(candidate, interview, 4, CALL_BACK),
    { ...offering, callBack: CALL_BACK },
    { ...confirming, callBack: CALL_BACK, turns: 3 },
  ];
}

/** Every result of every event from every seed, and from every state those reach (two steps deep, deduplicated). */
function walk(): TransitionResult[] {
  const results: TransitionResult[] = [];
  const seen = new Set<string>();
  let frontier = seeds();
  for (let depth = 0; depth < 2; depth++) {
    const next: ConversationState[] = [];
    for (const state of frontier) {
      for (const open of OPENS) {
        for (const event of events(open)) {
          const result = transition(state, event);
          results.push(result);
          const key = JSON.stringify({ ...result.state, recent: [] });
          if (!seen.has(key)) {
            seen.add(key);
            next.push(result.state);
          }
        }
      }
    }
    frontier = next;
  }
  return results;
}

describe('the caller promises only what the same result does', () => {
  const results = walk();

  it('walks every intent at every phase, silences, keypad, max turns, no slots and a slot taken', () => {
    const outcomes = new Set(results.flatMap((r) => r.actions.flatMap((a) => (a.type === 'end' ? [a.outcome] : []))));
    for (const outcome of [
      'scheduled',
      'declined',
      'callback_requested',
      'opted_out',
      'wrong_number',
      'no_response',
      'max_turns',
      'error',
    ]) {
      expect(outcomes).toContain(outcome);
    }
    expect(results.some((r) => r.actions.some((a) => a.type === 'record_question'))).toBe(true);
    expect(results.some((r) => r.actions.some((a) => a.type === 'schedule_callback'))).toBe(true);
    expect(results.length).toBeGreaterThan(10_000);
  });

  it('says no promise without its action, and no other future-tense sentence', () => {
    const problems = new Set(results.flatMap(broken));
    expect([...problems]).toEqual([]);
  });

  it('says a backed promise when its action is there', () => {
    const recorded = results.filter(
      (r) => r.actions.some((a) => a.type === 'record_question') && r.actions.some((a) => a.type === 'gather'),
    );
    expect(recorded.length).toBeGreaterThan(0);
    for (const r of recorded) expect(sentences(r)).toContain("I'll pass your question on to the recruiter.");
    const callBacks = results.filter((r) => r.actions.some((a) => a.type === 'schedule_callback'));
    expect(callBacks.length).toBeGreaterThan(0);
    for (const r of callBacks) expect(sentences(r).some((s) => /^No problem, I'll call you back .+ at \d/.test(s))).toBe(true);
  });

  it('says a call back only on a call that may call back, and then always schedules it', () => {
    const callbacks = results.filter((r) => r.actions.some((a) => a.type === 'end' && a.outcome === 'callback_requested'));
    for (const r of callbacks) {
      const promised = sentences(r).some((s) => /call you back/i.test(s));
      expect(promised).toBe(r.state.callBack != null);
      expect(r.actions.some((a) => a.type === 'schedule_callback')).toBe(promised);
    }
  });

  it('catches the promises the caller used to make without keeping them', () => {
    const old = [
      'You will receive a confirmation by email.',
      'We will follow up by email with new times.',
      'No problem, we will call you back at a better time.',
      'We will send you an email at sam@example.com with the available time slots.',
      "We're sorry, something went wrong on our side. We will call you back.",
      "No problem, I'll call you back tomorrow at 3 PM. Thank you, goodbye.",
    ];
    for (const text of old) expect(broken({ state: started(), actions: [{ type: 'say', text }] })).not.toEqual([]);
  });

  it('says the promise of each action only with that action', () => {
    const question: Action = { type: 'record_question', text: 'visa?', topic: 'other' };
    expect(promisesOf([])).toEqual([]);
    expect(say.unknownQuestion([])).not.toMatch(/recruiter/);
    expect(say.unknownQuestion([question])).toMatch(/pass your question on to the recruiter/);
    expect(say.optedOut([])).toBe('Understood. Goodbye.');
    expect(say.optedOut([{ type: 'opt_out' }])).toContain('We will not call this number again.');
    const callBack: Action = { type: 'schedule_callback', at: '2026-11-26T20:00:00.000Z' };
    expect(say.callback([])).not.toMatch(/call you back/);
    expect(say.callback([callBack], { zone: 'America/New_York', now: HEARD })).toBe(
      "No problem, I'll call you back tomorrow at 3 PM. Thank you, goodbye.",
    );
    expect(promisesOf([callBack], { zone: 'America/New_York', now: null })).toEqual([
      "I'll call you back on Thursday, November 26th at 3 PM.",
    ]);
  });
});
