import { sql } from 'kysely';
import { notFound } from '../core/errors.js';
import type { CandidateStatus } from '../db/candidates.table.js';
import { isoInZone } from '../core/scheduling/zones.js';
import { attemptsByNumber, attemptsByQuarterHour, medianWaitSeconds, readFunnelCounters } from '../db/funnel.repo.js';
import type { Deps } from '../deps.js';

/** Booked seats against capacity on one day (the slot's local date in its job's zone). */
export interface DayFill {
  date: string;
  booked: number;
  capacity: number;
  /** booked ÷ capacity (0 when the day has no capacity). */
  fill: number;
}

/** A hiring funnel: where a job's candidates (or every job's) stand, and how calls turn into interviews. */
export interface Funnel {
  /** Candidates now in the job. */
  candidates: number;
  /** Candidates called at least once. */
  called: number;
  /** Calls a human answered. */
  reached: number;
  /** Candidates now scheduled, declined, opted out, unreachable (their current status). */
  scheduled: number;
  declined: number;
  opted_out: number;
  unreachable: number;
  /** Every status with its count (they add up to `candidates`). */
  by_status: Record<CandidateStatus, number>;
  calls_placed: number;
  /** reached ÷ calls placed; null before any call. */
  reach_rate: number | null;
  /** Scheduled candidates ÷ calls placed; null before any call. */
  bookings_per_call: number | null;
  /** Median time from import to first booking, from a histogram (within 10%); null before any booking. */
  median_seconds_to_booking: number | null;
  slot_fill: DayFill[];
  /** Questions candidates asked that were passed on to the recruiter. */
  questions_asked: number;
}

type Reader = Pick<Deps, 'database'>;

/** How often campaign calls reached a person, in one group (an attempt number, an hour of the day). */
export interface Reach {
  attempts: number;
  reached: number;
  /** reached ÷ attempts. */
  rate: number;
}

/**
 * A job's campaign calls (done attempts that were placed: every result but invalid_number and do_not_call). Reached:
 * a person answered (scheduled, declined, opted_out, wrong_number, callback, hung_up).
 */
export interface AttemptFunnel {
  campaign_attempts: number;
  /** Campaign calls ÷ calls that booked an interview; null before a booking. */
  attempts_per_booking: number | null;
  /** By attempt number (1 = first call), numbers with calls only. */
  reach_by_attempt: Array<Reach & { number: number }>;
  /** By the hour (0–23, in the job's zone) the call was dialled, hours with calls only. */
  reach_by_hour: Array<Reach & { hour: number }>;
  /** Calls that left a voicemail ÷ campaign calls; null before any. */
  voicemail_rate: number | null;
}

/** A job's funnel with its campaign's figures. */
export type JobFunnel = Funnel & AttemptFunnel;

/**
 * A job's funnel: its counters (a few rows), its slots by day (an aggregate over the job's slots, which are few) and
 * its questions (counted through the indexed sessions of the job). 404 when there is no such job.
 */
export async function jobFunnel(deps: Reader, jobId: number): Promise<JobFunnel> {
  const db = deps.database.db;
  const job = await db.selectFrom('jobs').select(['id', 'is_default', 'timezone']).where('id', '=', jobId).executeTakeFirst();
  if (job === undefined) throw notFound(`Job ${jobId}`);
  // Calls placed before jobs existed (job_id null) were the default job's.
  const includeUnassigned = job.is_default === 1;
  const [counters, fill, questions, attempts] = await Promise.all([
    readFunnelCounters(db, jobId),
    slotFill(deps, jobId),
    db
      .selectFrom('questions')
      .innerJoin('conversation_sessions as s', 's.call_sid', 'questions.call_sid')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => (includeUnassigned ? eb.or([eb('s.job_id', '=', jobId), eb('s.job_id', 'is', null)]) : eb('s.job_id', '=', jobId)))
      .executeTakeFirstOrThrow(),
    attemptFunnel(deps, jobId, job.timezone),
  ]);
  return { ...funnelOf(counters, fill, Number(questions.n)), ...attempts };
}

/**
 * The campaign figures of a job: two aggregates over its done attempts (by number; by UTC quarter hour, turned into
 * hours of the job's zone here), whatever the number of attempts.
 */
export async function attemptFunnel(deps: Reader, jobId: number, zone: string): Promise<AttemptFunnel> {
  const db = deps.database.db;
  const [byNumber, byQuarter] = await Promise.all([attemptsByNumber(db, jobId), attemptsByQuarterHour(db, jobId)]);
  const total = { attempts: 0, voicemail: 0, scheduled: 0 };
  for (const row of byNumber) {
    total.attempts += row.attempts;
    total.voicemail += row.voicemail;
    total.scheduled += row.scheduled;
  }
  const hours = new Map<number, { attempts: number; reached: number }>();
  for (const bucket of byQuarter) {
    const hour = Number(isoInZone(new Date(bucket.start), zone)?.slice(11, 13) ?? bucket.start.slice(11, 13));
    const tally = hours.get(hour) ?? { attempts: 0, reached: 0 };
    tally.attempts += bucket.attempts;
    tally.reached += bucket.reached;
    hours.set(hour, tally);
  }
  const reach = (attempts: number, reached: number): Reach => ({ attempts, reached, rate: attempts === 0 ? 0 : reached / attempts });
  return {
    campaign_attempts: total.attempts,
    attempts_per_booking: total.scheduled === 0 ? null : total.attempts / total.scheduled,
    reach_by_attempt: byNumber.map((r) => ({ number: r.number, ...reach(r.attempts, r.reached) })),
    reach_by_hour: [...hours].sort(([a], [b]) => a - b).map(([hour, t]) => ({ hour, ...reach(t.attempts, t.reached) })),
    voicemail_rate: total.attempts === 0 ? null : total.voicemail / total.attempts,
  };
}

/** Every job's funnel summed (counters of existing jobs; every slot; every question). */
export async function overallFunnel(deps: Reader): Promise<Funnel> {
  const db = deps.database.db;
  const [counters, fill, questions] = await Promise.all([
    readFunnelCounters(db, undefined),
    slotFill(deps, undefined),
    db
      .selectFrom('questions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return funnelOf(counters, fill, Number(questions.n));
}

async function slotFill(deps: Reader, jobId: number | undefined): Promise<DayFill[]> {
  // start_time carries the job zone's offset, so its first ten characters are the local date.
  const day = sql<string>`substr(start_time, 1, 10)`;
  const rows = await deps.database.db
    .selectFrom('slots')
    .select((eb) => [
      day.as('date'),
      eb.fn.sum<number | string>('booked_count').as('booked'),
      eb.fn.sum<number | string>('capacity').as('capacity'),
    ])
    .$if(jobId !== undefined, (qb) => qb.where('job_id', '=', jobId ?? 0))
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((r) => {
    const booked = Number(r.booked);
    const capacity = Number(r.capacity);
    return { date: r.date, booked, capacity, fill: capacity === 0 ? 0 : booked / capacity };
  });
}

function funnelOf(counters: ReadonlyMap<string, number>, slotFillByDay: DayFill[], questions: number): Funnel {
  const get = (metric: string) => counters.get(metric) ?? 0;
  const byStatus: Record<CandidateStatus, number> = {
    new: get('status:new'),
    calling: get('status:calling'),
    scheduled: get('status:scheduled'),
    declined: get('status:declined'),
    callback: get('status:callback'),
    opted_out: get('status:opted_out'),
    wrong_number: get('status:wrong_number'),
    unreachable: get('status:unreachable'),
    withdrawn: get('status:withdrawn'),
  };
  const placed = get('calls_placed');
  return {
    candidates: get('candidates'),
    called: get('called'),
    reached: get('reached'),
    scheduled: byStatus.scheduled,
    declined: byStatus.declined,
    opted_out: byStatus.opted_out,
    unreachable: byStatus.unreachable,
    by_status: byStatus,
    calls_placed: placed,
    reach_rate: placed === 0 ? null : get('reached') / placed,
    bookings_per_call: placed === 0 ? null : byStatus.scheduled / placed,
    median_seconds_to_booking: medianWaitSeconds(counters),
    slot_fill: slotFillByDay,
    questions_asked: questions,
  };
}
