/**
 * "I'm sorry, 2 PM is not available. The nearest open times are X or Y. Would either of those work?" A plain yes asks
 * which one; the reply that names one gets its read-back, and a yes to that books it.
 */
import { describe, expect, it } from 'vitest';
import { SLOTS, booked, nth, play, replyOf, said, started, u } from './helpers.js';

describe('a yes to "would either of those work", then a choice', () => {
  it('asks which, reads the named one back and books it on a yes', () => {
    const results = play(started(), [
      replyOf(u('propose_time', { date: '2026-12-01', time: '16:00' }), SLOTS, 'tuesday at four'),
      replyOf(u('accept'), SLOTS, 'aye'),
      replyOf(u('accept', { slot: 0 }), SLOTS, 'the first one'),
      replyOf(u('accept'), SLOTS, 'aye thats grand'),
    ]);
    expect(said(nth(results, 0).actions)).toContain('Would either of those work?');
    const offered = nth(results, 1).state.offered;
    expect(offered.length).toBe(2);
    expect(said(nth(results, 1).actions)).toContain('Which of the times would you like?');
    const chosen = offered[0];
    expect(said(nth(results, 2).actions)).toContain('Just to confirm');
    expect(booked(nth(results, 3))?.id).toBe(chosen?.id);
  });
});
