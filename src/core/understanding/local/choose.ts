/**
 * Which offered slot a reply chooses, from its date/time mentions: a preferred or corrected mention wins, else the
 * mentions must agree on one slot; a mention of something not offered is a proposal.
 */
import type { Mention } from './slot-match.js';

export interface Choice {
  slot: number | null;
  focus: Mention | null;
  /** A positive mention names an offered slot (maybe ambiguously). */
  accepted: boolean;
  /** A positive mention names something not offered. */
  proposed: boolean;
  negatedOnly: boolean;
}

export function choose(mentions: readonly Mention[]): Choice {
  const pos = mentions.filter((m) => !m.negated);
  const matched = pos.filter((m) => m.matches.length > 0);
  // "i pick up my brother around three, so the wednesday one at four": a bare time said before a day and time that
  // name one offered slot is context, not a proposal
  const full = matched.filter((m) => m.date !== null && m.time !== null && m.matches.length === 1);
  const context = (m: Mention) => m.date === null && m.ordinal === null && full.some((f) => f.start > m.end);
  const unmatched = pos.filter((m) => m.matches.length === 0 && (m.date !== null || m.time !== null) && !context(m));
  const res: Choice = { slot: null, focus: null, accepted: false, proposed: false, negatedOnly: pos.length === 0 && mentions.length > 0 };
  // a day in one place and a clock time in another ("tuesday works but can we do ten"): judged together
  if (pos.length === 2) {
    const d = pos.find((m) => m.date !== null && m.time === null && m.ordinal === null && m.pod === null);
    const t = pos.find((m) => m.time !== null && m.date === null && m.ordinal === null);
    if (d !== undefined && t !== undefined) {
      const both = d.matches.filter((x) => t.matches.includes(x));
      if (both.length === 1) return { ...res, focus: t, slot: both[0] as number, accepted: true };
      if (both.length === 0) return { ...res, focus: t, proposed: true };
    }
  }
  // a preferred mention wins; else a later correction; else the set of matches must agree on one slot
  const pref = pos.filter((m) => m.preferred);
  const lead = pref.length > 0 ? (pref[pref.length - 1] as Mention) : undefined;
  if (lead !== undefined && lead.matches.length === 0 && (lead.date !== null || lead.time !== null)) {
    return { ...res, focus: lead, proposed: true };
  }
  if (lead !== undefined && lead.matches.length === 1) {
    return { ...res, focus: lead, slot: lead.matches[0] as number, accepted: true };
  }
  if (matched.length > 0 && unmatched.length === 0) {
    let common: number[] = (matched[0] as Mention).matches;
    for (const m of matched) common = common.filter((x) => m.matches.includes(x));
    const focus = matched[matched.length - 1] as Mention;
    if (common.length === 1) return { ...res, focus, slot: common[0] as number, accepted: true };
    const distinct = new Set(matched.flatMap((m) => m.matches));
    if (distinct.size === 1) return { ...res, focus, slot: [...distinct][0] as number, accepted: true };
    // a negated mention may narrow an ambiguous one ("the morning, not monday")
    const negSlots = new Set(mentions.filter((m) => m.negated).flatMap((m) => m.matches));
    const left = [...distinct].filter((x) => !negSlots.has(x));
    if (left.length === 1) return { ...res, focus, slot: left[0] as number, accepted: true };
    return { ...res, focus, accepted: true };
  }
  if (unmatched.length > 0) return { ...res, focus: unmatched[unmatched.length - 1] as Mention, proposed: true };
  if (mentions.length > 0) return { ...res, focus: mentions[0] as Mention };
  return res;
}
