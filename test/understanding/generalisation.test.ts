/**
 * Classes of errors found with phone-holdout-2/-3 and fixed in the local engine. Sentences are mostly new
 * wordings of each class (not the dataset rows), so that these tests check the rule, not the row.
 */
import { describe, expect, it } from 'vitest';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import { fromLegacyRow } from '../../src/core/understanding/legacy-input.js';
import type { OfferedSlot } from '../../src/core/understanding/types.js';
import { FOUR, NOW, ONE, TZ, four, one } from './helpers.js';

const OFFER =
  'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or ' +
  'Thursday, December 3rd at 3 PM. Which of these works best for you?';
const GREET =
  'Hello Jordan, this is the interview scheduling assistant calling from Acme about your application for the driver position. ' +
  'We would like to schedule your interview. ' +
  OFFER;
const BOOKED =
  'Perfect, your interview is booked for Tuesday, December 1st at 2 PM Eastern Time. You will receive a confirmation by email. Thank ' +
  'you, Jordan, and good luck. Goodbye.';
const READBACK = 'Just to confirm: Tuesday, December 1st at 2 PM Eastern Time. Is that right?';

const offer = (u: string) => four(u, OFFER);
const greet = (u: string) => four(u, GREET);

describe('cue anchors: "^ x" and "x $" alternatives match', () => {
  it.each([
    ['pass', 'decline'],
    ['i will pass thanks', 'decline'],
    ['i am busy', 'callback_later'],
    ['busy right now', 'callback_later'],
    ['hang on a second please', 'unclear'],
  ])('%s -> %s', (u, intent) => {
    expect(offer(u).intent).toBe(intent);
  });
  it('"pass me the address" is not a decline', () => {
    expect(offer('pass me the address').intent).not.toBe('decline');
  });
  it('"wait, is that eastern time" is a question, not a hold', () => {
    expect(one('wait is that eastern time', READBACK).intent).toBe('question');
  });
});

describe('old-format rows: the last sentence of the caller mapped to the state at the edge', () => {
  it('the booked prompt ("you will receive a confirmation") is not a read-back; "just to confirm" is', () => {
    const row = { utterance: 'yes', offered: ONE, now: NOW, timezone: TZ };
    expect(fromLegacyRow({ ...row, context: BOOKED }).expecting).toBe('choice');
    expect(fromLegacyRow({ ...row, context: READBACK })).toMatchObject({ expecting: 'confirm', pending: ONE[0] });
  });
  it('thanks after the booking closes the call', () => {
    expect(one('okay that is all i needed thanks', BOOKED).intent).toBe('goodbye');
  });
  it('"that\'s it" confirms a read-back', () => {
    expect(one("that's it", READBACK)).toMatchObject({ intent: 'accept', slot: 0 });
    expect(one("yep that's the one", READBACK)).toMatchObject({ intent: 'accept', slot: 0 });
  });
});

describe('slots picked by position or superlative', () => {
  it.each([
    ['the earliest', 0],
    ["whatever's soonest", 0],
    ['i will take the latest one', 3],
    ['the second to last one', 2],
    ['next to last', 2],
    ['second', 1],
    ['third please', 2],
    ['the very first', 0],
    ['option won', 0],
    ['number tree', 2],
  ])('%s -> slot %i', (u, slot) => {
    expect(offer(u)).toMatchObject({ intent: 'accept', slot });
  });
  it('"by three at the latest" is not the last slot', () => {
    expect(offer('friday by three at the latest').slot).toBeNull();
  });
});

describe('dates', () => {
  it('"on the third" is a day of the month, not the third slot', () => {
    expect(offer('the three pm on the third')).toMatchObject({ intent: 'accept', slot: 3, date: '2026-12-03' });
    expect(offer('could we do noon on the first')).toMatchObject({ intent: 'propose_time', time: '12:00', date: '2026-12-01' });
  });
  it('a weekday with its day number names that date', () => {
    expect(offer('is monday the 14th possible')).toMatchObject({ intent: 'propose_time', date: '2026-12-14' });
    expect(offer('monday the thirtieth')).toMatchObject({ intent: 'accept', slot: 0, date: '2026-11-30' });
    expect(offer('what about monday december 7th')).toMatchObject({ intent: 'propose_time', date: '2026-12-07' });
  });
  it.each([
    ['a week from today works', '2026-12-02'],
    ['a week from tomorrow', '2026-12-03'],
    ['two weeks from today at ten', '2026-12-09'],
    ['one week from now', '2026-12-02'],
  ])('%s -> %s', (u, date) => {
    expect(offer(u).date).toBe(date);
  });
  it('a word ordinal before a month is a date', () => {
    expect(offer('the ninth of december')).toMatchObject({ intent: 'propose_time', date: '2026-12-09' });
    expect(offer('third of december works')).toMatchObject({ intent: 'accept', slot: 3, date: '2026-12-03' });
  });
});

describe('times', () => {
  it.each([
    ['friday at tree', '15:00'],
    ['ate thirty on friday', '08:30'],
    ['won o clock friday', '13:00'],
    ['i can do for on friday', '16:00'],
    ['fifteen hundred on friday', '15:00'],
    ['seventeen hundred hours friday', '17:00'],
    ['half two on friday', '14:30'],
    ['half nine friday', '09:30'],
    ['three ish on friday', '15:00'],
    ['friday but later like four', '16:00'],
  ])('%s -> %s', (u, time) => {
    expect(offer(u)).toMatchObject({ intent: 'propose_time', time, date: '2026-11-27' });
  });
  it('slips stay words where they are words', () => {
    expect(offer('i ate already').time).toBeNull();
    expect(offer('half an hour').time).toBeNull();
    expect(offer('fifteen hundred a month').time).toBeNull();
    expect(offer('is there an option for wednesday').slot).not.toBe(3);
  });
  it('British half-hours match an offered slot when they equal it', () => {
    const slots: OfferedSlot[] = [
      { label: 'Friday, June 12th at 11:30 AM', start: '2026-06-12T11:30:00+01:00' },
      { label: 'Monday, June 15th at 3 PM', start: '2026-06-15T15:00:00+01:00' },
    ];
    const u = understandLocal({
      utterance: 'half eleven friday',
      offered: slots,
      now: '2026-06-08T11:00:00+01:00',
      timezone: 'Europe/London',
    });
    expect(u).toMatchObject({ intent: 'accept', slot: 0, time: '11:30', date: '2026-06-12' });
  });
});

describe('polarity', () => {
  it('"X instead of Y" refuses Y and prefers X', () => {
    expect(offer('tuesday is fine but could we do eleven instead of two')).toMatchObject({
      intent: 'propose_time',
      time: '11:00',
      date: '2026-12-01',
    });
    expect(offer('thursday rather than monday')).toMatchObject({ intent: 'accept', slot: 3 });
  });
  it('"anything but X" excludes X', () => {
    expect(offer('anything but monday so tuesday')).toMatchObject({ intent: 'accept', slot: 1 });
  });
  it('"i don\'t care" is indifference, not a refusal', () => {
    expect(offer('just give me the last one i do not care')).toMatchObject({ intent: 'accept', slot: 3 });
  });
  it('a day and a separate clock time are judged together', () => {
    expect(offer('wednesday is good but at three')).toMatchObject({ intent: 'propose_time', time: '15:00', date: '2026-12-02' });
    expect(offer('thursday works at three yes')).toMatchObject({ intent: 'accept', slot: 3 });
  });
});

describe('accepting any slot', () => {
  it.each([
    'any of them is fine',
    'i do not mind',
    'it does not matter to me',
    'whichever',
    'not fussed',
    'up to you',
    'whatever works best',
  ])('%s', (u) => {
    expect(offer(u)).toMatchObject({ intent: 'accept', slot: null });
  });
  it('"none of them work" is not an any-slot accept', () => {
    expect(offer('none of them work').intent).not.toBe('accept');
  });
});

describe('asking to hear it again', () => {
  it.each([
    'what was the first one',
    'sorry what were those days again',
    'you are breaking up',
    'i can not hear you',
    'one moment',
    'give me a sec',
  ])('%s -> unclear', (u) => {
    expect(['unclear', 'question']).toContain(offer(u).intent);
    expect(offer(u).intent).not.toBe('accept');
  });
  it('"what are the other options" still asks for alternatives', () => {
    expect(offer('what are the other options').intent).toBe('request_alternatives');
  });
});

describe('vocabulary', () => {
  it.each([
    ['i do not want any more calls', 'opt_out'],
    ['get me off your calling list', 'opt_out'],
    ['remove this phone number', 'opt_out'],
    ['i do not want you people contacting me', 'opt_out'],
    ['put this number on the do not call registry', 'opt_out'],
    ['this is his mother', 'wrong_person'],
    ['i think you need my daughter', 'wrong_person'],
    ['jordan is not home', 'wrong_person'],
    ['i am not jordan', 'wrong_person'],
    ['wrong jordan', 'wrong_person'],
    ['you are trying to reach somebody else', 'wrong_person'],
    ['the number belongs to someone else', 'wrong_person'],
    ['i am at the pharmacy', 'callback_later'],
    ['i am on my break', 'callback_later'],
    ['ring me back on thursday', 'callback_later'],
    ['now is not a good time', 'callback_later'],
    ["now's not great", 'callback_later'],
    ['today is really bad', 'callback_later'],
    ["i'll call you back", 'callback_later'],
    ['i was hired last week', 'decline'],
    ['i have a job now thanks', 'decline'],
    ['i am no longer pursuing this', 'decline'],
    ['i have to decline', 'decline'],
    ['i accepted an offer at another company', 'decline'],
  ])('%s -> %s', (u, intent) => {
    expect(greet(u).intent).toBe(intent);
  });
  it.each([
    ['nothing sooner?', 'request_alternatives'],
    ['earlier?', 'request_alternatives'],
    ['how about later in the week', 'request_alternatives'],
    ['do you have any evening slots', 'request_alternatives'],
    ['anything over the weekend', 'request_alternatives'],
    ['is there nothing else', 'request_alternatives'],
    ['none of those days work', 'request_alternatives'],
  ])('%s -> %s', (u, intent) => {
    expect(offer(u).intent).toBe(intent);
  });
  it('"do you have another time" asks for a slot; "call me another time" for a call', () => {
    expect(one("that doesn't work do you have another time", READBACK).intent).toBe('request_alternatives');
    expect(offer('call me another time').intent).toBe('callback_later');
  });
  it('a callback that names a time keeps the time', () => {
    expect(offer("i'm at work call me back after five")).toMatchObject({ intent: 'callback_later', time: '17:00' });
    expect(offer('can you call me monday morning')).toMatchObject({ intent: 'callback_later', date: '2026-11-30' });
    expect(offer('can you call me at one')).toMatchObject({ intent: 'callback_later', time: '13:00' });
  });
  it('"not sure" is not a yes', () => {
    expect(offer("i'm not sure").intent).toBe('unclear');
  });
});

describe('offer slots as given', () => {
  it('indices follow the offered list after a slot was taken', () => {
    const rest = FOUR.slice(1);
    const u = understandLocal({ utterance: 'wednesday then', offered: rest, now: NOW, timezone: TZ });
    expect(u).toMatchObject({ intent: 'accept', slot: 1, date: '2026-12-02' });
  });
});
