import { understandLocal } from '../../src/core/understanding/local/index.js';
import type { OfferedSlot, Understanding } from '../../src/core/understanding/types.js';

export const NOW = '2026-11-25T15:00:00-05:00'; // a Wednesday
export const TZ = 'America/New_York';
export const FOUR: OfferedSlot[] = [
  { label: 'Monday, November 30 at 10 AM', start: '2026-11-30T10:00:00-05:00' },
  { label: 'Tuesday, December 1 at 2 PM', start: '2026-12-01T14:00:00-05:00' },
  { label: 'Wednesday, December 2 at 11 AM', start: '2026-12-02T11:00:00-05:00' },
  { label: 'Thursday, December 3 at 3 PM', start: '2026-12-03T15:00:00-05:00' },
];
export const ONE: OfferedSlot[] = [FOUR[1] as OfferedSlot];
export const CTX4 = 'I have Monday at 10 AM, Tuesday at 2 PM, Wednesday at 11 AM or Thursday at 3 PM. Which works best for you?';
export const CTX1 = "So that's Tuesday, December 1 at 2 PM. Shall I book it?";

export function four(utterance: string, context = CTX4): Understanding {
  return understandLocal({ utterance, offered: FOUR, now: NOW, timezone: TZ, context });
}
export function one(utterance: string, context = CTX1): Understanding {
  return understandLocal({ utterance, offered: ONE, now: NOW, timezone: TZ, context });
}
export function none(utterance: string, context?: string): Understanding {
  return understandLocal({ utterance, offered: [], now: NOW, timezone: TZ, context });
}
