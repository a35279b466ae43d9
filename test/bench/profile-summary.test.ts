import { describe, expect, it } from 'vitest';
import { summarise, type Profile } from '../../bench/lib/profile-summary.js';

const frame = (functionName: string, url = 'file:///app/dist/src/x.js') => ({ functionName, url, lineNumber: 0 });

/** root → main → { setUp, processTurn → understand, idle }; one sample per millisecond. */
const profile: Profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2] },
    { id: 2, callFrame: frame('main'), children: [3, 4, 6] },
    { id: 3, callFrame: frame('setUp', 'file:///app/node_modules/axios/index.js') },
    { id: 4, callFrame: frame('processTurn'), children: [5] },
    { id: 5, callFrame: frame('understand') },
    { id: 6, callFrame: frame('idle') },
  ],
  samples: [3, 3, 4, 5, 6, 5, 4, 3, 3],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

const ms = (text: string, section: string, name: string): number | undefined => {
  const part = text.split('-- ').find((s) => s.startsWith(section)) ?? '';
  const line = part.split('\n').find((l) => l.trim().endsWith(name) || l.includes(` ${name} `));
  return line === undefined ? undefined : Number(/(\d+) ms/.exec(line)?.[1]);
};

describe('bench/lib/profile-summary', () => {
  it('counts every sample without --within', () => {
    const text = summarise(profile);
    expect(text).toMatch(/^total 8 ms\n/);
    expect(ms(text, 'by package', 'axios')).toBe(3);
  });

  it('with --within, counts only the samples from the first to the last under that function, and inclusive times', () => {
    const text = summarise(profile, 25, 'processTurn');
    expect(text).toMatch(/^total 5 ms \(from the first to the last sample under processTurn\)/);
    // The set-up before and after the turns is left out; the idle sample between them stays in.
    expect(ms(text, 'by package', 'axios')).toBeUndefined();
    expect(ms(text, 'self time', 'idle')).toBe(1);
    expect(ms(text, 'inclusive', 'processTurn')).toBe(4);
    expect(ms(text, 'inclusive', 'understand')).toBe(2);
    expect(ms(text, 'inclusive', 'main')).toBe(5);
  });

  it('says so when no sample has the function on its stack', () => {
    expect(summarise(profile, 25, 'answerCall')).toBe('no sample has answerCall on its stack');
  });
});
