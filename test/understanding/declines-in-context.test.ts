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

describe('a decline with a reason of one’s own or a withdrawal, after a day or alone', () => {
  it.each([
    'thursday might have worked but i am going for higher studies so i will not take this up',
    'monday was fine but i am going back to school so count me out',
    'tuesday could have worked, but i am going back to uni',
    'i will not take this up',
    "i'm not taking up the offer",
    'actually forget the whole thing im not after the job anymore',
    'just forget about the whole thing',
    "i'm no longer after this position",
    "i'm going back to college in the fall so i'll pass on this",
    'i am not pursuing this any more',
  ])('%s', (u) => {
    expect(choice(u).intent).toBe('decline');
  });
  it.each([
    ['forget monday, tuesday at 2 works', 'accept'],
    ['i have school on monday but tuesday works', 'accept'],
    ['are you going back to school', 'question'],
  ])('a day refused or a question is not a withdrawal: %s', (u, intent) => {
    expect(choice(u).intent).toBe(intent);
  });
  it('a withdrawal after the day was offered again declines', () => {
    expect(choice('actually forget the whole thing im not after the job anymore', SAME_DAY.slice(1, 3)).intent).toBe('decline');
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
