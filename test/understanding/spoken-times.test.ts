/** Clock times without am/pm follow interview hours: 1-6 are afternoon, 7-11 morning, 12 noon. */
import { describe, expect, it } from 'vitest';
import { choice } from './helpers.js';

describe('bare hours are read as interview hours', () => {
  it.each([
    ['could we do saturday at two o clock', '14:00'],
    ['saturday at five', '17:00'],
    ['how about friday at eight', '08:00'],
    ['friday at twelve', '12:00'],
    ['the four o clock on friday', '16:00'],
  ])('%s', (u, time) => {
    expect(choice(u).time).toBe(time);
  });
});

describe('a bare hour after an acknowledgement is a time', () => {
  it.each([
    ['alright ten then', '10:00', 0],
    ['alright eleven', '11:00', 2],
    ['oh fine three it is', '15:00', 3],
    ['right, two', '14:00', 1],
  ])('%s', (u, time, slot) => {
    expect(choice(u)).toMatchObject({ intent: 'accept', time, slot });
  });
  it('a count after an acknowledgement is not', () => {
    expect(choice('alright two people').time).toBeNull();
  });
});
