import { DateTime } from 'luxon';
import { localParts, nearestSlots } from '../scheduling/slots.js';
import type { Slot } from '../scheduling/slots.js';
import { describeWanted, say } from './prompts.js';
import { ask, end, readBack, spokenZonesOf, zoneOf } from './results.js';
import type { Action, ConversationState, TransitionResult } from './types.js';

/** How many slots one prompt reads out; more is too much to hold in mind on the phone. */
export const MAX_OFFERED = 4;

/** A date ("YYYY-MM-DD") and/or a time ("HH:MM") the candidate named, in their zone. */
export interface Wanted {
  date: string | null;
  time: string | null;
}

/** The state back at the offer: nothing pending. */
export function offering(state: ConversationState): ConversationState {
  return { ...state, phase: 'offering', pending: null };
}

/** Offers up to MAX_OFFERED open slots (leaving out `skip`, the one just turned down, when others exist). */
export function offerFrom(state: ConversationState, open: Slot[], lead: string[], skip?: Slot | null): TransitionResult {
  const pool = open.filter((s) => s.id !== skip?.id);
  const slots = (pool.length > 0 ? pool : open).slice(0, MAX_OFFERED);
  if (slots.length === 0) return end(state, 'failed', 'error', [...lead, say.noSlots()]);
  return offerThese(state, slots, lead);
}

function offerThese(state: ConversationState, slots: Slot[], lead: string[]): TransitionResult {
  return ask({ ...offering(state), offered: slots }, [...lead, say.offer(slots, spokenZonesOf(state))]);
}

/**
 * Asks the same question again after `lead` (a reprompt, an answer to a question): the read-back while one is
 * pending, otherwise the offered slots still open. `extra` actions come first (what `lead` may promise).
 */
export function reprompt(state: ConversationState, open: Slot[], lead: string[], extra: Action[] = []): TransitionResult {
  if (state.phase === 'confirming' && state.pending !== null) return readBack(state, state.pending, lead, extra);
  const offered = stillOpen(state.offered, open);
  const result =
    offered.length === 0 ? offerFrom(state, open, lead) : ask({ ...state, offered }, [...lead, say.offer(offered, spokenZonesOf(state))]);
  return { ...result, actions: [...extra, ...result.actions] };
}

/** A slot the candidate picked: read it back if it is still open, otherwise say so and offer the others. */
export function choose(state: ConversationState, slot: Slot, open: Slot[]): TransitionResult {
  if (!open.some((o) => o.id === slot.id)) return offerFrom(state, open, [say.slotTaken(slot, spokenZonesOf(state))], slot);
  return readBack(state, slot, []);
}

/**
 * A date and/or time the candidate named. One matching slot is read back (an offered one first: "the thursday one"
 * means the Thursday slot that was offered); several (two on one day) are offered alone; none gets the nearest.
 */
export function propose(state: ConversationState, wanted: Wanted, open: Slot[]): TransitionResult {
  if (wanted.time === null && wanted.date === null) return alternatives(offering(state), open);
  const zone = zoneOf(state);
  const matching = (slots: Slot[]) =>
    slots.filter((slot) => {
      const p = localParts(slot.start, zone);
      return (wanted.date === null || p.date === wanted.date) && (wanted.time === null || p.time === wanted.time);
    });
  const amongOffered = matching(stillOpen(state.offered, open));
  const matches = amongOffered.length > 0 ? amongOffered : matching(open);
  const only = matches.length === 1 ? matches[0] : undefined;
  if (only !== undefined) return readBack(state, only, []);
  if (matches.length > 1) return offerThese(state, matches.slice(0, MAX_OFFERED), []);
  const weekOn = sameWeekdayWeekOn(open, wanted, zone);
  if (weekOn.length > 0) {
    const lead = [say.notAvailable(describeWanted(wanted, zone))];
    const one = weekOn.length === 1 ? weekOn[0] : undefined;
    if (one !== undefined) return readBack(state, one, lead, [], say.weekLater(one, zone));
    return offerThese(state, weekOn.slice(0, MAX_OFFERED), lead);
  }
  const nearest = nearestSlots(open, wanted, zone, 2);
  if (nearest.length === 0) return end(state, 'failed', 'error', [say.noSlots()]);
  return ask({ ...offering(state), offered: nearest }, [
    say.notAvailable(describeWanted(wanted, zone)),
    say.nearest(nearest, spokenZonesOf(state)),
  ]);
}

/**
 * "friday" said on a Thursday means tomorrow, but the candidate may mean the Friday after: when the day asked for
 * has nothing open, the open slots on the same weekday a week on (at the time asked for, when one was named and is
 * open then; else all of that day).
 */
function sameWeekdayWeekOn(open: Slot[], wanted: Wanted, zone: string): Slot[] {
  if (wanted.date === null) return [];
  const next = DateTime.fromISO(wanted.date, { zone }).plus({ days: 7 }).toISODate();
  const onDay = open.filter((slot) => localParts(slot.start, zone).date === next);
  const atTime = onDay.filter((slot) => localParts(slot.start, zone).time === wanted.time);
  return atTime.length > 0 ? atTime : onDay;
}

/** The open slots not offered yet; all of them again when there are no others. */
export function alternatives(state: ConversationState, open: Slot[]): TransitionResult {
  const offeredIds = new Set(state.offered.map((s) => s.id));
  const others = open.filter((s) => !offeredIds.has(s.id));
  if (others.length === 0) return offerFrom(state, open, [say.noOthers()]);
  return offerFrom(state, others, [say.alternatives()]);
}

export function stillOpen(offered: Slot[], open: Slot[]): Slot[] {
  const ids = new Set(open.map((s) => s.id));
  return offered.filter((s) => ids.has(s.id));
}
