import { describe, expect, it } from 'vitest';
import { describeWanted } from '../../src/core/conversation/prompts.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import { spokenClock, spokenDay, spokenSlot } from '../../src/core/scheduling/slots.js';
import { SLOTS, replyOf, said, started, u } from './helpers.js';

const ZONE = 'America/New_York';

/** A clock time not said the slot way: 24-hour ("17:00"), or with minutes but no AM/PM ("9:31"). */
const UNSPOKEN_TIME = /\b\d{1,2}:\d{2}\b(?! [AP]M)|\b(1[3-9]|2[0-3]|00) ?(AM|PM)\b/;

describe('every time the caller speaks is said as a slot is', () => {
  it('says a wanted time with no date as "5 PM" or "9:30 AM", never "17:00"', () => {
    expect(describeWanted({ date: null, time: '17:00' }, ZONE)).toBe('5 PM');
    expect(describeWanted({ date: null, time: '09:30' }, ZONE)).toBe('9:30 AM');
    expect(describeWanted({ date: null, time: '09:31' }, ZONE)).toBe('9:31 AM');
    expect(describeWanted({ date: null, time: '00:00' }, ZONE)).toBe('12 AM');
  });

  it('says a wanted day as "Friday, December 4th" and a day and time as a slot', () => {
    expect(describeWanted({ date: '2026-12-04', time: null }, ZONE)).toBe('Friday, December 4th');
    expect(describeWanted({ date: '2026-12-01', time: '14:00' }, ZONE)).toBe('Tuesday, December 1st at 2 PM');
    expect(describeWanted({ date: '2026-12-01', time: '14:00' }, ZONE)).toBe(spokenSlot('2026-12-01T14:00:00-05:00', ZONE));
  });

  it('says "that time" rather than garbage for a malformed time', () => {
    expect(describeWanted({ date: null, time: '25:99' }, ZONE)).toBe('that time');
  });

  it('apologises for a time that is not open in slot words', () => {
    const late = transition(started(), replyOf(u('propose_time', { time: '17:00' })));
    expect(said(late.actions)).toContain("I'm sorry, 5 PM is not available.");
    const tuesday = transition(started(), replyOf(u('propose_time', { date: '2026-12-01', time: '09:31' })));
    expect(said(tuesday.actions)).toContain("I'm sorry, Tuesday, December 1st at 9:31 AM is not available.");
    for (const r of [late, tuesday]) expect(said(r.actions)).not.toMatch(UNSPOKEN_TIME);
  });

  it('speaks the day and time parts of a slot as the slot itself says them', () => {
    const start = '2026-12-03T14:30:00-05:00';
    expect(`${spokenDay(start, ZONE)} at ${spokenClock(start, ZONE)}`).toBe(spokenSlot(start, ZONE));
    expect(spokenClock(start, 'America/Los_Angeles')).toBe('11:30 AM');
  });

  it('never says a 24-hour or bare clock time in any offer, read-back or apology', () => {
    const odd: Slot[] = [...SLOTS, { id: 6, start: '2026-12-04T09:30:00-05:00' }, { id: 5, start: '2026-12-04T17:00:00-05:00' }];
    const times = ['00:30', '09:31', '13:00', '17:00', '21:45'];
    const texts = [
      ...times.map((time) => said(transition(started(odd), replyOf(u('propose_time', { time }), odd)).actions)),
      ...times.map((time) => said(transition(started(odd), replyOf(u('accept', { date: '2026-12-04', time }), odd)).actions)),
      said(transition(started(odd), replyOf(u('propose_time', { date: '2026-12-04' }), odd)).actions),
    ];
    for (const text of texts) expect(text).not.toMatch(UNSPOKEN_TIME);
    expect(texts.at(-1)).toContain('On Friday, December 4th I have 9:30 AM or 5 PM.');
  });
});
