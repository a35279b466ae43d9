import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTwiml } from '../../src/adapters/twilio/twiml.js';
import { isPlainText } from '../../src/core/text.js';

const say = (text: string) =>
  renderTwiml([{ type: 'say', text }, { type: 'hangup' }], { action: 'https://example.com/twilio-process?turn=1', timeout: 10 });

describe('isPlainText (src/core/text.ts)', () => {
  it('accepts ordinary text: accents, other scripts, emoji (surrogate pairs), tab, newline', () => {
    for (const text of ["Zoë O'Brien", 'Ünïcode 株式会社', 'Data 🚀 team', 'tab\there', 'two\nlines\r\n', ''])
      expect(isPlainText(text), text).toBe(true);
  });

  it('refuses NUL, the other C0 controls, U+FFFE/U+FFFF and lone surrogates', () => {
    for (const text of [
      'a\u0000b',
      'a\u0001',
      '\u0008',
      '\u000B',
      '\u000C',
      '\u001F',
      'a\uFFFE',
      '\uFFFF',
      'a\uD800b',
      'b\uDC00',
      '\uDBFF',
    ]) {
      expect(isPlainText(text), JSON.stringify(text)).toBe(false);
    }
  });

  it('is exactly what the TwiML builder can say: plain text renders, anything else makes it throw', () => {
    const edges = fc.constantFrom(
      '\u0000',
      '\u0001',
      '\t',
      '\n',
      '\r',
      '\u000B',
      '\u001F',
      '\u007F',
      '\u0085',
      '\uFFFD',
      '\uFFFE',
      '\uFFFF',
      '\uD83D',
      '\uDE80',
    );
    const codeUnit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
      edges,
    );
    const text = fc.oneof(fc.string({ unit: codeUnit, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
    fc.assert(
      fc.property(text, (s) => {
        let threw = false;
        try {
          say(`x${s}`);
        } catch {
          threw = true;
        }
        expect(threw, JSON.stringify(s)).toBe(!isPlainText(s));
      }),
      { numRuns: 3000 },
    );
  });
});
