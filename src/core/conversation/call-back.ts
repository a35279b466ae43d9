import { shiftIntoHours } from '../campaigns/cadence.js';
import type { Understanding } from '../understanding/types.js';
import { say } from './prompts.js';
import { end } from './results.js';
import type { Action, ConversationState, TransitionResult } from './types.js';

/** How far ahead a call-back time the candidate asks for is kept; a later one gives way to the campaign's default. */
export const CALL_BACK_HORIZON_DAYS = 14;
const FIVE_MINUTES = 5 * 60_000;

/**
 * The candidate asks to be called later. On a campaign call that may call back (`state.callBack`), the call back is
 * scheduled and promised with its time: the one asked for when it is in the future and within 14 days, else the
 * campaign's default, shifted into the calling hours in the candidate's zone. Otherwise the caller lets them go and
 * promises nothing.
 */
export function callBackLater(state: ConversationState, u: Understanding, now: string | undefined): TransitionResult {
  const at = callBackAt(state, u.callbackAt ?? null, now);
  if (at === null) return end(state, 'failed', 'callback_requested', [say.callback()]);
  const scheduled: Action[] = [{ type: 'schedule_callback', at }];
  const context = { zone: state.candidate.timezone, now: now ?? null };
  return end(state, 'failed', 'callback_requested', [say.callback(scheduled, context)], undefined, scheduled);
}

/** When the call back is due (UTC ISO, on a 5-minute mark so it is said as a person would), or null: none promised. */
export function callBackAt(state: ConversationState, requested: string | null, now: string | undefined): string | null {
  const terms = state.callBack;
  if (terms === undefined || terms === null) return null;
  const base = requested !== null && now !== undefined && usable(requested, now) ? requested : terms.defaultAt;
  const shifted = shiftIntoHours(base, terms.callingHours, state.candidate.timezone);
  const ms = Math.ceil(Date.parse(shifted) / FIVE_MINUTES) * FIVE_MINUTES;
  // A window that closes off a 5-minute mark ('08:00-20:58') can be left by the rounding: shifted once more.
  return shiftIntoHours(new Date(ms).toISOString(), terms.callingHours, state.candidate.timezone);
}

/** In the future and within the horizon. */
function usable(requested: string, now: string): boolean {
  const at = Date.parse(requested);
  const from = Date.parse(now);
  if (Number.isNaN(at) || Number.isNaN(from)) return false;
  return at > from && at - from <= CALL_BACK_HORIZON_DAYS * 86_400_000;
}
