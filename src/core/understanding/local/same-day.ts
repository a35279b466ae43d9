/**
 * Several offered slots on one day: "the earlier one on thursday", "thursday, the second one", "whichever is later",
 * "the afternoon one". An order or a part of day picks among the slots of the day the reply names; at a read-back
 * with no day named ("no, the morning one that day"), among the slots of the day read back.
 */
import { inPartOfDay, positionIn, withoutNoon, type Mention, type SlotInfo } from './slot-match.js';

/** Offered slots on `date`, earliest first (indices into the offer). */
function slotsOn(date: string, infos: readonly SlotInfo[]): number[] {
  const minutes = (i: number): number => (infos[i]?.hour ?? 0) * 60 + (infos[i]?.minute ?? 0);
  return infos
    .map((_, i) => i)
    .filter((i) => infos[i]?.date === date)
    .sort((a, b) => minutes(a) - minutes(b));
}

/**
 * Narrows the reply's mentions to one slot when an order or part of day picks it among one day's slots: the picking
 * mention and the day's mention then both match that slot. At a read-back (`pending` the slot read back), a part of
 * day with no slot of its kind that day becomes a proposal of that day. Mentions are changed in place and returned.
 */
export function pickWithinDay(
  mentions: Mention[],
  infos: readonly SlotInfo[],
  pending: SlotInfo | null,
  said: readonly string[],
): Mention[] {
  const positive = mentions.filter((m) => !m.negated);
  const pickers = positive.filter((m) => m.ordinal !== null || (m.pod !== null && m.date === null && m.time === null));
  if (pickers.length === 0) return withoutRefusedOrder(mentions, positive);
  const picker = pickers.length === 1 ? pickers[0] : undefined;
  if (picker === undefined) return mentions;
  const days = positive.filter((m) => m.date !== null && m.time === null && m.ordinal === null);
  const named = days.length === 1 ? (days[0] ?? null) : null;
  // at a read-back, a comparative or a part of day (or any order said "that day") is about the day read back
  const thatDay = / (?:that|the same|same) day /.test(' ' + said.join(' ') + ' ');
  const byPending =
    named === null &&
    days.length === 0 &&
    pending !== null &&
    pending.date !== null &&
    (picker.ordinal === null || picker.ordinal.ofPair === true || thatDay);
  // "can't do thursday morning but the afternoon is fine": part of one day refused, the rest of that day chosen
  const refused = mentions.filter((m) => m.negated && m.date !== null && (m.pod !== null || m.time !== null));
  const refusedDays = new Set(refused.map((m) => m.date?.date ?? null));
  const refusedDay = named === null && days.length === 0 && refusedDays.size === 1 ? [...refusedDays][0] : null;
  // "tuesday" answered with that day's two slots, then "the afternoon one": every slot offered is on one day
  const dates = new Set(infos.map((i) => i.date));
  const onlyDay = infos.length >= 2 && dates.size === 1 ? [...dates][0] : null;
  const date = named?.date?.date ?? (byPending ? (pending?.date ?? null) : (refusedDay ?? onlyDay ?? null));
  if (date === null) return mentions;
  const day = slotsOn(date, infos);
  let pick: number | undefined;
  if (picker.ordinal !== null) {
    if (day.length < 2) return mentions;
    pick = day[positionIn(picker.ordinal.n, day.length) - 1];
  } else if (picker.pod !== null) {
    const pod = picker.pod;
    const inPod = day.filter((i) => infos[i] !== undefined && inPartOfDay(infos[i], pod));
    const fit = pod === 'afternoon' ? withoutNoon(inPod, infos) : inPod;
    if (fit.length === 1) pick = fit[0];
    // "first thing", "end of the day": the earliest or the latest of them (`day` is in time order)
    else if (fit.length > 1 && (pod === 'early' || pod === 'late')) pick = pod === 'early' ? fit[0] : fit[fit.length - 1];
    else if (fit.length === 0 && byPending) {
      // nothing of that part of day was offered on the day read back: ask for that day
      picker.date = { start: picker.start, end: picker.end, date, weekday: null };
      picker.matches = [];
      return mentions;
    }
  }
  if (pick === undefined) return mentions;
  picker.matches = [pick];
  if (named !== null) named.matches = [pick];
  return mentions;
}

/**
 * "thursday after lunch but not the late one": the one mention that names several slots (in time order) loses the one
 * a refused order names among them; "the later one" (of a pair) only among two. Changed in place and returned.
 */
function withoutRefusedOrder(mentions: Mention[], positive: readonly Mention[]): Mention[] {
  const refused = mentions.filter((m) => m.negated && m.ordinal !== null);
  const several = positive.filter((m) => m.matches.length >= 2);
  const order = refused.length === 1 ? refused[0]?.ordinal : null;
  const named = several.length === 1 ? several[0] : undefined;
  if (order == null || named === undefined || (order.ofPair === true && named.matches.length !== 2)) return mentions;
  const dropped = named.matches[positionIn(order.n, named.matches.length) - 1];
  named.matches = named.matches.filter((i) => i !== dropped);
  return mentions;
}

/** What "the other …" names when it is a slot ("the other one", "the other time"), not a day or a question. */
const OTHER_NOUNS = new Set(['one', 'slot', 'time', 'appointment', 'option']);

/**
 * "no, the other one on tuesday", "the other time that day": at a read-back, the one other slot offered on the day the
 * reply names, or else on the day read back. Nothing is picked when that day has no other slot or several, or when the
 * reply names a time or an order itself. Mentions are changed in place (a named day then matches that slot alone, or a
 * mention of "the other one" is added); true when a slot was picked.
 */
export function otherOfDay(mentions: Mention[], infos: readonly SlotInfo[], pending: SlotInfo | null, said: readonly string[]): boolean {
  if (pending === null || pending.date === null) return false;
  const at = said.findIndex((w, i) => w === 'the' && said[i + 1] === 'other' && OTHER_NOUNS.has(said[i + 2] ?? ''));
  if (at < 0) return false;
  const positive = mentions.filter((m) => !m.negated);
  if (positive.some((m) => m.time !== null || m.ordinal !== null || m.pod !== null)) return false;
  const days = positive.filter((m) => m.date !== null);
  const date = days.length === 1 ? (days[0]?.date?.date ?? null) : days.length === 0 ? pending.date : null;
  if (date === null) return false;
  const isPending = (i: number) =>
    infos[i]?.date === pending.date && infos[i]?.hour === pending.hour && infos[i]?.minute === pending.minute;
  const others = slotsOn(date, infos).filter((i) => !isPending(i));
  if (others.length !== 1) return false;
  const pick = others[0] as number;
  const day = days[0];
  if (day !== undefined) day.matches = [pick];
  else
    mentions.push({
      start: at,
      end: at + 3,
      date: null,
      time: null,
      ordinal: null,
      pod: null,
      negated: false,
      preferred: false,
      matches: [pick],
    });
  mentions.sort((a, b) => a.start - b.start);
  return true;
}
