/** `analytics_counters`: running sums behind GET /analytics, maintained by triggers (see counters.ts). */
export interface AnalyticsCountersTable {
  key: string;
  /** PostgreSQL: pg_backend_pid() % 16 of the writer; SQLite: 0. */
  shard: number;
  value: number;
}
