/**
 * Sixth round, after phone-holdout-8's blind misses, by meaning rather than by row: "not now" (awkward / bad time /
 * busy right now) + carry the call on ("pick this up", "continue", "talk", "resume") + a later day is a callback, not
 * a proposal; "try (me) again once / when i'm back | home | free | off" names a later time, so a callback (a bare
 * "try again for 5:30" stays a retried booking); decline = not keen / fussed / bothered / sold on + the job, position
 * or role (a slot refusal stays a slot refusal); "any more of these / your calls" is opt-out while "any more times /
 * slots" asks for alternatives; "at four not one" prefers the first time when the refused one is a bare number.
 * The sentences are new combinations of the classes, not dataset rows; each family has negatives.
 */
import { describe, expect, it } from 'vitest';
import { callbackRequest, declines, optOut } from '../../src/core/understanding/local/compose.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { four } from './local-helpers.js';

const OFFER = 'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or Thursday, December 3rd at 3 PM. Which of these works best for you?';
const ask = (u: string) => four(u, OFFER);
const tok = (u: string) => normalize(u);

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
    "could you try again once i'm out of this meeting", "try again when i'm home please", "would you mind trying me back when i'm free",
    'can you give it another go once i get off the train', "do you mind trying again when i'm off shift",
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

describe('decline: not keen / fussed / bothered about the job', () => {
  it.each([
    "i'm not keen on the position after all", "i'm not that fussed about the role anymore", 'not really keen on the job to be honest',
    "i'm not sold on the position after all", 'honestly not too bothered about the opportunity now',
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(ask(u).intent).toBe('decline');
  });
  it.each([
    ["i'm not fussed about which day", 'accept'],
    ['not bothered about the time any of them work', 'accept'],
    ["i'm not keen on monday but tuesday is fine", 'accept'],
  ])('not a job decline: %s', (u, intent) => {
    expect(declines(tok(u))).toBe(false);
    expect(ask(u).intent).toBe(intent);
  });
});

describe('opt-out: any more of these calls', () => {
  it.each([
    "i don't want any more of these calls", 'no more of these calls please', "i don't need any more of your phone calls",
    "i'm not interested in any more of your calls",
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(ask(u).intent).toBe('opt_out');
  });
  it.each(["i don't want any more of these times", 'do you have any more times', 'are there any more slots'])('alternatives: %s', (u) => {
    expect(optOut(tok(u))).toBe(false);
    expect(ask(u).intent).toBe('request_alternatives');
  });
});

describe('"at X not Y": the first time is the one wanted', () => {
  it.each([
    ['monday would work but at four not one', '16:00', '2026-11-30'],
    ['tuesday but at five not two', '17:00', '2026-12-01'],
    ['thursday at ten not three', '10:00', '2026-12-03'],
  ])('%s', (u, time, date) => {
    const r = ask(u);
    expect(r.intent).toBe('propose_time');
    expect(r.time).toBe(time);
    expect(r.date).toBe(date);
  });
  it('an offered time first is accepted: wednesday yes at eleven not twelve', () => {
    const r = ask('wednesday yes at eleven not twelve');
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(2);
  });
});
