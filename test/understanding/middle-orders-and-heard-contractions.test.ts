/**
 * "The middle one" among a day's three slots, an order among a day's slots said around other words, a correction said
 * with "i misspoke" or "on second thought", an opt-out naming the kind of call ("these robot calls"), and "ill pass"
 * (i'll, heard without its apostrophe) as a decline.
 */
import { describe, expect, it } from 'vitest';
import type { OfferedSlot } from '../../src/core/understanding/types.js';
import { choice, FOUR, SAME_DAY } from './helpers.js';

/** Three slots on Thursday among four. */
const THREE_ON_THURSDAY: OfferedSlot[] = [
  { id: 31, label: 'Wednesday, December 2 at 8 AM', start: '2026-12-02T08:00:00-05:00' },
  { id: 32, label: 'Thursday, December 3 at 9 AM', start: '2026-12-03T09:00:00-05:00' },
  { id: 33, label: 'Thursday, December 3 at 1:05 PM', start: '2026-12-03T13:05:00-05:00' },
  { id: 34, label: 'Thursday, December 3 at 4:25 PM', start: '2026-12-03T16:25:00-05:00' },
];

describe('"the middle one" picks the middle of an odd number of slots', () => {
  it.each(['the middle one on thursday', 'the middle slot on thursday please', 'thursday the middle one'])('%s', (reply) => {
    expect(choice(reply, THREE_ON_THURSDAY)).toMatchObject({ intent: 'accept', slot: 2 });
  });
  it('among three offered', () => {
    expect(choice('the middle one', THREE_ON_THURSDAY.slice(1))).toMatchObject({ intent: 'accept', slot: 1 });
  });
  it('among four there is no middle one: nothing is picked', () => {
    expect(choice('the middle one').slot).toBeNull();
  });
  it('"in the middle of something" is not a slot', () => {
    expect(choice('im in the middle of something can you call back later', THREE_ON_THURSDAY).intent).toBe('callback_later');
  });
});

describe('corrections said another way', () => {
  it.each([
    ['the first one sorry i misspoke the second one', 1],
    ['monday on second thought wednesday', 2],
    ['tuesday at two let me rephrase thursday at three', 3],
  ])('%s -> slot %s', (reply, slot) => {
    expect(choice(reply, FOUR)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('an opt-out that names the kind of call', () => {
  it.each(['i dont want any more of these robot calls to this number', 'i do not want any more automated calls'])('%s', (reply) => {
    expect(choice(reply).intent).toBe('opt_out');
  });
});

describe('"ill" heard for "i\'ll"', () => {
  it.each(['ill pass', 'honestly the salary range is too low for me so ill pass'])('%s -> decline', (reply) => {
    expect(choice(reply).intent).toBe('decline');
  });
  it('"ill take the wednesday one" chooses', () => {
    expect(choice('ill take the wednesday one')).toMatchObject({ intent: 'accept', slot: 2 });
  });
  it('"i have been ill" is not "i will"', () => {
    expect(choice('sorry i have been ill this week tuesday works').slot).toBe(1);
  });
});

describe('an order among a day’s slots, said around other words', () => {
  it('"whichever is later in the day" picks the later of the day’s two, not a request for later times', () => {
    expect(choice('thursday whichever is later in the day', SAME_DAY)).toMatchObject({ intent: 'accept', slot: 2 });
  });
  it('"anything later in the day" still asks for other times', () => {
    expect(choice('do you have anything later in the day').intent).toBe('request_alternatives');
  });
  it('"after lunch but not the late one": the part of day, less the one refused', () => {
    const r = choice('wednesday doesnt suit thursday after lunch but not the late one', THREE_ON_THURSDAY);
    expect(r).toMatchObject({ intent: 'accept', slot: 2 });
  });
});
