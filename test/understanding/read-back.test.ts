/**
 * Replies to a read-back ("Just to confirm: Tuesday at 2 PM. Is that right?"): only a clean yes books the slot read
 * back; "no, X" and "yes but X" name another slot (accept it) or another time (propose it); a plain no declines it.
 */
import { describe, expect, it } from 'vitest';
import { confirm, SAME_DAY } from './helpers.js';

describe('read-back: a clean yes confirms the slot read back', () => {
  it.each(['yes', 'yep that is right', 'correct', 'sounds good', "that's it", 'yes please book it'])('%s', (u) => {
    const r = confirm(u);
    expect(r.intent).toBe('accept');
    expect(r.slot === null || r.slot === 1).toBe(true);
  });
});

describe('read-back: "yes but X" / "no, X" names another offered slot', () => {
  it.each([
    ['yes, though actually could we do the wednesday one instead', 2],
    ['yeah but can we switch to monday', 0],
    ['no, make it thursday', 3],
    ['no sorry i wanted the monday one', 0],
    ['hmm no, the eleven o clock please', 2],
  ])('%s', (u, slot) => {
    const r = confirm(u);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
  it("a part of day on the pending slot's day picks the offered slot of that day", () => {
    const r = confirm('no, the morning one that day', 2, SAME_DAY);
    expect(r).toMatchObject({ intent: 'accept', slot: 1 });
  });
  it.each([
    ['make it the afternoon one instead', 1, 2],
    ['no, the earlier one that day', 2, 1],
    ['hmm no, the later one on that day please', 1, 2],
  ])("%s (a part of day or an order on the pending slot's day)", (u, pending, slot) => {
    expect(confirm(u, pending, SAME_DAY)).toMatchObject({ intent: 'accept', slot });
  });
  it.each([
    ['no the other one on thursday', 1, 2],
    ['no, the other one', 2, 1],
    ['hmm not that one, the other time that day', 1, 2],
    ['actually the other slot on thursday please', 2, 1],
  ])('%s (the one other slot offered on the day named or read back)', (u, pending, slot) => {
    expect(confirm(u, pending, SAME_DAY)).toMatchObject({ intent: 'accept', slot });
  });
  it('"the other one" names nothing when the day has no other slot, or several', () => {
    expect(confirm('no the other one', 0, SAME_DAY).slot ?? null).toBeNull();
  });
  it("a part of day with no offered slot on the pending slot's day proposes that day", () => {
    expect(confirm('no, the afternoon one that day', 0)).toMatchObject({ intent: 'propose_time', date: '2026-11-30' });
  });
  it('"yes but" a time that is not offered proposes it', () => {
    const r = confirm('yes but could it be at four instead');
    expect(r.intent).toBe('propose_time');
    expect(r.time).toBe('16:00');
  });
});

describe('read-back: a plain no declines the slot read back', () => {
  it.each(['no', 'no that is wrong', 'nope', 'no, that is not right'])('%s', (u) => {
    const r = confirm(u);
    expect(r.intent).toBe('decline');
    expect(r.declinesInterview ?? false).toBe(false);
  });
});

describe('read-back: turning the interview itself down is marked as such', () => {
  it.each([
    'actually you know what, i am going to pass on this whole thing',
    'no, i am not interested anymore',
    'tuesday, actually no, forget it, i found another job',
  ])('%s', (u) => {
    expect(confirm(u)).toMatchObject({ intent: 'decline', declinesInterview: true });
  });
});

describe('read-back: a yes or no in another language is a yes or a no', () => {
  it.each(['sim', 'sí', 'oui', 'si claro', 'da', 'okay sim obrigada', 'oui merci'])('%s', (u) => {
    expect(confirm(u)).toMatchObject({ intent: 'accept', slot: 1 });
  });
  it.each(['não', 'nao', 'nein', 'non merci', 'niet'])('%s', (u) => {
    expect(confirm(u).intent).toBe('decline');
  });
});

describe('read-back: "yeah nah" is a no, "nah yeah" a yes (the last word decides)', () => {
  it.each(['yeah nah', 'yeah nah mate', 'yeah, nah, that one is no good'])('%s', (u) => {
    expect(confirm(u).intent).toBe('decline');
  });
  it.each(['nah yeah', 'nah yeah that is fine', 'yeah nah yeah', 'no yeah that is right'])('%s', (u) => {
    expect(confirm(u)).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('read-back: a yes followed by a refusal is not a clean yes', () => {
  it.each(['yeah not really', 'yes i mean no', 'yeah that does not work', 'sure, no', 'yeah actually no', 'yeah i can not'])(
    '%s declines',
    (u) => {
      expect(confirm(u).intent).toBe('decline');
    },
  );
  it.each(['yeah no that works', 'yeah nah all good'])('"%s" says both, so it is asked again', (u) => {
    expect(confirm(u).intent).toBe('unclear');
  });
  it.each(['yes hang on', 'yeah let me check my calendar', 'yes maybe', "yes i'm not sure", 'yeah wait what time was that'])(
    '%s waits or doubts, so it is asked again',
    (u) => {
      expect(confirm(u).intent).toBe('unclear');
    },
  );
  it.each(['yes no problem', 'yeah no worries thanks', 'yes that is right no worries', 'sure why not'])('%s still books', (u) => {
    expect(confirm(u).intent).toBe('accept');
  });
});

describe('read-back: "no, X" reads X back, the last choice stated winning', () => {
  it('"no not that one actually friday morning": friday, open but not offered, is proposed', () => {
    expect(confirm('hmm no not that one actually friday morning')).toMatchObject({ intent: 'propose_time', date: '2026-11-27' });
  });
  it('"no, not that one, the wednesday" picks the offered wednesday', () => {
    expect(confirm('no not that one the wednesday')).toMatchObject({ intent: 'accept', slot: 2 });
  });
  it.each([
    ['no that monday is too early thursday at three then', 3],
    ["no, monday's too early, wednesday then", 2],
    ["no, that doesn't suit, wednesday at eleven then", 2],
    ["that one won't work, thursday", 3],
  ])('%s: the day said to be too early is refused', (u, slot) => {
    expect(confirm(u, 1)).toMatchObject({ intent: 'accept', slot });
  });
});
