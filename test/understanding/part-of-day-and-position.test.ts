/**
 * A part of day, a position or a corrected day picks the slot the candidate meant: "the afternoon one" after a
 * refused part of the same day is that day's; noon is not "the afternoon one" when a later afternoon slot that day
 * exists; "the first of those two" is a position among the slots just offered, never a date; a corrected day that
 * the candidate works does not stay in the reply, and the first time is not carried to a day where it is not open.
 */
import { describe, expect, it } from 'vitest';
import type { OfferedSlot } from '../../src/core/understanding/types.js';
import { choice, confirm, FOUR, SAME_DAY } from './helpers.js';

/** Tuesday at noon and 3:30 PM, Wednesday at 9 AM, Thursday at 9 AM and noon. */
const NOON_DAYS: OfferedSlot[] = [
  { id: 31, label: 'Tuesday, December 1 at 12 PM', start: '2026-12-01T12:00:00-05:00' },
  { id: 32, label: 'Tuesday, December 1 at 3:30 PM', start: '2026-12-01T15:30:00-05:00' },
  { id: 33, label: 'Wednesday, December 2 at 9 AM', start: '2026-12-02T09:00:00-05:00' },
  { id: 34, label: 'Thursday, December 3 at 9 AM', start: '2026-12-03T09:00:00-05:00' },
  { id: 35, label: 'Thursday, December 3 at 12 PM', start: '2026-12-03T12:00:00-05:00' },
];

describe('a part of day said after a refused part of the same day is that day', () => {
  it.each([
    ["tuesday mornings don't work for me but the afternoon one would", 1],
    ["i can't do thursday afternoons, the morning one is good", 3],
    ['thursday afternoons are out for me so the morning one', 3],
  ])('%s', (u, slot) => {
    const r = choice(u, NOON_DAYS);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
});

describe('noon is not the afternoon one when a later afternoon slot that day exists', () => {
  it.each([
    ['tuesday, the afternoon one', 1],
    ['the afternoon one on tuesday please', 1],
    ['thursday, the morning one', 3],
    ['tuesday, the noon one', 0],
    ['the lunchtime one on tuesday', 0],
    ['thursday the lunch time one', 4],
  ])('%s', (u, slot) => {
    const r = choice(u, NOON_DAYS);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
  it('the afternoon one among one day’s two slots, the day already chosen', () => {
    const tuesday = NOON_DAYS.slice(0, 2);
    expect(choice('the afternoon one', tuesday).slot).toBe(1);
    expect(choice('the lunchtime one', tuesday).slot).toBe(0);
  });
  it.each(['no, the tuesday afternoon one', 'actually make it the afternoon one on tuesday'])('at a read-back of Wednesday: %s', (u) => {
    const r = confirm(u, 2, NOON_DAYS);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(1);
  });
});

describe('"the first of those two" is a position among the slots just offered', () => {
  const thursday = SAME_DAY.slice(1, 3);
  it.each([
    ['the first of those two', thursday, 0],
    ['the second of them please', thursday, 1],
    ['the second of those', FOUR, 1],
    ["i'll go with the first of them", FOUR, 0],
  ])('%s', (u, offered, slot) => {
    const r = choice(u, offered);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
    expect(r.date).toBeNull();
  });
  it('"the first of december" stays a date', () => {
    expect(choice('the first of december', FOUR).date).toBe('2026-12-01');
  });
});

describe('a corrected day the candidate works is refused, and the first time is not carried over', () => {
  it.each([
    ['monday at ten oh wait i work mondays so tuesday', 1],
    ['wednesday at eleven no hold on i work on wednesdays make it thursday', 3],
  ])('%s', (u, slot) => {
    const r = choice(u);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
  it('the new day’s only slot is chosen, not the first time on the new day', () => {
    const r = choice('tuesday at noon hang on i work tuesdays so wednesday', NOON_DAYS);
    expect(r.slot).toBe(2);
    expect(r.time).toBeNull();
  });
  it('"no mornings" refuses the mornings, even as the first words', () => {
    const r = choice("no mornings i'm on nights so thursday then", NOON_DAYS);
    expect(r.slot).toBe(4);
  });
});

describe('an end of the day said as a phrase picks that end of the day', () => {
  it.each([
    ['thursday end of the day', 2],
    ['thursday, at the end of the day', 2],
    ['thursday late in the day', 2],
    ['close of business on thursday', 2],
    ['thursday arvo', 2],
    ['thursday first thing', 1],
    ['thursday, start of the day', 1],
    ['early in the day on thursday', 1],
    ['thursday as late as possible', 2],
  ])('%s', (u, slot) => {
    expect(choice(u, SAME_DAY)).toMatchObject({ intent: 'accept', slot });
  });
  it('the earliest or latest of one day’s mornings or afternoons', () => {
    const mornings: OfferedSlot[] = [
      { id: 41, label: 'Thursday, December 3 at 9 AM', start: '2026-12-03T09:00:00-05:00' },
      { id: 42, label: 'Thursday, December 3 at 11 AM', start: '2026-12-03T11:00:00-05:00' },
      { id: 43, label: 'Thursday, December 3 at 3:30 PM', start: '2026-12-03T15:30:00-05:00' },
      { id: 44, label: 'Thursday, December 3 at 4:45 PM', start: '2026-12-03T16:45:00-05:00' },
    ];
    expect(choice('thursday first thing', mornings).slot).toBe(0);
    expect(choice('thursday end of the day', mornings).slot).toBe(3);
  });
});

describe('"the second of the two" is a position among the slots just offered', () => {
  const thursday = SAME_DAY.slice(1, 3);
  it.each([
    ['the second of the two', thursday, 1],
    ['the first of the two', thursday, 0],
    ['the latter of the two', thursday, 1],
    ['the first of the options', FOUR, 0],
    ['thursday, the second of the two', SAME_DAY, 2],
    ['the 2nd of the two', thursday, 1],
    ['the second of both', thursday, 1],
  ])('%s', (u, offered, slot) => {
    expect(choice(u, offered)).toMatchObject({ intent: 'accept', slot });
  });
  it('"the second of the month" stays a date', () => {
    expect(choice('the second of the month', FOUR).date).toBe('2026-12-02');
  });
});
