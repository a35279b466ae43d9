/** Opt-out: asking not to be called again, as opposed to a time for the call. */
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { optOut } from '../../src/core/understanding/local/opt-out.js';
import { choice, FOUR } from './helpers.js';

/** A reply from a call that asked for Jordan by name. */
const greet = (u: string) => choice(u, FOUR, 'Jordan');
const ask = (u: string) => choice(u);
const tok = (u: string) => normalize(u);

describe('opt_out with a dropped g or said another way', () => {
  it.each([
    'quit callin me',
    "stop ringin' this number",
    'quit phonin me',
    'quit it with calling me',
    'stop textin me',
    'quit buggin me',
    'lose my number',
    'take me off your list',
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(ask(u).intent).toBe('opt_out');
  });
});

describe('opt_out = (stop|never|do not) + contact verb + (me|this number|again|anymore), or erase + my number, or idioms', () => {
  it.each([
    'please quit phoning this number',
    'never text me again',
    'wipe my details from your records',
    'get my name off your calling list',
    "i don't want you people contacting me",
    'stop ringing here',
    'cease and desist contacting me',
    'can you take this number off your list',
    'enough with the calls',
    'forget my number',
    'i want my info deleted',
    'put me on the do not call list',
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('opt_out');
  });
  it.each([
    "don't call me before noon i'm asleep", // a time for the call
    "no don't bother can you help me find a cab", // "don't bother" is not "don't bother me"
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

describe('opt_out families: removed / taken off + list or records, no more / no further calls', () => {
  it.each([
    'i need to be taken off the calling list',
    'have my number struck from your records',
    'i want to be deleted from your database',
    'no further calls thank you',
    'no more contact please',
    'get me removed from the contact list',
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('opt_out');
  });
  it.each([
    'please remove me from consideration',
    'take my name off the shortlist',
    'can you remove the monday slot from the list',
    'the calls were no trouble',
    'no more questions from me',
  ])('not: %s', (u) => {
    expect(optOut(tok(u))).toBe(false);
  });
  it('removal from consideration is a decline', () => {
    expect(greet('please remove me from consideration').intent).toBe('decline');
  });
});

describe('opt_out: passive forms', () => {
  it.each([
    'my number is not to be called again',
    'i must never be contacted again',
    'we should not be phoned anymore',
    "please ensure i'm never contacted again",
    'make sure this number is not called any more',
    'i do not want to be texted ever again',
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('opt_out');
  });
  it.each([
    "i'd rather not be called at work",
    'make sure you call me tomorrow',
    'make sure i am not called before nine',
    'i should not be called jordan i go by jo',
    'if i am not called back by friday i will email',
  ])('not: %s', (u) => {
    expect(optOut(tok(u))).toBe(false);
  });
});

describe('opt-out: any more of these calls', () => {
  it.each([
    "i don't want any more of these calls",
    'no more of these calls please',
    "i don't need any more of your phone calls",
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

describe('opt_out: taken off the calls themselves', () => {
  it.each(['i want to be removed from these calls', 'please take me out of your calls', 'remove me from all these robocalls'])(
    '%s',
    (u) => {
      expect(choice(u, FOUR).intent).toBe('opt_out');
    },
  );
  it('a slot removed from the offer is not an opt-out', () => {
    expect(choice('remove the monday time from the list and i will take tuesday', FOUR).intent).not.toBe('opt_out');
  });
});
