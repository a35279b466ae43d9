/**
 * `expecting: 'closing'`: the caller asked nothing more (a statement) or asked whether anything else is needed. Thanks,
 * bye and "no, that's all" close the call there; a question is a question; a new request is read as usual. Old-format
 * rows map to it from their context (legacy-input.ts).
 */
import { describe, expect, it } from 'vitest';
import { fromLegacyRow } from '../../src/core/understanding/legacy-input.js';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import type { OfferedSlot, Understanding } from '../../src/core/understanding/types.js';
import { choice, FOUR, NOW, TZ } from './helpers.js';

const closing = (utterance: string, offered: OfferedSlot[] = []): Understanding =>
  understandLocal({ utterance, expecting: 'closing', offered, now: NOW, timezone: TZ });
const expectingFor = (context: string, offered: OfferedSlot[] = []): string | undefined =>
  fromLegacyRow({ utterance: 'ok', offered, context, now: NOW, timezone: TZ }).expecting;

describe('replies when the caller is closing the call', () => {
  it.each(['great thank you', 'thanks so much', 'no that is all', 'no', 'bye', 'okay'])('"%s" closes the call', (u) => {
    expect(closing(u).intent).toBe('goodbye');
  });

  it('the same thanks to an offer of slots is not a goodbye', () => {
    expect(choice('great thank you').intent).not.toBe('goodbye');
  });

  it('"either works" accepts nothing when no slot is being offered', () => {
    expect(closing('either works').intent).not.toBe('accept');
  });

  it('a question is still a question', () => {
    expect(closing('how long will the interview take').intent).toBe('question');
  });

  it('"no, don\'t add it" still refuses what was just said', () => {
    expect(closing('no i do not need you to').intent).toBe('decline');
  });

  it('a new request is read as usual', () => {
    expect(closing('actually can we do tuesday at 2 pm instead', FOUR)).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('old-format contexts mapped to the state', () => {
  it.each([
    'Is there anything else I can help you with?',
    'Your reservation is confirmed.',
    'Your appointment has been made, and you can call them at 669-258-9601.',
  ])('"%s" is a closing', (context) => {
    expect(expectingFor(context)).toBe('closing');
  });

  it.each([
    'Would you like it added to your calendar.',
    'You might be able to get one at 2 pm on March 13th',
    'Please confirm the following details: a table for 2 at 7 pm.',
    'Which of these works for you?',
  ])('"%s" is not a closing', (context) => {
    expect(expectingFor(context)).toBe('choice');
  });

  it('a read-back of one slot stays a confirm', () => {
    expect(expectingFor("So that's Tuesday, December 1 at 2 PM. Shall I book it?", [FOUR[1] as OfferedSlot])).toBe('confirm');
  });
});
