/** Declines: turning the job or the interview down (not refusing one slot). */
import { describe, expect, it } from 'vitest';
import { declines } from '../../src/core/understanding/local/decline.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';
import { optOut } from '../../src/core/understanding/local/opt-out.js';
import { choice, FOUR } from './helpers.js';

/** A reply from a call that asked for Jordan by name. */
const greet = (u: string) => choice(u, FOUR, 'Jordan');
const ask = (u: string) => choice(u);
const tok = (u: string) => normalize(u);

describe('decline: not interested, found another job, withdrawing', () => {
  it.each([
    "i've taken a job with another company",
    "i'd like to withdraw",
    "i'm staying with my current employer",
    'not looking anymore thanks',
    "we'll give it a miss thanks",
    'i no longer want the job',
    'i landed a role somewhere else',
    "i'm sorted for work thanks",
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

describe('decline families: turn down, pass on, not moving forward, another direction, out of the running, committed elsewhere', () => {
  it.each([
    "i'm going to have to turn the offer down",
    'i think i will turn down the interview',
    "i'm passing on this opportunity",
    'i would rather not proceed with the application',
    "we won't be moving forward",
    'i am not going to pursue this',
    "i've decided to go a different direction",
    'i went down another path',
    'please take me out of consideration',
    "i'd like to withdraw my candidacy",
    'i want to retract my application',
    'i am rescinding my application',
    "i've signed on with a competitor",
    'i already accepted an offer elsewhere',
    "i've committed to a different hospital",
    "i'm bowing out sorry",
    'count me out of the running',
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('decline');
  });
  it.each([
    "i'm not turning it down",
    'turn the volume down a bit',
    "i'm not passing on this",
    'can we move forward with thursday',
    "i'd like to go ahead",
    'i accepted the tuesday one',
    "let's go with another time",
    'can you pass on a message to the manager',
    'i signed the form already',
    'which way do i go to the office',
  ])('not: %s', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
});

describe('decline: lost interest, not the right role, give it a miss, drop / pull my application, off the applicant list', () => {
  it.each([
    "honestly i've been losing interest",
    'i have no real interest in the job anymore',
    "it's just not the right fit for me",
    "this position isn't really for me",
    "i'll take a pass on the interview",
    'we will give the interview a miss',
    'can you scrap my candidacy please',
    'pull my application thanks',
    'take my name out of the candidate pool',
    'remove me from the shortlist please',
    'strike me off the applicant list',
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(optOut(tok(u))).toBe(false);
    expect(greet(u).intent).toBe('decline');
  });
  it.each([
    "i haven't lost interest",
    "i'll give monday a miss",
    "don't drop my application",
    'is there no interest charge',
    'did you drop my application',
    'monday is not the right day for me',
    'this is not what i am looking for any other times',
    'i want to put my application in',
  ])('not: %s', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
  it('a call list is still opt-out', () => {
    expect(greet('take my name off your call list').intent).toBe('opt_out');
    expect(greet('strike me off the contact list').intent).toBe('opt_out');
  });
});

describe('decline: interest faded, not something to pursue, leaving it', () => {
  it.each([
    'my enthusiasm for it has waned to be honest',
    'the interest has fizzled out',
    "it's not something i'd want to take further",
    "it's nothing i'm interested in anymore",
    "i think i'll just leave it there",
    'i will leave it thanks',
  ])('%s', (u) => {
    expect(declines(tok(u))).toBe(true);
    expect(greet(u).intent).toBe('decline');
  });
  it.each([
    "i'll leave it to you",
    "i'll leave it until friday",
    'not something i want to do on monday',
    'my interest is in the tuesday slot',
  ])('not a decline: %s', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
});

describe('decline: not keen / fussed / bothered about the job', () => {
  it.each([
    "i'm not keen on the position after all",
    "i'm not that fussed about the role anymore",
    'not really keen on the job to be honest',
    "i'm not sold on the position after all",
    'honestly not too bothered about the opportunity now',
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

describe('decline: the way to the job is too much, or the candidate stays where they work', () => {
  it.each([
    'honestly the drive from the north shore is too much so no thanks',
    'the commute would be way too far for me',
    'i live too far away to get there sorry',
    "yeah nah i'm all good thanks, i've decided to stay at my current school",
    "i'll stay at my current hospital thanks",
    "i don't drive so i can't get there",
  ])('%s', (u) => {
    expect(greet(u)).toMatchObject({ intent: 'decline', declinesInterview: true });
  });
  it.each(['nah all good thanks', "yeah nah i'm all good"])('%s: a polite no, not "any of them"', (u) => {
    expect(ask(u).intent).toBe('decline');
  });
  it.each([
    ['is the drive too long', 'a question'],
    ['tuesday is too far away', 'a day'],
    ['the drive is not too bad', 'not too much'],
    ["i can't get there on monday", 'a day'],
  ])('not: %s (%s)', (u) => {
    expect(declines(tok(u))).toBe(false);
  });
  it('"the drive is not too bad, monday works" chooses monday', () => {
    expect(ask('the drive is not too bad monday works')).toMatchObject({ intent: 'accept', slot: 0 });
  });
});

describe('decline: a day named, then given up ("i was going to say monday but ... no thanks")', () => {
  it.each([
    'i was gonna say monday but honestly the drive is too much so no thanks',
    'i was going to pick tuesday but actually no thanks',
    'tuesday would have worked but no thank you',
    "i was thinking tuesday but to be honest i'm not that keen anymore",
  ])('%s', (u) => {
    expect(ask(u)).toMatchObject({ intent: 'decline', declinesInterview: true });
  });
});
