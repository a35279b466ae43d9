/** Corrections: when the candidate changes their mind inside one reply, the last stated choice wins. */
import { describe, expect, it } from 'vitest';
import { choice, SAME_DAY } from './helpers.js';

describe('corrections: the last stated choice wins', () => {
  it.each([
    ['two pm, sorry, i meant eleven', 2, '11:00'],
    ['tuesday, no wait, i mean wednesday', 2, null],
    ['monday, no, scratch that, thursday', 3, null],
    ['the first one, actually no, the last one', 3, null],
    ['the third, hmm, no, make that the second', 1, null],
    ['thursday at three, oh wait, i meant monday at ten', 0, '10:00'],
    ['eleven on wednesday, no sorry, make it ten on monday', 0, '10:00'],
    ['wednesday at eleven, no wait, make it ten on monday', 0, '10:00'],
    ['two on tuesday, sorry, make it three on thursday', 3, '15:00'],
    ['the first one, no hang on, make it the third', 2, null],
    ['wednesday at eleven, actually make it monday', 0, null],
  ])('%s', (u, slot, time) => {
    const r = choice(u);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
    if (time !== null) expect(r.time).toBe(time);
  });
  it('a corrected day that is not offered is a proposal of that day', () => {
    const r = choice('monday, sorry no, i meant saturday');
    expect(r.intent).toBe('propose_time');
    expect(r.date).toBe('2026-11-28');
  });
  it('a correction that only changes the time keeps the day ("thursday at three, no, make it ten")', () => {
    const r = choice('thursday at three, no, make it ten');
    expect(r).toMatchObject({ intent: 'propose_time', date: '2026-12-03', time: '10:00' });
  });
  it('a correction that only changes the day keeps the time ("ten on monday, oh wait, tuesday")', () => {
    const r = choice('two on wednesday, oh hang on, that was tuesday');
    expect(r).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('corrections: an order within the day after a time keeps the day, not the time first said', () => {
  it.each([
    'thursday at nine thirty hmm no the later one on thursday',
    'thursday at nine thirty no the second one on thursday',
    'thursday at nine thirty, no, the later one that day',
  ])('%s', (u) => {
    expect(choice(u, SAME_DAY)).toMatchObject({ intent: 'accept', slot: 2 });
  });
  it('the earlier one after the later time picks the earlier', () => {
    expect(choice('thursday at one thirty, no, the earlier one on thursday', SAME_DAY)).toMatchObject({ intent: 'accept', slot: 1 });
  });
});
