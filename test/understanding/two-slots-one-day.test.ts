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
