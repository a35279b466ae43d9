/**
 * Zones are spoken by the names people use: "British Summer Time" or "Greenwich Mean Time" for London by date, never
 * the country name Intl falls back to ("United Kingdom Time"); the US and Australian generic names stay.
 */
import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import { spokenZone } from '../../src/core/scheduling/slots.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import { candidate, interview, replyOf, said, u } from './helpers.js';

const SUMMER = '2027-07-15T12:00:00Z';
const WINTER = '2027-01-15T12:00:00Z';

describe('spoken zone names', () => {
  it.each([
    ['Europe/London', SUMMER, 'British Summer Time'],
    ['Europe/London', WINTER, 'Greenwich Mean Time'],
    ['Europe/Dublin', SUMMER, 'Irish Standard Time'],
    ['Europe/Dublin', WINTER, 'Greenwich Mean Time'],
    ['America/Phoenix', SUMMER, 'Mountain Standard Time'],
    ['America/Toronto', SUMMER, 'Eastern Time'],
    ['America/Chicago', WINTER, 'Central Time'],
    ['Australia/Sydney', WINTER, 'Australian Eastern Time'],
  ])('%s on %s is "%s"', (zone, at, name) => {
    expect(spokenZone(zone, at)).toBe(name);
  });
});

describe('a London candidate hears British Summer Time', () => {
  const open: Slot[] = [
    { id: 1, start: '2027-09-07T09:30:00+01:00' },
    { id: 2, start: '2027-09-09T12:15:00+01:00' },
  ];
  const start = () => transition(initialState({ ...candidate, timezone: 'Europe/London' }, interview, 6), { type: 'start', open }).state;

  it('in the read-back', () => {
    const result = transition(start(), replyOf(u('accept', { slot: 1 }), open, 'the thursday then'));
    expect(said(result.actions)).toContain('Thursday, September 9th at 12:15 PM British Summer Time');
    expect(said(result.actions)).not.toContain('United Kingdom');
  });

  it('in the answer to "is that british time"', () => {
    const result = transition(start(), replyOf(u('question', { topic: 'timezone' }), open, 'is that british time'));
    expect(said(result.actions)).toContain('British Summer Time');
  });
});
