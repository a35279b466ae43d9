/**
 * Replies as a phone recogniser writes them: contractions without apostrophes, corrections in other words, a choice
 * after "you cut out", questions about the zone or the job in other words, and ordinals misheard ("the fist one").
 */
import { describe, expect, it } from 'vitest';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import type { OfferedSlot, Understanding } from '../../src/core/understanding/types.js';
import { choice, FOUR, NOW, SAME_DAY, TZ } from './helpers.js';

/** Two slots on each of Monday to Wednesday. */
const PAIRS: OfferedSlot[] = [
  { id: 31, label: 'Monday, November 30 at 9:30 AM', start: '2026-11-30T09:30:00-05:00' },
  { id: 32, label: 'Monday, November 30 at 3 PM', start: '2026-11-30T15:00:00-05:00' },
  { id: 33, label: 'Tuesday, December 1 at 10 AM', start: '2026-12-01T10:00:00-05:00' },
  { id: 34, label: 'Tuesday, December 1 at 2 PM', start: '2026-12-01T14:00:00-05:00' },
  { id: 35, label: 'Wednesday, December 2 at 10:30 AM', start: '2026-12-02T10:30:00-05:00' },
  { id: 36, label: 'Wednesday, December 2 at 2 PM', start: '2026-12-02T14:00:00-05:00' },
];
/** Two slots on Thursday, and another afternoon on Monday: "the afternoon" alone names two slots. */
const THURSDAY_TWICE: OfferedSlot[] = [
  { id: 41, label: 'Thursday, December 3 at 10 AM', start: '2026-12-03T10:00:00-05:00' },
  { id: 42, label: 'Thursday, December 3 at 2:30 PM', start: '2026-12-03T14:30:00-05:00' },
  { id: 43, label: 'Friday, December 4 at 9:30 AM', start: '2026-12-04T09:30:00-05:00' },
  { id: 44, label: 'Monday, December 7 at 1:30 PM', start: '2026-12-07T13:30:00-05:00' },
];
const named = (utterance: string, candidateName: string): Understanding => choice(utterance, FOUR, candidateName);

describe('contractions without apostrophes read like the apostrophe forms', () => {
  it.each([
    'honestly i wont be doing any interview thanks',
    'im not going to be able to make an interview',
    'i dont think ill be doing the interview sorry',
    'i wont be able to make it to any interview',
  ])('a decline: %s', (u) => {
    expect(choice(u)).toMatchObject({ intent: 'decline' });
  });
  it.each([
    ['cant make monday but tuesday works', FOUR, 1],
    ['thursday morning doesnt work but the afternoon one does', SAME_DAY, 2],
    ['thursday morning isnt good for me but the afternoon is', THURSDAY_TWICE, 1],
    ['i cant do the morning on thursday the afternoon is fine though', THURSDAY_TWICE, 1],
    ['cant make thursday at ten but the afternoon works', THURSDAY_TWICE, 1],
  ])('a negated part, then a choice: %s', (u, offered, slot) => {
    expect(choice(u, offered)).toMatchObject({ intent: 'accept', slot });
  });
  it.each([
    'thats my brothers old number he doesnt use it anymore',
    'this used to be mikes number he doesnt have this number anymore',
    'hes not here this isnt his number anymore',
  ])('a wrong number: %s', (u) => {
    expect(named(u, 'Mike Lee')).toMatchObject({ intent: 'wrong_person' });
  });
  it('a wrong number by the name the caller asked for ("<name>s old number")', () => {
    expect(named('this is priyas old number', 'Priya Shah')).toMatchObject({ intent: 'wrong_person' });
    expect(named('this number used to be priyas', 'Priya Shah')).toMatchObject({ intent: 'wrong_person' });
  });
  it("the candidate's own old number is not a wrong number", () => {
    expect(named('this is my old number', 'Priya Shah').intent).not.toBe('wrong_person');
  });
  it('a refused interview time is not a refused interview ("cant do an interview at ten")', () => {
    expect(choice('i cant do an interview in the morning').declinesInterview).not.toBe(true);
  });
  it('words that look like contractions stay as they are ("well", "were", "shell")', () => {
    expect(choice('well monday works')).toMatchObject({ intent: 'accept', slot: 0 });
    expect(choice('we were hoping for tuesday')).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('a correction never books the first-stated slot', () => {
  it.each([
    ['monday at three no i mean tuesday at two', 3],
    ['wednesday at two scratch that wednesday at ten thirty', 4],
    ['the tuesday at ten or rather the monday afternoon', 1],
    ['wednesday afternoon wait no monday morning', 0],
    ['tuesday at two no no wednesday in the morning', 4],
  ])('%s', (u, slot) => {
    expect(choice(u, PAIRS)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('a choice after "you cut out" is a choice', () => {
  it.each([
    ['sorry you broke up there wednesday at two', 5],
    ['you cut out a bit but monday at three please', 1],
    ['could not hear you too well tuesday at ten works', 2],
  ])('%s', (u, slot) => {
    expect(choice(u, PAIRS)).toMatchObject({ intent: 'accept', slot });
  });
  it('without a choice it still asks to hear it again', () => {
    expect(choice('sorry you cut out there')).toMatchObject({ intent: 'unclear' });
    expect(choice('what was the second one again')).toMatchObject({ intent: 'unclear' });
  });
});

describe('questions in other words', () => {
  it.each([
    'is that pacific',
    'are those mountain times',
    'which zone are those in',
    'is that in my time',
    'is that eastern or central',
    'are those times central',
  ])('the zone: %s', (u) => {
    expect(choice(u)).toMatchObject({ intent: 'question', topic: 'timezone' });
  });
  it.each([
    'is the job remote',
    'would i have to relocate for this',
    'is the role hybrid or in the office',
    'is this position fully remote',
    'is it a remote job',
  ])('the job, passed on: %s', (u) => {
    expect(choice(u)).toMatchObject({ intent: 'question', topic: 'other' });
  });
  it.each(['is the interview on video', 'will the interview be remote', 'is it over the phone'])('the interview format: %s', (u) => {
    expect(choice(u)).toMatchObject({ intent: 'question', topic: 'format' });
  });
});

describe('ordinals as the recogniser mishears them', () => {
  it.each([
    ['i will take the furst one', 0],
    ['the thurd one please', 2],
    ['lets do the forth one', 3],
    ['the fist option works', 0],
    ['lets do the fist', 0],
    ['the last one', 3],
  ])('%s', (u, slot) => {
    expect(choice(u)).toMatchObject({ intent: 'accept', slot });
  });
  it('"back and forth" stays a phrase', () => {
    expect(choice('sorry for all the back and forth monday works').slot).toBe(0);
  });
});

describe('confirm after these', () => {
  it('a plain yes to a read-back still books it', () => {
    const r = understandLocal({ utterance: 'yep thats it', expecting: 'confirm', offered: FOUR, pending: FOUR[1], now: NOW, timezone: TZ });
    expect(r.intent).toBe('accept');
  });
});
