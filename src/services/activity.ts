import { DateTime } from 'luxon';
import type { Deps } from '../deps.js';
import { callsByHourAndOutcome, recentTurnsByEngine } from '../db/activity.repo.js';
import { describeEngine } from '../understander.js';

/**
 * Outcomes of a call in which nobody spoke with the caller: no answer, busy, a machine, silence throughout, an error.
 * Every other ended call reached a person.
 */
const NOT_REACHED = new Set(['no_answer', 'busy', 'voicemail', 'no_response', 'error']);

/** How many of the latest calls the understanding figures are read from (a bounded read at any table size). */
export const ENGINE_SAMPLE_CALLS = 5000;

export interface ActivityDay {
  date: string;
  calls: number;
  reached: number;
  outcomes: Record<string, number>;
}

export interface Activity {
  zone: string;
  from: string;
  to: string;
  /** The engine configured to understand replies; with 'openai', turns answered by 'local' are fallbacks. */
  engine: string;
  by_day: ActivityDay[];
  by_hour: Array<{ hour: number; calls: number; reached: number }>;
  understanding: { calls_sampled: number; by_day: Array<{ date: string; engines: Record<string, number> }> };
}

/**
 * The Overview's time series for the last `days` days (in the interview time zone, today included): calls and their
 * outcomes per day, calls and reached per hour of the day, and which engine understood the replies per day.
 */
export async function callActivity(deps: Deps, options: { days: number; jobId?: number }): Promise<Activity> {
  const zone = deps.config.INTERVIEW_TIMEZONE;
  const end = DateTime.fromJSDate(deps.now(), { zone }).startOf('day').plus({ days: 1 });
  const start = end.minus({ days: options.days });
  const range = { from: utcIso(start), to: utcIso(end), ...(options.jobId === undefined ? {} : { jobId: options.jobId }) };
  const [hours, engines] = await Promise.all([
    callsByHourAndOutcome(deps.database.db, range),
    recentTurnsByEngine(deps.database.db, {
      calls: ENGINE_SAMPLE_CALLS,
      to: range.to,
      ...(range.jobId === undefined ? {} : { jobId: range.jobId }),
    }),
  ]);

  const days = new Map<string, ActivityDay>();
  for (let d = start; d < end; d = d.plus({ days: 1 })) {
    const date = d.toISODate() ?? '';
    days.set(date, { date, calls: 0, reached: 0, outcomes: {} });
  }
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, calls: 0, reached: 0 }));
  for (const row of hours) {
    const local = DateTime.fromISO(`${row.hour}:00:00Z`).setZone(zone);
    const day = days.get(local.toISODate() ?? '');
    const outcome = row.outcome ?? 'in_progress';
    const reached = row.outcome !== null && !NOT_REACHED.has(row.outcome) ? row.calls : 0;
    if (day !== undefined) {
      day.calls += row.calls;
      day.reached += reached;
      day.outcomes[outcome] = (day.outcomes[outcome] ?? 0) + row.calls;
    }
    const slot = byHour[local.hour];
    if (slot !== undefined && row.outcome !== null) {
      slot.calls += row.calls;
      slot.reached += reached;
    }
  }

  const understanding = new Map<string, Record<string, number>>();
  for (const row of engines) {
    const engines = understanding.get(row.day) ?? {};
    const engine = row.engine ?? 'none';
    engines[engine] = (engines[engine] ?? 0) + row.turns;
    understanding.set(row.day, engines);
  }
  return {
    zone,
    from: start.toISODate() ?? '',
    to: end.minus({ days: 1 }).toISODate() ?? '',
    engine: describeEngine(deps.config),
    by_day: [...days.values()],
    by_hour: byHour,
    understanding: {
      calls_sampled: ENGINE_SAMPLE_CALLS,
      by_day: [...understanding.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, engines]) => ({ date, engines })),
    },
  };
}

function utcIso(d: DateTime): string {
  return d.toUTC().toISO() ?? '';
}
