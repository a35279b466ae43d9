/**
 * A weekday asked for with nothing open that day (on a Wednesday, "friday" is two days off) when that weekday a week
 * on has open slots: the caller says the day asked for is not available and offers that weekday's slots, reading back
 * the only one directly, before falling back to the nearest times.
 */
import { describe, expect, it } from 'vitest';
import { transition } from '../../src/core/conversation/transition.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import { SLOTS, replyOf, said, started, u } from './helpers.js';

const FRIDAY_WEEK_ON: Slot = { id: 5, start: '2026-12-04T10:30:00-05:00' };
const FRIDAY_EARLY: Slot = { id: 6, start: '2026-12-04T09:00:00-05:00' };

describe('a weekday with nothing open, the same weekday a week on', () => {
  it('reads back the one slot that weekday a week on, and a yes books it', () => {
    const open = [...SLOTS, FRIDAY_WEEK_ON];
    const r = transition(started(open), replyOf(u('propose_time', { date: '2026-11-27' }), open));
    expect(said(r.actions)).toBe(
      "I'm sorry, Friday, November 27th is not available. I do have Friday, December 4th at 10:30 AM Eastern Time. Would that work?",
    );
    expect(r.state).toMatchObject({ phase: 'confirming', pending: FRIDAY_WEEK_ON });
    const yes = transition(r.state, replyOf(u('accept'), open));
    expect(yes.actions).toContainEqual({ type: 'book', slot: FRIDAY_WEEK_ON });
  });

  it('offers every slot of that weekday a week on when there are several', () => {
    const open = [...SLOTS, FRIDAY_EARLY, FRIDAY_WEEK_ON];
    const r = transition(started(open), replyOf(u('propose_time', { date: '2026-11-27' }), open));
    expect(said(r.actions)).toBe(
      "I'm sorry, Friday, November 27th is not available. On Friday, December 4th I have 9 AM or 10:30 AM. Which one works for you?",
    );
    expect(r.state.offered.map((s) => s.id)).toEqual([6, 5]);
  });

  it('reads back the one at the time asked for when that weekday a week on has it', () => {
    const open = [...SLOTS, FRIDAY_EARLY, FRIDAY_WEEK_ON];
    const r = transition(started(open), replyOf(u('propose_time', { date: '2026-11-27', time: '10:30' }), open));
    expect(said(r.actions)).toContain("I'm sorry, Friday, November 27th at 10:30 AM is not available.");
    expect(r.state).toMatchObject({ phase: 'confirming', pending: FRIDAY_WEEK_ON });
  });

  it('at a read-back, "yes but friday instead" goes to that weekday a week on', () => {
    const open = [...SLOTS, FRIDAY_WEEK_ON];
    const readBack = transition(started(open), replyOf(u('accept', { slot: 0 }), open)).state;
    const r = transition(readBack, replyOf(u('accept', { date: '2026-11-27' }), open));
    expect(r.state).toMatchObject({ phase: 'confirming', pending: FRIDAY_WEEK_ON });
    expect(r.actions.some((a) => a.type === 'book')).toBe(false);
  });

  it('falls back to the nearest times when that weekday a week on has nothing open either', () => {
    const r = transition(started(), replyOf(u('propose_time', { date: '2026-11-27' })));
    expect(said(r.actions)).toContain('The nearest open times are');
    expect(r.state.phase).toBe('offering');
  });
});
