/**
 * Word-class families added after phone-holdout-6's blind misses, written by meaning rather than by row:
 * wrong_person = the number/phone belongs to or is used by someone else, or the caller reached the wrong destination;
 * decline = the candidate takes themself out of the process or has lost interest (applicant/candidate lists are the
 * application, call/contact lists are opt-out); opt_out = passive forms ("shouldn't be called again", "make sure i'm
 * not called"); callback = "give it another go / try again" + a later time; "next <day>" = that day of next week.
 * The sentences are new combinations of the classes, not dataset rows; each family has negatives.
 */
import { describe, expect, it } from 'vitest';
import { callbackRequest, declines, optOut, wrongPerson } from '../../src/core/understanding/local/compose.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import { four } from './local-helpers.js';

const OFFER = 'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or Thursday, December 3rd at 3 PM. Which of these works best for you?';
const GREET = 'Hello Jordan, this is the interview scheduling assistant calling from Acme about your application for the driver position. We would like to schedule your interview. ' + OFFER;
const greet = (u: string) => four(u, GREET);
const tok = (u: string) => normalize(u);

describe('wrong_person: misdialled, someone else owns / uses the number, not a personal line', () => {
  it.each([
    'i reckon you must have misdialled', 'you misdialed mate', 'that number belongs to my sister',
    'the phone is registered to my father not me', "you've rung my mother in law's cell", "it's my flatmate's phone actually",
    "she doesn't use that phone anymore", 'he no longer has this number', 'jordan changed numbers last year',
    "you've reached a shop line not a person", 'this is the front desk number',
  ])('%s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(true);
    expect(greet(u).intent).toBe('wrong_person');
  });
  it.each([
    "i don't use this number much", "i'm not on the phone much", 'i changed my number last week', 'did i misdial',
    "my wife's birthday is on monday", 'this is my cell number', "i didn't misdial did i",
  ])('not: %s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(false);
  });
});

describe('decline: lost interest, not the right role, give it a miss, drop / pull my application, off the applicant list', () => {
  it.each([
    "honestly i've been losing interest", 'i have no real interest in the job anymore', "it's just not the right fit for me",
    "this position isn't really for me", "i'll take a pass on the interview", 'we will give the interview a miss',
    'can you scrap my candidacy please', 'pull my application thanks', 'take my name out of the candidate pool',
    'remove me from the shortlist please', 'strike me off the applicant list',
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(optOut(tok(u))).toBe(false);
    expect(greet(u).intent).toBe('decline');
  });
  it.each([
    "i haven't lost interest", "i'll give monday a miss", "don't drop my application", 'is there no interest charge',
    'did you drop my application', 'monday is not the right day for me', 'this is not what i am looking for any other times',
    'i want to put my application in',
  ])('not: %s', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
  it('a call list is still opt-out', () => {
    expect(greet('take my name off your call list').intent).toBe('opt_out');
    expect(greet('strike me off the contact list').intent).toBe('opt_out');
  });
});

describe('opt_out: passive forms', () => {
  it.each([
    'my number is not to be called again', 'i must never be contacted again', 'we should not be phoned anymore',
    "please ensure i'm never contacted again", 'make sure this number is not called any more', 'i do not want to be texted ever again',
  ])('%s', (u) => {
    expect(optOut(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('opt_out');
  });
  it.each([
    "i'd rather not be called at work", 'make sure you call me tomorrow', 'make sure i am not called before nine',
    'i should not be called jordan i go by jo', 'if i am not called back by friday i will email',
  ])('not: %s', (u) => {
    expect(optOut(tok(u))).toBe(false);
  });
});

describe('callback: give it another go / try again + later', () => {
  it.each([
    'give it another try in an hour', 'have another go later this afternoon', 'try this number again tomorrow',
    'maybe give me another ring after lunch', 'try my cell again in a bit',
  ])('%s', (u) => {
    expect(callbackRequest(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('callback_later');
  });
  it.each([
    "don't try this number again", 'give it another go', 'give it a try at two', "i'll give it a go",
  ])('not: %s', (u) => {
    expect(callbackRequest(tok(u))).toBe(false);
  });
});

describe('"next <day>" is that day of next week', () => {
  // Thursday Dec 3 is offered; now is Wed Nov 25, so next thursday (week of Nov 30) is the offered one
  it('next thursday = the offered thursday of next week', () => {
    const r = four('next thursday works');
    expect(r.slot).toBe(3);
  });
  it('next friday from a week that has an offered friday is the friday after it', () => {
    const r = understandLocal({
      utterance: 'i could do next friday at nine thirty',
      offered: [
        { label: 'Thursday, October 14th at 2 PM', start: '2027-10-14T14:00:00-06:00' },
        { label: 'Friday, October 15th at 9:30 AM', start: '2027-10-15T09:30:00-06:00' },
      ],
      now: '2027-10-13T11:00:00-06:00',
      timezone: 'America/Denver',
    });
    expect(r.intent).toBe('propose_time');
    expect(r.date).toBe('2027-10-22');
  });
  it('a bare friday is still the offered friday', () => {
    const r = understandLocal({
      utterance: 'friday at nine thirty works',
      offered: [{ label: 'Friday, October 15th at 9:30 AM', start: '2027-10-15T09:30:00-06:00' }],
      now: '2027-10-13T11:00:00-06:00',
      timezone: 'America/Denver',
    });
    expect(r.slot).toBe(0);
  });
});
