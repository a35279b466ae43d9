/**
 * Replies heard on whole calls from regions and shifts the first sets missed: regional and informal yes/no, a bare
 * small number as a position, a time given as context before the chosen one, parts of day said around meals,
 * questions about the zone with alternatives, and conditional clauses that are not declines.
 */
import { describe, expect, it } from 'vitest';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import type { OfferedSlot, Understanding } from '../../src/core/understanding/types.js';
import { confirm, NOW, TZ } from './helpers.js';

/** Two slots tomorrow (Thursday 8 AM and 12:45 PM), Friday at 10 AM and Monday at 3:30 PM: nothing at 2, 3 or 4 o'clock. */
const SHIFTS: OfferedSlot[] = [
  { id: 31, label: 'Thursday, November 26 at 8 AM', start: '2026-11-26T08:00:00-05:00' },
  { id: 32, label: 'Thursday, November 26 at 12:45 PM', start: '2026-11-26T12:45:00-05:00' },
  { id: 33, label: 'Friday, November 27 at 10 AM', start: '2026-11-27T10:00:00-05:00' },
  { id: 34, label: 'Monday, November 30 at 3:30 PM', start: '2026-11-30T15:30:00-05:00' },
];
const pick = (utterance: string): Understanding =>
  understandLocal({ utterance, expecting: 'choice', offered: SHIFTS, now: NOW, timezone: TZ });

describe('regional and informal yes at a read-back confirms the slot read back', () => {
  it.each([
    'aye',
    'aye that would be grand',
    'aye on you go',
    'och aye',
    "yes ma'am that's fine",
    'yes sir',
    'uh huh, yeah',
    'yeah bet',
    'bet',
    'sure thing',
    'righto then',
    'too right mate',
    'nae bother at all',
  ])('%s', (u) => {
    expect(confirm(u)).toMatchObject({ intent: 'accept', slot: 1 });
  });
});

describe('regional no at a read-back declines the slot, not the interview', () => {
  it.each(['naw', 'nah mate', "naw that's no right", 'nah not that one'])('%s', (u) => {
    const r = confirm(u);
    expect(r.intent).toBe('decline');
    expect(r.declinesInterview ?? false).toBe(false);
  });
});

describe('a regional yes to "would either of those work" accepts without choosing', () => {
  it.each(['aye', 'aye either is grand', 'yes ma am'])('%s', (u) => {
    const two = SHIFTS.slice(1, 3);
    const r = understandLocal({ utterance: u, expecting: 'choice', offered: two, now: NOW, timezone: TZ });
    expect(r).toMatchObject({ intent: 'accept', slot: null });
  });
});

describe('a bare small number with no slot at that hour is a position in the offer', () => {
  it.each([
    ['um the 2 please', 1],
    ['the 4', 3],
    ['option 4 i think', 3],
    ['number 2 works', 1],
  ])('%s', (u, slot) => {
    expect(pick(u)).toMatchObject({ intent: 'accept', slot });
  });
  it.each([
    ['at 2 please', '14:00'],
    ['could i do 3 pm', '15:00'],
    ['how about four oclock', '16:00'],
  ])('%s stays a time', (u, time) => {
    expect(pick(u)).toMatchObject({ intent: 'propose_time', time });
  });
});

describe('a time given as context before the chosen one does not win', () => {
  it.each([
    ['tomorrow i finish my night shift at seven so eight works great', 0],
    ['i get off at 7 tomorrow morning so 8 is good', 0],
    ["friday i'm at the gym until nine but ten is perfect", 2],
    ['tomorrow i have class till noon so the twelve forty five is fine', 1],
  ])('%s', (u, slot) => {
    expect(pick(u)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('parts of day said around meals and "first thing"', () => {
  it.each([
    ['tomorrow before noon', 0],
    ['thursday before lunch please', 0],
    ['first thing tomorrow', 0],
    ['tomorrow after lunch', 1],
  ])('%s', (u, slot) => {
    expect(pick(u)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('zone questions with alternatives, and who the call is for', () => {
  it.each([
    'are those new york times or chicago time',
    'is that my time or yours',
    'is that your time or mine',
    'are they denver time',
    'are those boston times or texas time',
  ])('%s asks about the zone', (u) => {
    expect(pick(u)).toMatchObject({ intent: 'question', topic: 'timezone' });
  });
  it.each(['sorry who did you say you were calling for', 'who did you say this was from again', 'sorry who are you calling on behalf of'])(
    '%s asks who is calling',
    (u) => {
      expect(pick(u)).toMatchObject({ intent: 'question', topic: 'caller' });
    },
  );
});

describe('a conditional clause about getting the job is a question, not a decline', () => {
  it.each(['will there be training if i get hired', 'do you provide uniforms if i get the job', 'if hired would i work weekends'])(
    '%s',
    (u) => {
      const r = pick(u);
      expect(r.intent).toBe('question');
      expect(r.declinesInterview ?? false).toBe(false);
    },
  );
});

describe('British half-hours and follow-ups after an offer of alternatives', () => {
  it('"half five" is 5:30 PM', () => {
    expect(pick('could you do monday at half five')).toMatchObject({ intent: 'propose_time', time: '17:30' });
  });
  it.each([
    ['the friday then', 2],
    ['right the monday then', 3],
    ['twelve forty five thursday then', 1],
    ['no mornings for me im on lates so monday afternoon', 3],
  ])('%s', (u, slot) => {
    expect(pick(u)).toMatchObject({ intent: 'accept', slot });
  });
});
