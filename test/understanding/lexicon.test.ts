/** The shared lexicon: word classes chained in order, each within its window. */
import { describe, expect, it } from 'vitest';
import { chain, Lex } from '../../src/core/understanding/local/lexicon.js';
import { normalize } from '../../src/core/understanding/local/normalize.js';

const tok = (u: string) => normalize(u);

describe('chain: word classes in order, each within its window', () => {
  const A = new Lex(['stop', 'do not']);
  const B = new Lex(['call', 'ring']);
  const C = new Lex(['me', 'this number']);
  it('matches with gaps up to the window, multi-word phrases included', () => {
    expect(
      chain(tok('please do not ever ring this number'), [
        { lex: A, gap: 0 },
        { lex: B, gap: 1 },
        { lex: C, gap: 0 },
      ]),
    ).toBe(1);
    expect(
      chain(tok('do not you dare ever ring me'), [
        { lex: A, gap: 0 },
        { lex: B, gap: 1 },
        { lex: C, gap: 0 },
      ]),
    ).toBe(-1);
  });
  it('skips optional parts and honours a veto', () => {
    expect(
      chain(tok('stop me'), [
        { lex: A, gap: 0 },
        { lex: B, gap: 0, opt: true },
        { lex: C, gap: 0 },
      ]),
    ).toBe(0);
    expect(
      chain(
        tok('stop call me'),
        [
          { lex: A, gap: 0 },
          { lex: B, gap: 0 },
        ],
        () => false,
      ),
    ).toBe(-1);
  });
});
