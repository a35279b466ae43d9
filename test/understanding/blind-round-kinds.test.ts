/**
 * Kinds of reply a blind whole-call run missed: turning the job down with a reason that sounds like timing, days
 * refused one after another without punctuation, "oclock" written as one word after a refused morning, and questions
 * without a question word. The sentences are new ones of each kind, not the calls' own lines.
 */
import { describe, expect, it } from 'vitest';
import { choice, SAME_DAY } from './helpers.js';

describe('turning the job down, with a reason, is a decline (not a call-back)', () => {
  it.each([
    "we're emigrating next month so i can't accept the position, sorry",
    "i won't be taking the job, my family is moving away soon",
    'sorry i am not able to take this role right now, going back home',
    'due to my health i will have to turn this down sorry',
  ])('%s', (u) => {
    expect(choice(u)).toMatchObject({ intent: 'decline', declinesInterview: true });
  });
  it.each([
    ["i can't take the tuesday one", 'a slot refused'],
    ['can i take the job interview on monday', 'a question about a slot'],
    ["i can't take calls right now, ring me later", 'a call-back'],
  ])('not the job turned down: %s (%s)', (u) => {
    expect(choice(u).declinesInterview ?? false).toBe(false);
  });
});

describe('days refused one after another, without punctuation or apostrophes', () => {
  it('the day said to work is chosen', () => {
    expect(choice('monday doesnt work tuesday doesnt work wednesday does')).toMatchObject({ intent: 'accept', slot: 2 });
    expect(choice('wednesday isnt good thursday isnt either monday is')).toMatchObject({ intent: 'accept', slot: 0 });
    expect(choice('monday dont work for me tuesday dont work thursday works')).toMatchObject({ intent: 'accept', slot: 3 });
  });
  it('a day said to work before the refused ones is kept', () => {
    expect(choice('tuesday works monday doesnt')).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('"oclock" in one word, and bare afternoon hours inside a longer reply', () => {
  it('a refused morning does not make a bare hour a night hour', () => {
    const r = choice('cant do thursday morning i have a dentist appointment the one thirty oclock is ok', SAME_DAY);
    expect(r).toMatchObject({ intent: 'accept', slot: 2, time: '13:30' });
    expect(choice('not monday morning cause of work the three oclock works better').time).toBe('15:00');
    expect(choice('cant do the morning the two works')).toMatchObject({ intent: 'accept', slot: 1, time: '14:00' });
  });
  it('a morning linked to the hour keeps it a morning hour', () => {
    expect(choice('tomorrow morning at 6').time).toBe('06:00');
  });
  it.each([
    ['wednesday at eleven oclock', '11:00'],
    ['tuesday at two o clock', '14:00'],
    ['how about four oclock on monday', '16:00'],
  ])('%s -> %s', (u, time) => {
    expect(choice(u).time).toBe(time);
  });
  it('an hour said with "in the morning" stays a morning hour', () => {
    expect(choice('could we do 7 in the morning').time).toBe('07:00');
  });
});

describe('a question without a question word is passed on to the recruiter', () => {
  it.each(['if they hire me when i would begin', 'and the benefits', 'what about holidays', 'the uniform?', 'also the pay'])('%s', (u) => {
    expect(choice(u)).toMatchObject({ intent: 'question', topic: 'other' });
  });
});
