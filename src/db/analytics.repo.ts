import type { Kysely } from 'kysely';
import { readCounters } from './counters.js';
import type { Database } from './schema.js';

export interface SlotPreference {
  slot_id: number;
  label: string;
  /** ISO-8601 with offset. */
  start: string;
  bookings: number;
}

export interface Analytics {
  total_calls: number;
  by_status: Record<string, number>;
  by_outcome: Record<string, number>;
  /** Calls with outcome 'scheduled' ÷ finished calls (status ≠ 'active'); 0 when none finished. */
  success_rate: number;
  /** Mean turn_count over all calls; 0 when there are none. */
  average_turns: number;
  /** turn_count → number of calls. */
  turns_histogram: Record<string, number>;
  /** Every slot with its booking count, most booked first, then by start. */
  slot_preferences: SlotPreference[];
  /** conversation_turns.intent → number of turns (null intents left out). */
  intent_distribution: Record<string, number>;
  /** Mean duration_seconds over calls that have one; null when none do. */
  average_duration_seconds: number | null;
  active_calls: number;
}

/** The counters whose key starts with `prefix`, as a record keyed by the rest of the key. */
function prefixed(counters: ReadonlyMap<string, number>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  const keys = [...counters.keys()].filter((k) => k.startsWith(prefix)).sort();
  for (const key of keys) out[key.slice(prefix.length)] = counters.get(key) ?? 0;
  return out;
}

/**
 * Call analytics from the trigger-maintained counters (see counters.ts): two small queries, whatever the number
 * of calls and turns. Means are SUM ÷ COUNT done in JS so both dialects give bit-identical numbers.
 */
export async function getAnalytics(db: Kysely<Database>): Promise<Analytics> {
  const [counters, slots] = await Promise.all([
    readCounters(db),
    db.selectFrom('slots').select(['id', 'label', 'start_time', 'start_utc']).execute(),
  ]);
  const get = (key: string): number => counters.get(key) ?? 0;
  const total = get('calls');
  const active = get('status:active');
  const finished = total - active;
  const durationCount = get('duration_count');
  const histogram = prefixed(counters, 'turns:');
  const preferences = slots
    .map((s) => ({ slot_id: Number(s.id), label: s.label, start: s.start_time, utc: s.start_utc, bookings: get(`slot:${s.id}`) }))
    .sort((a, b) => b.bookings - a.bookings || (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : a.slot_id - b.slot_id));
  return {
    total_calls: total,
    by_status: prefixed(counters, 'status:'),
    by_outcome: prefixed(counters, 'outcome:'),
    success_rate: finished === 0 ? 0 : get('booked') / finished,
    average_turns: total === 0 ? 0 : get('turns_sum') / total,
    turns_histogram: histogram,
    slot_preferences: preferences.map(({ utc: _utc, ...p }) => p),
    intent_distribution: prefixed(counters, 'intent:'),
    average_duration_seconds: durationCount === 0 ? null : get('duration_sum') / durationCount,
    active_calls: active,
  };
}
