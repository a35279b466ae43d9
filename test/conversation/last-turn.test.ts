import { describe, expect, it } from 'vitest';
import type { TransitionResult } from '../../src/core/conversation/types.js';
import { booked, nth, play, replyOf, said, slot, started, u } from './helpers.js';

const MAX = 3;
const endsWithMaxTurns = (r: TransitionResult | undefined) =>
  r?.actions.some((a) => a.type === 'end' && a.outcome === 'max_turns') ?? false;

describe('a choice on the last allowed turn', () => {
  it('is read back, and its yes books', () => {
    const results = play(started(undefined, MAX), [
      replyOf(u('unclear')),
      replyOf(u('request_alternatives')),
      replyOf(u('accept', { slot: 1 })),
      replyOf(u('accept')),
    ]);
    expect(said(results[2]?.actions ?? [])).toContain('Just to confirm: Tuesday, December 1st at 2 PM');
    expect(endsWithMaxTurns(results[2])).toBe(false);
    expect(booked(nth(results, 3))).toEqual(slot(1));
  });

  it('gets one more read-back for "no, the other one", whose yes books', () => {
    const results = play(started(undefined, MAX), [
      replyOf(u('unclear')),
      replyOf(u('unclear')),
      replyOf(u('accept', { slot: 1 })),
      replyOf(u('accept', { slot: 2 })),
      replyOf(u('accept')),
    ]);
    expect(results[3]?.state.pending).toEqual(slot(2));
    expect(booked(nth(results, 4))).toEqual(slot(2));
  });

  it('cannot keep a call going: changing the choice again past the limit ends it (at most MAX_TURNS + 2 replies)', () => {
    const results = play(started(undefined, MAX), [
      replyOf(u('unclear')),
      replyOf(u('unclear')),
      replyOf(u('accept', { slot: 1 })),
      replyOf(u('accept', { slot: 2 })),
      replyOf(u('accept', { slot: 3 })),
    ]);
    expect(endsWithMaxTurns(results[4])).toBe(true);
    expect(results[4]?.state.turns).toBe(MAX + 2);
    expect(said(results[4]?.actions ?? [])).not.toContain('Just to confirm');
  });

  it('ends the call on the last allowed turn when the reply picks nothing', () => {
    const results = play(started(undefined, MAX), [replyOf(u('unclear')), replyOf(u('unclear')), replyOf(u('unclear'))]);
    expect(endsWithMaxTurns(results[2])).toBe(true);
    expect(said(results[2]?.actions ?? [])).toContain("I'm having trouble scheduling over the phone");
  });

  it('still records a question asked on the last turn, without promising to pass it on', () => {
    const results = play(started(undefined, MAX), [
      replyOf(u('unclear')),
      replyOf(u('unclear')),
      replyOf(u('question', { topic: 'other' }), undefined, 'do you sponsor visas'),
    ]);
    const last = results[2]?.actions ?? [];
    expect(last).toContainEqual({ type: 'record_question', text: 'do you sponsor visas', topic: 'other' });
    expect(endsWithMaxTurns(results[2])).toBe(true);
    expect(said(last)).not.toContain('recruiter');
  });
});
