import { describe, expect, it } from 'vitest';
import { RECENT_LINES, RECENT_LINE_CHARS, transition } from '../../src/core/conversation/transition.js';
import { understandInputOf } from '../../src/core/conversation/understand-input.js';
import { SLOTS, nth, play, replyOf, slot, started, u } from './helpers.js';

const NOW = new Date('2026-11-27T15:00:00Z');

describe('what understanding is given', () => {
  it("while offering: a choice, the offered slots with ids and spoken labels, the greeted name, the zone's now", () => {
    const input = understandInputOf(started(), 'the second one', NOW);
    expect(input).toMatchObject({ utterance: 'the second one', expecting: 'choice', pending: null, candidateName: 'Sam' });
    expect(input.offered[1]).toEqual({ id: 2, label: 'Tuesday, December 1st at 2 PM', start: slot(1).start });
    expect(input.now).toBe('2026-11-27T10:00:00.000-05:00');
    expect(input.timezone).toBe('America/New_York');
  });

  it('at a read-back: a confirmation, the pending slot, and still every offered slot', () => {
    const confirming = transition(started(), replyOf(u('accept', { slot: 1 }))).state;
    const input = understandInputOf(confirming, 'yes', NOW);
    expect(input.expecting).toBe('confirm');
    expect(input.pending).toEqual({ id: 2, label: 'Tuesday, December 1st at 2 PM', start: slot(1).start });
    expect(input.offered.map((o) => o.id)).toEqual([1, 2, 3, 4]);
  });

  it('the last lines of the conversation, both speakers, oldest first', () => {
    const results = play(started(), [replyOf(u('unclear'), SLOTS, '  um   what  '), replyOf(u('accept', { slot: 0 }), SLOTS, 'monday')]);
    const history = understandInputOf(nth(results, 1).state, 'yes', NOW).history ?? [];
    expect(history.slice(-4)).toEqual([
      { speaker: 'candidate', text: 'um what' },
      { speaker: 'caller', text: expect.stringContaining("Sorry, I didn't quite catch that.") },
      { speaker: 'candidate', text: 'monday' },
      { speaker: 'caller', text: 'Just to confirm: Monday, November 30th at 10 AM Eastern Time. Is that right?' },
    ]);
  });

  it('keeps only the last few lines, each clipped to its end', () => {
    const long = `${'really '.repeat(60)}the first one`;
    const results = play(
      started(),
      Array.from({ length: 5 }, () => replyOf(u('unclear'), SLOTS, long)),
    );
    const recent = results.at(-1)?.state.recent ?? [];
    expect(recent).toHaveLength(RECENT_LINES);
    for (const line of recent) expect(line.text.length).toBeLessThanOrEqual(RECENT_LINE_CHARS);
    expect(recent.find((l) => l.speaker === 'candidate')?.text).toMatch(/^….*the first one$/);
  });

  it('a keypad press is remembered as one', () => {
    const state = transition(started(), { type: 'digits', digits: '2', open: SLOTS }).state;
    expect(state.recent.at(-2)).toEqual({ speaker: 'candidate', text: '(pressed 2)' });
  });
});
