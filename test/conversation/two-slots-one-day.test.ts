import { describe, expect, it } from 'vitest';
import { transition } from '../../src/core/conversation/transition.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import { booked, replyOf, said, slot, started, u } from './helpers.js';

const THURSDAY_TWICE: Slot[] = [
  { id: 1, start: '2026-11-30T10:00:00-05:00' },
  { id: 2, start: '2026-12-03T10:00:00-05:00' },
  { id: 3, start: '2026-12-03T14:30:00-05:00' },
  { id: 4, start: '2026-12-04T15:00:00-05:00' },
];

describe('two slots on one day', () => {
  it("offers just that day's slots when the reply names the day", () => {
    const result = transition(started(THURSDAY_TWICE), replyOf(u('accept', { date: '2026-12-03' }), THURSDAY_TWICE));
    expect(said(result.actions)).toBe('On Thursday, December 3rd I have 10 AM or 2:30 PM. Which one works for you?');
    expect(result.state.offered.map((s) => s.id)).toEqual([2, 3]);
    expect(booked(result)).toBeUndefined();
  });

  it('reads back the one the time picks among them', () => {
    const day = transition(started(THURSDAY_TWICE), replyOf(u('propose_time', { date: '2026-12-03' }), THURSDAY_TWICE)).state;
    const result = transition(day, replyOf(u('propose_time', { time: '14:30' }), THURSDAY_TWICE));
    expect(result.state.pending?.id).toBe(3);
    expect(said(result.actions)).toContain('Just to confirm: Thursday, December 3rd at 2:30 PM');
  });

  it('prefers an offered slot to an open one that was not offered ("the thursday one")', () => {
    const state = { ...started(THURSDAY_TWICE), offered: [slot(0, THURSDAY_TWICE), slot(2, THURSDAY_TWICE)] };
    const result = transition(state, replyOf(u('accept', { date: '2026-12-03' }), THURSDAY_TWICE));
    expect(result.state.pending?.id).toBe(3);
  });
});
