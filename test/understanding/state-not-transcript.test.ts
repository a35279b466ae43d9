/**
 * Understanding reads the conversation's state, never the caller's words: rewording (or dropping) the history lines
 * leaves every reply understood the same; the candidate's name works on any turn.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRows } from '../../scripts/eval-understanding.js';
import { fromLegacyRow } from '../../src/core/understanding/legacy-input.js';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import type { HistoryLine } from '../../src/core/understanding/types.js';
import { choice, FOUR, NOW, TZ } from './helpers.js';

const paraphrase = (lines: HistoryLine[] | undefined): HistoryLine[] =>
  (lines ?? []).map((l) => ({ ...l, text: `In other words: ${l.text.split('').reverse().join('')} Which would suit you?` }));

describe('rewording the prompts cannot change understanding', () => {
  const rows = readRows(resolve('fixtures/understanding/phone-dev.jsonl'));
  it('every phone-dev row is understood the same with its history reworded or removed', () => {
    expect(rows.length).toBeGreaterThan(400);
    for (const row of rows) {
      const state = fromLegacyRow(row);
      const base = understandLocal(state);
      expect(understandLocal({ ...state, history: paraphrase(state.history) }), row.utterance).toEqual(base);
      expect(understandLocal({ ...state, history: [] }), row.utterance).toEqual(base);
    }
  });
});

describe('wrong person by name, on a later turn', () => {
  const history: HistoryLine[] = [
    { speaker: 'caller', text: 'Hello Dana, this is the interview scheduling assistant calling from Acme.' },
    { speaker: 'candidate', text: 'sorry what' },
    { speaker: 'caller', text: "Sorry, I didn't quite catch that. The times I have open are Monday or Tuesday." },
    { speaker: 'candidate', text: 'hang on' },
  ];
  it.each(["there's no dana here", "dana doesn't live here anymore", "i'm not dana", 'wrong dana mate'])('%s', (u) => {
    expect(
      understandLocal({ utterance: u, expecting: 'choice', offered: FOUR, candidateName: 'Dana', history, now: NOW, timezone: TZ }).intent,
    ).toBe('wrong_person');
  });
  it("the same reply about someone else's name is not read as wrong person", () => {
    expect(choice("dana's my sister", FOUR, 'Dana').intent).toBe('wrong_person');
    expect(choice('monday works, dana will be there too', FOUR, 'Alex').intent).toBe('accept');
  });
});
