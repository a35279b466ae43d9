/** Two slots on one day (Thursday 9:30 AM and 1:30 PM): position, order, part of day or a time picks one. */
import { describe, expect, it } from 'vitest';
import { choice, SAME_DAY } from './helpers.js';

describe('two slots on one day', () => {
  it.each([
    ['the earlier one on thursday', 1],
    ['the late one on thursday please', 2],
    ['thursday, the later one', 2],
    ['thursday afternoon', 2],
    ['thursday in the morning works', 1],
    ['whichever is earlier on thursday', 1],
    ['the one thirty one', 2],
    ['the nine thirty', 1],
    ['thursday at half past one', 2],
    ['thursday, the first one', 1],
    ['the second one on thursday', 2],
    ['the latest one on thursday', 2],
    ['thursday whichever is later', 2],
    ['whichever one is earliest on thursday', 1],
    ['the early one thursday', 1],
    ['the one thirty slot on thursday', 2],
    ['the nine thirty one on thursday', 1],
    ['thursday after lunch', 2],
    ['thursday before lunch', 1],
  ])('%s', (u, slot) => {
    const r = choice(u, SAME_DAY);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
  it('an order with no day to apply it to does not choose among four slots', () => {
    const r = choice('the later one', SAME_DAY);
    expect(r.slot).toBeNull();
  });
  it('the day alone does not choose between its two slots', () => {
    const r = choice('thursday works', SAME_DAY);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBeNull();
  });
});

describe('a rough time or a bound picks among one day’s slots (Thursday 9:30 AM and 1:30 PM)', () => {
  it.each([
    ['thursday around 1 would suit', 2],
    ['thursday about nine', 1],
    ['thursday at 1 or so', 2],
    ['thursday oneish', 2],
    ['thursday 9-ish works', 1],
    ['thursday any time after 1', 2],
    ['thursday anytime after 12', 2],
    ['thursday no earlier than 10', 2],
    ['thursday from 11 onwards', 2],
    ['thursday 1 or later', 2],
    ['thursday before 11', 1],
    ['thursday no later than 10', 1],
    ['thursday not before 11', 2],
    ['thursday by 10 at the latest', 1],
  ])('%s', (u, slot) => {
    const r = choice(u, SAME_DAY);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
  it('a rough time with no slot near it that day picks none', () => {
    const r = choice('thursday around 5', SAME_DAY);
    expect(r.slot).toBeNull();
  });
  it('a bound both slots satisfy picks neither', () => {
    const r = choice('thursday by 2', SAME_DAY);
    expect(r.slot).toBeNull();
  });
  it('a range is not a bound', () => {
    expect(choice('thursday from 10 to 2', SAME_DAY).slot).toBeNull();
  });
  it('a rough time with no day named picks among the only day offered', () => {
    const r = choice('around 1 would be good', SAME_DAY.slice(1, 3));
    expect(r).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('whichever is free first picks by order among one day’s slots', () => {
  it.each([
    ['thursday whichever one is free first', 1],
    ['thursday, whichever comes first', 1],
    ['whatever is open soonest on thursday', 1],
    ['thursday whichever one is available last', 2],
  ])('%s', (u, slot) => {
    const r = choice(u, SAME_DAY);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
});
