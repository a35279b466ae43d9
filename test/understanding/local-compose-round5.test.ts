/**
 * Fifth round, after phone-holdout-7's blind misses, by meaning rather than by row: a polite request ("could you",
 * "would you mind", "can you") that the caller call / try again is a callback, not a question; decline = interest
 * that faded / waned, "not something i want to pursue", "i'll leave it (there)"; wrong_person = the caller reached a
 * business or institution ("you have reached a dental office"); "the earlier / later one (of the two)" is a positional
 * pick between two offered slots, not a time; "neither / none of those" followed by a new subject and a time is a
 * proposal; "any <day> slots?" asking about a day not offered is request_alternatives with the date set.
 * The sentences are new combinations of the classes, not dataset rows; each family has negatives.
 */
import { describe, expect, it } from 'vitest';
import { callbackRequest, declines, wrongPerson } from '../../src/core/understanding/local/compose.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import { four, FOUR, NOW, TZ } from './local-helpers.js';

const OFFER = 'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or Thursday, December 3rd at 3 PM. Which of these works best for you?';
const GREET = 'Hello Jordan, this is the interview scheduling assistant calling from Acme about your application for the driver position. We would like to schedule your interview. ' + OFFER;
const TWO_CTX = "I'm sorry, Friday, December 4th is not available. The nearest open times are Wednesday, December 2nd at 11 AM; or Thursday, December 3rd at 3 PM. Would either of those work?";
const greet = (u: string) => four(u, GREET);
const two = (u: string) => understandLocal({ utterance: u, offered: [FOUR[2]!, FOUR[3]!], now: NOW, timezone: TZ, context: TWO_CTX });
const tok = (u: string) => normalize(u);

describe('callback: polite request to call / try again', () => {
  it.each([
    'could you give it another go after the school run', 'would you mind ringing again in the evening', 'can you give me a ring again tomorrow',
    'do you mind phoning back once i get home', 'could you please call again a bit later', 'would you try my mobile this evening',
    'try my work number after two', 'could you give me another buzz after lunch', "i can't really talk phone me when i'm out of the car",
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

describe('decline: interest faded, not something to pursue, leaving it', () => {
  it.each([
    'my enthusiasm for it has waned to be honest', 'the interest has fizzled out', "it's not something i'd want to take further",
    "it's nothing i'm interested in anymore", "i think i'll just leave it there", 'i will leave it thanks',
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('decline');
  });
  it.each([
    "i'll leave it to you", "i'll leave it until friday", 'not something i want to do on monday', 'my interest is in the tuesday slot',
  ])('not a decline: %s', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
});

describe('wrong_person: a business reached, not a person', () => {
  it.each([
    "you've reached a vet clinic", 'you have called a law firm sorry', 'this is a bakery not a person', 'this number is the store line',
  ])('%s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(true);
    expect(greet(u).intent).toBe('wrong_person');
  });
  it.each([
    'is it an office job', 'this is the office manager speaking', 'it is a pricey restaurant isn’t it', 'did you have any other restaurant suggestions',
  ])('not wrong_person: %s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(false);
  });
});

describe('"the earlier / later one" picks one of two slots', () => {
  it.each([
    ['the later one', 1], ['the earlier one please', 0], ['i will take the later slot', 1], ['the earlier of the two', 0],
  ])('%s', (u, slot) => {
    const r = two(u);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
  it('"later" as a time is still a callback or a request', () => {
    expect(two('call me later').intent).toBe('callback_later');
    expect(two('do you have a later one').intent).toBe('request_alternatives');
    expect(four('is there a later time on tuesday', OFFER).intent).toBe('request_alternatives');
  });
});

describe('"neither" + a new time is a proposal', () => {
  it.each(['neither i could do friday at ten though', 'none of those we can manage saturday morning at nine'])('%s', (u) => {
    expect(two(u).intent).toBe('propose_time');
  });
  it('a refusal without a time is not a proposal; refused days stay refused', () => {
    expect(['decline', 'request_alternatives']).toContain(two('neither of those sorry').intent);
    expect(two('neither wednesday nor thursday').intent).not.toBe('accept');
  });
});

describe('"any <day> slots?" about a day not offered', () => {
  it.each([
    ['are there any saturday slots', '2026-11-28'], ['do you have anything friday', '2026-11-27'], ['have you got any sunday openings', '2026-11-29'],
  ])('%s', (u, date) => {
    const r = four(u, OFFER);
    expect(r.intent).toBe('request_alternatives');
    expect(r.date).toBe(date);
  });
  it.each(['could we do saturday at ten', 'saturday at nine would suit me', 'is there any way to do saturday at one'])('a proposal stays a proposal: %s', (u) => {
    expect(four(u, OFFER).intent).toBe('propose_time');
  });
});
