import type { Insertable, Selectable } from 'kysely';

/**
 * `funnel_counters`: the funnel of each job as counters kept by the services in the same transaction as the change
 * (never by triggers), so analytics read a few rows whatever the number of candidates. One row per (job, metric);
 * totals over every job are summed at read time (jobs are few).
 */
export interface FunnelCountersTable {
  job_id: number;
  /** A {@link FunnelMetric}, or `day:<YYYY-MM-DD>` (booked seats that day) or `wait:<bucket>` (import→booking times). */
  metric: string;
  value: number;
}

export type FunnelCounterRow = Selectable<FunnelCountersTable>;
export type NewFunnelCounterRow = Insertable<FunnelCountersTable>;
