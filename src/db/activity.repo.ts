import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Calls started in one UTC hour ('2026-11-24T15') with one outcome (null while in progress). */
export interface HourOutcomeCount {
  hour: string;
  outcome: string | null;
  calls: number;
}

/**
 * Calls started in [from, to) grouped by UTC hour and outcome: at most hours × outcomes rows, read along the
 * start_time index (timestamps are UTC ISO text in both dialects, so the hour is the first 13 characters).
 */
export async function callsByHourAndOutcome(
  db: Kysely<Database>,
  range: { from: string; to: string; jobId?: number },
): Promise<HourOutcomeCount[]> {
  let query = db
    .selectFrom('conversation_sessions')
    .select([sql<string>`substr(start_time, 1, 13)`.as('hour'), 'outcome', (eb) => eb.fn.countAll<number | string>().as('calls')])
    .where('start_time', '>=', range.from)
    .where('start_time', '<', range.to);
  if (range.jobId !== undefined) query = query.where('job_id', '=', range.jobId);
  const rows = await query.groupBy([sql`substr(start_time, 1, 13)`, 'outcome']).execute();
  return rows.map((r) => ({ hour: r.hour, outcome: r.outcome, calls: Number(r.calls) }));
}

/** Turns of one call-start day (UTC, 'YYYY-MM-DD') answered by one understanding engine (null: no speech to read). */
export interface DayEngineCount {
  day: string;
  engine: string | null;
  turns: number;
}

/**
 * The turns of the latest `calls` calls started before `to`, by the call's start day and the engine that understood
 * each reply: a bounded read (those calls' turns by their primary key) whatever the size of the tables.
 */
export async function recentTurnsByEngine(
  db: Kysely<Database>,
  options: { calls: number; to: string; jobId?: number },
): Promise<DayEngineCount[]> {
  let recent = db
    .selectFrom('conversation_sessions')
    .select(['call_sid', 'start_time'])
    .where('start_time', '<', options.to)
    .orderBy('start_time', 'desc')
    .limit(options.calls);
  if (options.jobId !== undefined) recent = recent.where('job_id', '=', options.jobId);
  const rows = await db
    .selectFrom(recent.as('s'))
    .innerJoin('conversation_turns as t', 't.call_sid', 's.call_sid')
    .select([sql<string>`substr(s.start_time, 1, 10)`.as('day'), 't.engine', (eb) => eb.fn.countAll<number | string>().as('turns')])
    .groupBy([sql`substr(s.start_time, 1, 10)`, 't.engine'])
    .execute();
  return rows.map((r) => ({ day: r.day, engine: r.engine, turns: Number(r.turns) }));
}
