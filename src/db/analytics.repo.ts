import type { Kysely } from 'kysely';
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

function toRecord(rows: ReadonlyArray<{ key: string | number | null; n: number | string | bigint }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { key, n } of rows) if (key !== null) out[String(key)] = Number(n);
  return out;
}

/**
 * Call analytics, every figure from SQL aggregates (COUNT/SUM/GROUP BY); no rows are loaded.
 * Means are SUM ÷ COUNT done in JS so both dialects give bit-identical numbers.
 */
export async function getAnalytics(db: Kysely<Database>): Promise<Analytics> {
  const sessions = db.selectFrom('conversation_sessions');

  const [totals, byStatus, byOutcome, histogram, preferences, intents] = await Promise.all([
    sessions
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn
          .sum<number | null>(eb.case().when('status', '=', 'active').then(1).else(0).end())
          .as('active'),
        eb.fn
          .sum<number | null>(eb.case().when('status', '<>', 'active').then(1).else(0).end())
          .as('finished'),
        eb.fn
          .sum<number | null>(
            eb
              .case()
              .when(eb.and([eb('status', '<>', 'active'), eb('outcome', '=', 'scheduled')]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('booked'),
        eb.fn.sum<number | null>('turn_count').as('turns_sum'),
        eb.fn.sum<number | null>('duration_seconds').as('duration_sum'),
        eb.fn.count<number>('duration_seconds').as('duration_count'),
      ])
      .executeTakeFirstOrThrow(),
    sessions
      .select((eb) => ['status as key', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
    sessions
      .select((eb) => ['outcome as key', eb.fn.countAll<number>().as('n')])
      .where('outcome', 'is not', null)
      .groupBy('outcome')
      .execute(),
    sessions
      .select((eb) => ['turn_count as key', eb.fn.countAll<number>().as('n')])
      .groupBy('turn_count')
      .orderBy('turn_count')
      .execute(),
    db
      .selectFrom('slots')
      .leftJoin('bookings', 'bookings.slot_id', 'slots.id')
      .select((eb) => [
        'slots.id as slot_id',
        'slots.label',
        'slots.start_time as start',
        'slots.start_utc',
        eb.fn.count<number>('bookings.id').as('bookings'),
      ])
      .groupBy(['slots.id', 'slots.label', 'slots.start_time', 'slots.start_utc'])
      .orderBy('bookings', 'desc')
      .orderBy('slots.start_utc', 'asc')
      .execute(),
    db
      .selectFrom('conversation_turns')
      .select((eb) => ['intent as key', eb.fn.countAll<number>().as('n')])
      .where('intent', 'is not', null)
      .groupBy('intent')
      .execute(),
  ]);

  const total = Number(totals.total);
  const finished = Number(totals.finished ?? 0);
  const durationCount = Number(totals.duration_count);
  return {
    total_calls: total,
    by_status: toRecord(byStatus),
    by_outcome: toRecord(byOutcome),
    success_rate: finished === 0 ? 0 : Number(totals.booked ?? 0) / finished,
    average_turns: total === 0 ? 0 : Number(totals.turns_sum ?? 0) / total,
    turns_histogram: toRecord(histogram),
    slot_preferences: preferences.map((p) => ({
      slot_id: Number(p.slot_id),
      label: p.label,
      start: p.start,
      bookings: Number(p.bookings),
    })),
    intent_distribution: toRecord(intents),
    average_duration_seconds: durationCount === 0 ? null : Number(totals.duration_sum ?? 0) / durationCount,
    active_calls: Number(totals.active ?? 0),
  };
}
