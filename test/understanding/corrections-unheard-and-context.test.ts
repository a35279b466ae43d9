/**
 * Replies whose last word on the choice is not the first: a correction whose new time is not understood, a day
 * refused with "neither" in a run-on chain, a time said as context before the choice, an order among one day's slots
 * after a correction, a withdrawal after a day ("i have to pass"), and questions with no question word up front.
 */
import { describe, expect, it } from 'vitest';
import { choice, confirm, SAME_DAY } from './helpers.js';

describe('a correction whose new time is not understood never keeps the first choice', () => {
  it.each([
    'thursday at three, oh no sorry, i meant thursday at half blorp',
    'tuesday at two, wait no, i meant at quarter mumble',
    'wednesday at eleven, sorry i meant wednesday at around zzz',
  ])('%s -> not the first slot named', (reply) => {
    const r = choice(reply);
    expect(r.intent).not.toBe('accept');
    expect(r.slot).toBeNull();
  });
  it('a day with two slots keeps only the one not refused ("at one thirty ... no, i meant at half <unheard>")', () => {
    expect(choice('thursday at one thirty, no sorry, i meant at half blorp', SAME_DAY)).toMatchObject({ intent: 'accept', slot: 1 });
  });
  it('"half tree" is half three, 3:30 PM, after a correction too', () => {
    expect(choice('monday at ten, ah no, i meant thursday at half tree')).toMatchObject({ date: '2026-12-03', time: '15:30' });
    expect(choice('half tree on thursday').time).toBe('15:30');
  });
});

describe('"neither" after a day refuses that day, not the next one in the chain', () => {
  it.each([
    ['monday is bad for me tuesday neither so thursday then', 3],
    ['not monday, tuesday neither, wednesday works', 2],
    ['monday no tuesday neither wednesday yes', 2],
  ])('%s', (reply, slot) => {
    expect(choice(reply)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('a bare time said as context before a day and time that name one slot', () => {
  it.each([
    ['i finish my shift at five so the tuesday at two would be best', 1],
    ['my class ends around noon, so really thursday at three is the one for me', 3],
    ['the kids get out at four, so the wednesday one at eleven, if it is still free', 2],
  ])('%s', (reply, slot) => {
    expect(choice(reply)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('a correction by position keeps the day first named', () => {
  it.each([
    ['one thirty on thursday hmm no the earlier one that day', 1],
    ['nine thirty on thursday, actually no, the later one', 2],
    ['thursday at nine thirty, no wait, the afternoon one', 2],
  ])('%s', (reply, slot) => {
    expect(choice(reply, SAME_DAY)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('"i have to say no" / "i have to pass" after a day and a reason declines the interview', () => {
  it.each([
    'tuesday might have been ok but i just got an offer elsewhere so i have to pass',
    'thursday looked good but my family is moving abroad so i must say no',
    'so i will have to pass',
  ])('%s', (reply) => {
    expect(choice(reply)).toMatchObject({ intent: 'decline', declinesInterview: true });
  });
  it('"i have to pass on monday" refuses the day only', () => {
    expect(choice('i have to pass on monday, tuesday is better')).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('questions without a question word up front', () => {
  it.each([
    ['am i speaking with a human being', 'automated'],
    ['just checking, am i chatting with a real person', 'automated'],
    ['is that dallas time', 'timezone'],
    ['are those toronto time or mine', 'timezone'],
    ['i have a car do you pay for parking', 'other'],
    ['i am on a student visa, does the company sponsor permits', 'other'],
  ])('%s -> %s', (reply, topic) => {
    expect(choice(reply)).toMatchObject({ intent: 'question', topic });
  });
  it('"is that a good time" is not about the time zone', () => {
    expect(choice('is that a good time').topic).not.toBe('timezone');
  });
});

describe('a time said as context, then a day said for itself: the day is the choice, not that day at the time', () => {
  it.each([
    ['i have duty until ten make it thursday', 3],
    ['i work till five so monday', 0],
    ['im stuck at the office until noon lets do wednesday', 2],
  ])('%s', (reply, slot) => {
    expect(choice(reply)).toMatchObject({ intent: 'accept', slot, time: null });
  });
  it('at the read-back too: "no, i have duty until ten, make it thursday" reads Thursday back', () => {
    expect(confirm('no sorry i have duty until ten make it thursday')).toMatchObject({ slot: 3, time: null });
  });
});
