/**
 * Declines said inside other words (a reason, a withdrawal after naming a day), and refusals that are not declines:
 * several days negated before the one chosen, or one part of day refused for another.
 */
import { describe, expect, it } from 'vitest';
import { choice, SAME_DAY } from './helpers.js';

describe('a decline inside other words', () => {
  it.each([
    'i was going to choose one but to be honest i am not interested anymore',
    'yeah i will not be able to do any interview',
    "i've moved away so it won't work out",
    "i moved to another state so this won't work",
    'monday could work, actually no, forget it, i do not want the job',
    'thursday maybe, hmm, no, i will pass on the whole thing',
    "honestly i can't make any of the interviews, i'm withdrawing",
    "yeah, i won't be able to make any interview",
    "i've relocated so it won't work",
    'i moved abroad last month so i cannot do it',
    'wednesday sounds, no actually, i am not going ahead with this',
    'thursday would have been fine but i accepted another offer yesterday',
  ])('%s', (u) => {
    expect(choice(u).intent).toBe('decline');
  });
});

describe('refusals that still choose', () => {
  it.each([
    ['hello sorry bad line thursday at three', 3],
    ['bad connection, sorry, monday please', 0],
  ])('trouble on the line is not a refusal: %s', (u, slot) => {
    expect(choice(u)).toMatchObject({ intent: 'accept', slot });
  });
  it.each([
    ['not monday or wednesday, thursday is good', 3],
    ["neither monday nor tuesday, wednesday's fine", 2],
    ["can't make monday or tuesday but wednesday works", 2],
    ['monday and tuesday are out but wednesday works', 2],
    ['not tuesday or thursday, monday is fine', 0],
    ['tuesday and wednesday are no good, thursday works', 3],
    ['monday works, i can not make it on tuesday', 0],
  ])('%s', (u, slot) => {
    expect(choice(u)).toMatchObject({ intent: 'accept', slot });
  });
  it('"can\'t do the morning one but the afternoon one is fine" chooses the afternoon slot', () => {
    expect(choice("can't do the morning one but the afternoon one is fine", SAME_DAY)).toMatchObject({ intent: 'accept', slot: 2 });
    expect(choice('the morning is no good for me, the afternoon works', SAME_DAY)).toMatchObject({ intent: 'accept', slot: 2 });
    expect(choice("thursday i can't do the morning but the afternoon one is fine", SAME_DAY)).toMatchObject({ intent: 'accept', slot: 2 });
    expect(choice('not the morning one, the afternoon', SAME_DAY)).toMatchObject({ intent: 'accept', slot: 2 });
  });
});
