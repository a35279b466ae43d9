/** Wrong person: the caller reached someone other than the candidate (by name when the state knows it). */
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { wrongPerson } from '../../src/core/understanding/local/wrong-person.js';
import { choice, FOUR } from './helpers.js';

/** A reply from a call that asked for Jordan by name. */
const greet = (u: string) => choice(u, FOUR, 'Jordan');
const tok = (u: string) => normalize(u);

describe('wrong_person = wrong + (number|guy|house), nobody + by that name, (this is|i am) + his/her + kin, ...', () => {
  it.each([
    "this is jordan's wife he's at work",
    'you got the wrong fella',
    "there's no one here called jordan",
    "i've never applied for a job there",
    "she's away on holiday this is her sister",
    "who's jordan",
    'i got this phone a week ago',
    'nobody by the name of jordan lives here',
    'you want my husband',
    'jordan moved out in june',
    "this isn't his phone",
    'he is asleep',
    'that would be my son',
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

describe('wrong_person families: no idea / no clue who that is, do not know anyone (called ...), never heard of', () => {
  it.each([
    "i've got no clue who that is",
    'not a clue who you mean',
    "i don't know anyone by that name",
    'never heard of any jordan',
    "i don't know a jordan",
    'no idea who jordan is',
  ])('%s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(true);
    expect(greet(u).intent).toBe('wrong_person');
  });
  it.each(['no idea what time suits me', "i don't know which day works", 'never heard of your company but sure', 'no idea yet'])(
    'not: %s',
    (u) => {
      expect(wrongPerson(tok(u), 'jordan', false)).toBe(false);
    },
  );
});

describe('wrong_person: misdialled, someone else owns / uses the number, not a personal line', () => {
  it.each([
    'i reckon you must have misdialled',
    'you misdialed mate',
    'that number belongs to my sister',
    'the phone is registered to my father not me',
    "you've rung my mother in law's cell",
    "it's my flatmate's phone actually",
    "she doesn't use that phone anymore",
    'he no longer has this number',
    'jordan changed numbers last year',
    "you've reached a shop line not a person",
    'this is the front desk number',
  ])('%s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(true);
    expect(greet(u).intent).toBe('wrong_person');
  });
  it.each([
    "i don't use this number much",
    "i'm not on the phone much",
    'i changed my number last week',
    'did i misdial',
    "my wife's birthday is on monday",
    'this is my cell number',
    "i didn't misdial did i",
  ])('not: %s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(false);
  });
});

describe('wrong_person: a business reached, not a person', () => {
  it.each([
    "you've reached a vet clinic",
    'you have called a law firm sorry',
    'this is a bakery not a person',
    'this number is the store line',
  ])('%s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(true);
    expect(greet(u).intent).toBe('wrong_person');
  });
  it.each([
    'is it an office job',
    'this is the office manager speaking',
    'it is a pricey restaurant isn’t it',
    'did you have any other restaurant suggestions',
  ])('not wrong_person: %s', (u) => {
    expect(wrongPerson(tok(u), 'jordan', false)).toBe(false);
  });
});
