/**
 * Word-class families added after phone-holdout-5's blind misses (decline idioms, "reach out"/"trying me" call-backs,
 * "removed from your call list", "no idea who that is"), and the slot-polarity fixes ("not busy", "no <day> was what i
 * wanted"). The positive sentences are new combinations of the classes, not dataset rows; each family has negatives.
 */
import { describe, expect, it } from 'vitest';
import { callbackRequest, declines, optOut, wrongPerson } from '../../src/core/understanding/local/compose.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { four, one as readBack } from './local-helpers.js';

const OFFER = 'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or Thursday, December 3rd at 3 PM. Which of these works best for you?';
const GREET = 'Hello Jordan, this is the interview scheduling assistant calling from Acme about your application for the driver position. We would like to schedule your interview. ' + OFFER;
const greet = (u: string) => four(u, GREET);
const tok = (u: string) => normalize(u);

describe('decline families: turn down, pass on, (not) move forward, another direction, out of the running, withdraw, committed elsewhere', () => {
  it.each([
    "i'm going to have to turn the offer down", 'i think i will turn down the interview', "i'm passing on this opportunity",
    'i would rather not proceed with the application', "we won't be moving forward", 'i am not going to pursue this',
    "i've decided to go a different direction", 'i went down another path', 'please take me out of consideration',
    "i'd like to withdraw my candidacy", 'i want to retract my application', 'i am rescinding my application',
    "i've signed on with a competitor", 'i already accepted an offer elsewhere', "i've committed to a different hospital",
    "i'm bowing out sorry", 'count me out of the running',
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('decline');
  });
  it.each([
    "i'm not turning it down", 'turn the volume down a bit', "i'm not passing on this", 'can we move forward with thursday',
    "i'd like to go ahead", 'i accepted the tuesday one', "let's go with another time", 'can you pass on a message to the manager',
    'i signed the form already', 'which way do i go to the office',
  ])('not: %s', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
});

describe('callback families: (try|reach|ring|hit) + me + time, reach out / get in touch + time', () => {
  it.each([
    'could you try me round four', 'maybe reach out after work', 'get in touch tomorrow morning', 'try reaching me later today',
    'ringing me after lunch would be better', 'can you follow up with me next week', 'hit me up around six',
    'touch base tomorrow evening',
  ])('%s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each([
    "don't reach out again", 'try again at two pm', 'who do i reach out to', 'i reached out to you last week',
    'follow up with the address please',
  ])('not: %s', (u) => {
    expect(callbackRequest(tok(u))).toBe(false);
  });
});

describe('opt_out families: removed / taken off + list or records, no more / no further calls', () => {
  it.each([
    'i need to be taken off the calling list', 'have my number struck from your records', 'i want to be deleted from your database',
    'no further calls thank you', 'no more contact please', 'get me removed from the contact list',
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('opt_out');
  });
  it.each([
    'please remove me from consideration', 'take my name off the shortlist', 'can you remove the monday slot from the list',
    'the calls were no trouble', 'no more questions from me',
  ])('not: %s', (u) => {
    expect(optOut(tok(u))).toBe(false);
  });
  it('removal from consideration is a decline', () => {
    expect(greet('please remove me from consideration').intent).toBe('decline');
  });
});

describe('wrong_person families: no idea / no clue who that is, do not know anyone (called ...), never heard of', () => {
  it.each([
    "i've got no clue who that is", 'not a clue who you mean', "i don't know anyone by that name", 'never heard of any jordan',
    "i don't know a jordan", 'no idea who jordan is',
  ])('%s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(true);
    expect(greet(u).intent).toBe('wrong_person');
  });
  it.each([
    'no idea what time suits me', "i don't know which day works", 'never heard of your company but sure',
    'no idea yet',
  ])('not: %s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(false);
  });
});

describe('slot polarity', () => {
  it('"not busy" does not refuse the day after it', () => {
    expect(four("i'm not busy tuesday works").intent).toBe('accept');
    expect(four("i'm not busy tuesday works").slot).toBe(1);
    expect(four('never busy on wednesdays so wednesday is good').slot).toBe(2);
  });
  it('a plain "busy <day>" still refuses it', () => {
    expect(four("i'm busy tuesday").intent).toBe('decline');
  });
  it('"no <day> was what i wanted" corrects a read-back instead of refusing the day', () => {
    const r = readBack('wait no wednesday was what i wanted');
    expect(r.intent).toBe('propose_time');
    expect(r.date).toBe('2026-12-02');
    expect(readBack('no thursday is the one i said').intent).toBe('propose_time');
  });
  it('"no <day>" alone after a read-back is still a refusal of it', () => {
    expect(readBack('wait no not wednesday').intent).not.toBe('propose_time');
  });
  it('"push the friday one to three" proposes 3 PM; "can i do it by phone" is a question', () => {
    const r = four('can we push the thursday one to four');
    expect(r.intent).toBe('propose_time');
    expect(r.time).toBe('16:00');
    expect(four('can i do it by phone').intent).toBe('question');
    expect(four('could we do it over zoom instead').intent).toBe('question');
  });
});
