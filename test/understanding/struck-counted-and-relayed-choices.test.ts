/**
 * A position counted back from the last ("the last but one"), a choice struck out by name ("scratch friday"), "not
 * possible" said of the part of day just before it in a run-on reply, and someone answering for the candidate (a
 * relative translating).
 */
import { describe, expect, it } from 'vitest';
import { choice, SAME_DAY } from './helpers.js';

describe('a position counted back from the last', () => {
  it.each([
    ['the last but one', 2],
    ['um the last but one please', 2],
    ['the last but two', 1],
  ])('%s -> slot %s', (reply, slot) => {
    expect(choice(reply)).toMatchObject({ intent: 'accept', slot });
  });
  it('"the last one" is still the last', () => {
    expect(choice('the last one').slot).toBe(3);
  });
});

describe('a choice struck out by name is not the choice', () => {
  it.each([
    ['monday um actually scratch monday wednesday', 2],
    ['tuesday at two no strike that thursday', 3],
    ['thursday hmm scratch thursday tuesday please', 1],
  ])('%s -> slot %s', (reply, slot) => {
    expect(choice(reply)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('"not possible" is said of what comes just before it', () => {
  it('a run-on reply refusing a day, then a part of another day, then taking the other part', () => {
    const r = choice('monday not possible thursday morning also not possible thursday afternoon ok', SAME_DAY);
    expect(r).toMatchObject({ intent: 'accept', slot: 2 });
  });
  it('"not ok" too', () => {
    expect(choice('thursday morning not ok thursday afternoon fine', SAME_DAY)).toMatchObject({ intent: 'accept', slot: 2 });
  });
});

describe('someone answering for the candidate is not a wrong person when they choose', () => {
  it.each([
    ['hello im her daughter i translate for my mom she says thursday is good', 3],
    ['this is his son i am translating for him he says the tuesday one', 1],
  ])('%s -> slot %s', (reply, slot) => {
    expect(choice(reply, undefined, 'Soon-ja')).toMatchObject({ intent: 'accept', slot });
  });
  it('without a choice it is still the wrong person', () => {
    expect(choice('this is her mom she says she is not here', undefined, 'Soon-ja').intent).toBe('wrong_person');
    expect(choice('im her daughter she is at work', undefined, 'Soon-ja').intent).toBe('wrong_person');
  });
});
