/**
 * The compositional cues (src/core/understanding/local/compose.ts): opt-out, wrong person, callback and decline are
 * recognised from short chains of word classes, not from whole phrases. These sentences are new combinations of the
 * classes (none is a dataset row), plus negative cases that must not fire.
 */
import { describe, expect, it } from 'vitest';
import { callbackRequest, callbackState, chain, declines, Lex, optOut, wrongPerson } from '../../src/core/understanding/local/compose.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { four } from './local-helpers.js';

const OFFER = 'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or Thursday, December 3rd at 3 PM. Which of these works best for you?';
const GREET = 'Hello Jordan, this is the interview scheduling assistant calling from Acme about your application for the driver position. We would like to schedule your interview. ' + OFFER;
const greet = (u: string) => four(u, GREET);
const tok = (u: string) => normalize(u);

describe('chain: word classes in order, each within its window', () => {
  const A = new Lex(['stop', 'do not']);
  const B = new Lex(['call', 'ring']);
  const C = new Lex(['me', 'this number']);
  it('matches with gaps up to the window, multi-word phrases included', () => {
    expect(chain(tok('please do not ever ring this number'), [{ lex: A, gap: 0 }, { lex: B, gap: 1 }, { lex: C, gap: 0 }])).toBe(1);
    expect(chain(tok('do not you dare ever ring me'), [{ lex: A, gap: 0 }, { lex: B, gap: 1 }, { lex: C, gap: 0 }])).toBe(-1);
  });
  it('skips optional parts and honours a veto', () => {
    expect(chain(tok('stop me'), [{ lex: A, gap: 0 }, { lex: B, gap: 0, opt: true }, { lex: C, gap: 0 }])).toBe(0);
    expect(chain(tok('stop call me'), [{ lex: A, gap: 0 }, { lex: B, gap: 0 }], () => false)).toBe(-1);
  });
});

describe('opt_out = (stop|never|do not) + contact verb + (me|this number|again|anymore), or erase + my number, or idioms', () => {
  it.each([
    'please quit phoning this number', 'never text me again', 'wipe my details from your records', 'get my name off your calling list',
    "i don't want you people contacting me", 'stop ringing here', 'cease and desist contacting me', 'can you take this number off your list',
    'enough with the calls', 'forget my number', 'i want my info deleted', 'put me on the do not call list',
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('opt_out');
  });
  it.each([
    "don't call me before noon i'm asleep", // a time for the call
    'no don\'t bother can you help me find a cab', // "don't bother" is not "don't bother me"
    "don't call back later i'm free now",
    'i never got your call',
    "i don't want to miss the call",
    'can you remove the monday slot',
  ])('not: %s', (u) => {
    expect(optOut(tok(u))).toBe(false);
  });
  it('"don\'t call me before noon" is a callback', () => {
    expect(greet("don't call me before noon i'm asleep").intent).toBe('callback_later');
  });
});

describe('wrong_person = wrong + (number|guy|house), nobody + by that name, (this is|i am) + his/her + kin, ...', () => {
  it.each([
    "this is jordan's wife he's at work", 'you got the wrong fella', "there's no one here called jordan", "i've never applied for a job there",
    "she's away on holiday this is her sister", "who's jordan", 'i got this phone a week ago', 'nobody by the name of jordan lives here',
    'you want my husband', 'jordan moved out in june', "this isn't his phone", 'he is asleep', 'that would be my son',
  ])('%s', (u) => {
    expect(greet(u).intent).toBe('wrong_person');
  });
  it.each([
    ['you have the wrong time', 'a wrong time is not a wrong person'],
    ["i don't know a good time", '"know" about a thing'],
    ['did i apply online', 'a question about applying'],
    ['no i applied for the driver job', '"no" then "applied"'],
    ['my son is sick can you call tomorrow', 'a kin word alone'],
  ])('not: %s (%s)', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(false);
  });
  it('third-person absence does not fire when the reply is about a slot ("she is busy on monday")', () => {
    expect(wrongPerson(tok('she is busy on monday'), null, true)).toBe(false);
    expect(wrongPerson(tok('she is busy'), null, false)).toBe(true);
  });
  it('with no name in the greeting, a name-like word still counts ("i\'m not alex", "no alex here")', () => {
    expect(wrongPerson(tok('sorry but i am not alex'), null, false)).toBe(true);
    expect(wrongPerson(tok('no alex here'), null, false)).toBe(true);
    expect(wrongPerson(tok('sorry but i am not available'), null, false)).toBe(false);
    expect(wrongPerson(tok('no problem here'), null, false)).toBe(false);
  });
});

describe('callback_later = (call|ring|try|reach|catch) + (me|back)? + (later|tomorrow|in an hour|...) or a busy state', () => {
  it.each([
    'call me back after my shift', 'ring me on friday', 'buzz me tomorrow', 'get back to me in an hour', 'can we speak another day',
    'give me twenty minutes and ring back', 'can you try tonight', 'i will call you back',
  ])('request: %s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each([
    "i'm at the pharmacy right now", "i'm with a patient", "i'm on a plane about to take off", "i'm not free right now",
    "i'm kind of snowed under", 'sorry driving', 'now is not good',
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

describe('decline = (not|no longer) + (interested|looking|pursuing), (found|took|landed) + (a|another)? + (job|role|offer), withdraw, ...', () => {
  it.each([
    "i've taken a job with another company", "i'd like to withdraw", "i'm staying with my current employer", 'not looking anymore thanks',
    "we'll give it a miss thanks", 'i no longer want the job', 'i landed a role somewhere else', "i'm sorted for work thanks",
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('decline');
  });
  it.each([
    ["i don't need any more help", 'not the job'],
    ["i don't want that one", 'a slot'],
    ['i found a time that works', '"found" + not a job'],
    ['did you find another opening', 'a question'],
    ['i have a job interview on tuesday', '"job interview"'],
    ['i got something on friday', 'a clash, not a job'],
  ])('not: %s (%s)', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
  it('precedence: opt-out beats a decline, a named call-back time beats a plain decline', () => {
    expect(greet("i'm not interested stop calling me").intent).toBe('opt_out');
    expect(greet("i don't want to do it now call me tomorrow").intent).toBe('callback_later');
    expect(greet("i found another job so please don't call again").intent).toBe('opt_out');
  });
});
