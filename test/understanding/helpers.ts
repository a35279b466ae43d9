import { fromLegacyRow } from '../../src/core/understanding/legacy-input.js';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import type { OfferedSlot, Understanding } from '../../src/core/understanding/types.js';

export const NOW = '2026-11-25T15:00:00-05:00'; // a Wednesday
export const TZ = 'America/New_York';
export const FOUR: OfferedSlot[] = [
  { id: 11, label: 'Monday, November 30 at 10 AM', start: '2026-11-30T10:00:00-05:00' },
  { id: 12, label: 'Tuesday, December 1 at 2 PM', start: '2026-12-01T14:00:00-05:00' },
  { id: 13, label: 'Wednesday, December 2 at 11 AM', start: '2026-12-02T11:00:00-05:00' },
  { id: 14, label: 'Thursday, December 3 at 3 PM', start: '2026-12-03T15:00:00-05:00' },
];
export const ONE: OfferedSlot[] = [FOUR[1] as OfferedSlot];
/** Two slots on Thursday (9:30 AM and 1:30 PM) among four. */
export const SAME_DAY: OfferedSlot[] = [
  { id: 21, label: 'Monday, November 30 at 10 AM', start: '2026-11-30T10:00:00-05:00' },
  { id: 22, label: 'Thursday, December 3 at 9:30 AM', start: '2026-12-03T09:30:00-05:00' },
  { id: 23, label: 'Thursday, December 3 at 1:30 PM', start: '2026-12-03T13:30:00-05:00' },
  { id: 24, label: 'Friday, December 4 at 11 AM', start: '2026-12-04T11:00:00-05:00' },
];

/** A reply to the offer of `offered` (the machine expects a choice). */
export function choice(utterance: string, offered: OfferedSlot[] = FOUR, candidateName: string | null = null): Understanding {
  return understandLocal({ utterance, expecting: 'choice', offered, candidateName, now: NOW, timezone: TZ });
}
/** A reply to the read-back of `offered[pending]`, the offer still on the table. */
export function confirm(utterance: string, pending = 1, offered: OfferedSlot[] = FOUR): Understanding {
  return understandLocal({ utterance, expecting: 'confirm', offered, pending: offered[pending] ?? null, now: NOW, timezone: TZ });
}
export const CTX4 = 'I have Monday at 10 AM, Tuesday at 2 PM, Wednesday at 11 AM or Thursday at 3 PM. Which works best for you?';
export const CTX1 = "So that's Tuesday, December 1 at 2 PM. Shall I book it?";

/** A row in the old batch format (the caller's last sentence as `context`), through the legacy mapping. */
export function legacy(utterance: string, offered: OfferedSlot[], context?: string): Understanding {
  return understandLocal(fromLegacyRow({ utterance, offered, now: NOW, timezone: TZ, ...(context === undefined ? {} : { context }) }));
}
/** Helpers of the older tests: four slots offered, one slot read back, nothing offered (an old-format context allowed). */
export const four = (utterance: string, context = CTX4): Understanding => legacy(utterance, FOUR, context);
export const one = (utterance: string, context = CTX1): Understanding => legacy(utterance, ONE, context);
export const none = (utterance: string, context?: string): Understanding => legacy(utterance, [], context);
