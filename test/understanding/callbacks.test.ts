/** Callbacks: asking to be called another time, or saying now is not a good time. */
import { describe, expect, it } from 'vitest';
import { callbackRequest, callbackState } from '../../src/core/understanding/local/callback.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { choice, four, FOUR } from './helpers.js';

const OFFER =
  'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or ' +
  'Thursday, December 3rd at 3 PM. Which of these works best for you?';
/** A reply from a call that asked for Jordan by name. */
const greet = (u: string) => choice(u, FOUR, 'Jordan');
const ask = (u: string) => choice(u);
const tok = (u: string) => normalize(u);

describe('callback_later = (call|ring|try|reach|catch) + (me|back)? + (later|tomorrow|in an hour|...) or a busy state', () => {
  it.each([
    'call me back after my shift',
    'ring me on friday',
    'buzz me tomorrow',
    'get back to me in an hour',
    'can we speak another day',
    'give me twenty minutes and ring back',
    'can you try tonight',
    'i will call you back',
  ])('request: %s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each([
    "i'm at the pharmacy right now",
    "i'm with a patient",
    "i'm on a plane about to take off",
    "i'm not free right now",
    "i'm kind of snowed under",
    'sorry driving',
    'now is not good',
  ])('state: %s', (u) => {
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each([
    ['do i need to call back to confirm', 'asks about calling'],
    ["who do i call if i'm running late", 'asks about calling'],
    ['what is the phone at the property', '"phone" as a noun'],
    ["don't call back later i'm free now", 'negated request'],
    ['try again at 5:45 in the evening', 'a new search, not a call'],
  ])('not a request: %s (%s)', (u) => {
    expect(callbackRequest(tok(u))).toBe(false);
  });
  it.each(["i'm not busy", 'i am not at work', "i'm at a loss", 'i am at home'])('not a state: %s', (u) => {
    expect(callbackState(tok(u))).toBe(false);
  });
  it('"i\'m not busy, tuesday works" is not a callback', () => {
    expect(greet("i'm not busy tuesday works").intent).not.toBe('callback_later');
  });
  it('a busy state naming a slot is about the slot ("i\'m at work on monday")', () => {
    expect(greet("i'm at work on monday").intent).not.toBe('callback_later');
  });
});

describe('callback families: (try|reach|ring|hit) + me + time, reach out / get in touch + time', () => {
  it.each([
    'could you try me round four',
    'maybe reach out after work',
    'get in touch tomorrow morning',
    'try reaching me later today',
    'ringing me after lunch would be better',
    'can you follow up with me next week',
    'hit me up around six',
    'touch base tomorrow evening',
  ])('%s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each([
    "don't reach out again",
    'try again at two pm',
    'who do i reach out to',
    'i reached out to you last week',
    'follow up with the address please',
  ])('not: %s', (u) => {
    expect(callbackRequest(tok(u))).toBe(false);
  });
});

describe('callback: give it another go / try again + later', () => {
  it.each([
    'give it another try in an hour',
    'have another go later this afternoon',
    'try this number again tomorrow',
    'maybe give me another ring after lunch',
    'try my cell again in a bit',
  ])('%s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each(["don't try this number again", 'give it another go', 'give it a try at two', "i'll give it a go"])('not: %s', (u) => {
    expect(callbackRequest(tok(u))).toBe(false);
  });
});

describe('callback: polite request to call / try again', () => {
  it.each([
    'could you give it another go after the school run',
    'would you mind ringing again in the evening',
    'can you give me a ring again tomorrow',
    'do you mind phoning back once i get home',
    'could you please call again a bit later',
    'would you try my mobile this evening',
    'try my work number after two',
    'could you give me another buzz after lunch',
    "i can't really talk phone me when i'm out of the car",
  ])('%s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each([
    ['can you try booking again for saturday at two', 'propose_time'],
    ['please try again at four pm', 'propose_time'],
    ['could you call the office to confirm the address', 'question'],
    ['would you mind telling me what the job pays', 'question'],
  ])('not a callback: %s', (u, intent) => {
    expect(callbackRequest(tok(u))).toBe(false);
    expect(four(u, OFFER).intent).toBe(intent);
  });
});

describe('callback: not now + carry on at a later day', () => {
  it.each([
    ['now is a bit hectic can we pick this up on friday', '2026-11-27'],
    ["it's a bad time right now can we continue tomorrow morning", '2026-11-26'],
    ["i'm on the bus at the moment could we talk on saturday", '2026-11-28'],
    ['right now is impossible could we chat on sunday', '2026-11-29'],
    ["this isn't a great moment can we carry on with this next week", null],
    ["now's tricky can we resume this after the weekend", null],
  ])('%s', (u, date) => {
    expect(callbackRequest(tok(u))).toBe(true);
    const r = ask(u);
    expect(r.intent).toBe('callback_later');
    expect(r.date).toBe(date);
  });
  it.each([
    ["i'm busy on monday can we talk tuesday", 'accept'],
    ['can we talk on thursday at three', 'accept'],
    ['i can do tuesday can we talk about the pay then', 'accept'],
  ])('not a callback: %s', (u, intent) => {
    expect(ask(u).intent).toBe(intent);
  });
});

describe('callback: try again once / when i am back', () => {
  it.each([
    "could you try again once i'm out of this meeting",
    "try again when i'm home please",
    "would you mind trying me back when i'm free",
    'can you give it another go once i get off the train',
    "do you mind trying again when i'm off shift",
  ])('%s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(ask(u).intent).toBe('callback_later');
  });
  it.each([
    ['can you try again for tuesday at two', 'request_alternatives'],
    ['please try again at four pm', 'propose_time'],
  ])('not a callback: %s', (u, intent) => {
    expect(callbackRequest(tok(u))).toBe(false);
    expect(ask(u).intent).toBe(intent);
  });
});
