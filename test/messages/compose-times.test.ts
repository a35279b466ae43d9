import { describe, expect, it } from 'vitest';
import { shortWhen, spanText } from '../../src/services/messages/compose.js';

describe('how a message writes an interview time', () => {
  it('writes the span in the reader zone with its abbreviation, the end on the same day', () => {
    expect(spanText('2026-12-08T14:00:00-05:00', 45, 'America/Chicago')).toBe('Tuesday, December 8, 2026, 1:00 – 1:45 PM CST');
    expect(spanText('2026-12-08T11:30:00-05:00', 60, 'America/New_York')).toBe('Tuesday, December 8, 2026, 11:30 AM – 12:30 PM EST');
  });

  it('takes the offset of each end at its own instant when the clocks change inside the interview', () => {
    // 1:30 AM EDT + 45 minutes is 1:15 AM EST: the clocks went back at 2 AM.
    expect(spanText('2026-11-01T01:30:00-04:00', 45, 'America/New_York')).toBe('Sunday, November 1, 2026, 1:30 – 1:15 AM EST');
  });

  it('names a zone with no abbreviation by its offset, summer and winter', () => {
    expect(shortWhen('2026-07-14T09:00:00+01:00', 'Europe/London')).toBe('Tue, Jul 14, 9:00 AM GMT+1');
    expect(shortWhen('2026-12-08T09:00:00+00:00', 'Europe/London')).toBe('Tue, Dec 8, 9:00 AM GMT');
  });
});
