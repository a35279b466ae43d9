import type { Queue } from 'bullmq';
import { realDelayMs } from '../../clock.js';
import { countDue, countInFlight } from '../../db/attempt-queries.repo.js';
import type { Deps } from '../../deps.js';

/** The Redis engine's BullMQ queue: its name, its jobs, and the poll that adds the due attempts to it. */

/** The BullMQ queue of attempts to dial (its keys under CAMPAIGN_QUEUE_PREFIX). */
export const ATTEMPT_QUEUE = 'campaign-attempts';

/** How often the database is read for attempts to enqueue (real ms), and how far ahead (real ms). */
export const POLL_MS = 500;
const HORIZON_MS = 5_000;
/** Attempts enqueued per poll at most (soonest first). */
const BATCH = 500;
/** An attempt enqueued this recently (for the same due_at) is not sent to Redis again by this instance. */
const REENQUEUE_MS = 2_000;
/** How often the queue's global concurrency is written again (real ms). */
const CONCURRENCY_REFRESH_MS = 5_000;

export interface AttemptJob {
  attemptId: number;
}

/**
 * What puts the due attempts into the queue: enqueueDue (run by the engine's poll), the attempts this instance
 * enqueued lately (not sent to Redis again), and when it last wrote the queue's global concurrency.
 */
export function dueEnqueuer(deps: Deps) {
  const config = deps.config;
  const enqueued = new Map<number, { dueAt: string; at: number }>();
  let concurrencySetAt = 0;

  async function enqueueDue(queue: Queue<AttemptJob>): Promise<void> {
    const now = deps.now();
    const until = new Date(now.getTime() + HORIZON_MS * deps.clockSpeed).toISOString();
    const rows = await deps.database.db
      .selectFrom('call_attempts')
      .innerJoin('campaigns', 'campaigns.job_id', 'call_attempts.job_id')
      .innerJoin('jobs', 'jobs.id', 'call_attempts.job_id')
      .select(['call_attempts.id', 'call_attempts.due_at'])
      .where('call_attempts.state', '=', 'due')
      .where('campaigns.status', '=', 'running')
      .where('jobs.status', '=', 'open')
      .where('call_attempts.due_at', '<=', until)
      .orderBy('call_attempts.due_at')
      .orderBy('call_attempts.id')
      .limit(BATCH)
      .execute();
    const real = Date.now();
    // Kept set: a Redis that lost its keys (restarted, flushed) has lost the queue's global concurrency with them.
    if (real - concurrencySetAt >= CONCURRENCY_REFRESH_MS) {
      await queue.setGlobalConcurrency(config.MAX_CONCURRENT_CALLS);
      concurrencySetAt = real;
    }
    for (const [id, entry] of enqueued) if (real - entry.at >= REENQUEUE_MS) enqueued.delete(id);
    const fresh = rows.filter((r) => enqueued.get(r.id)?.dueAt !== r.due_at);
    if (fresh.length > 0) {
      // A job id that exists already (waiting, delayed or active) is left as it is: one job per attempt.
      await queue.addBulk(
        fresh.map((r) => ({
          name: 'attempt',
          data: { attemptId: r.id },
          opts: {
            jobId: `attempt-${r.id}`,
            delay: realDelayMs(r.due_at, now, deps.clockSpeed),
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
      for (const r of fresh) enqueued.set(r.id, { dueAt: r.due_at, at: real });
    }
    const nowIso = deps.now().toISOString();
    deps.metrics.campaignAttemptsDue.set(await countDue(deps.database.db, nowIso));
    deps.metrics.campaignAttemptsInFlight.set(await countInFlight(deps.database.db));
  }

  return {
    enqueueDue,
    /** Writes the queue's global concurrency (MAX_CONCURRENT_CALLS) now. */
    async setConcurrency(queue: Queue<AttemptJob>): Promise<void> {
      await queue.setGlobalConcurrency(config.MAX_CONCURRENT_CALLS);
      concurrencySetAt = Date.now();
    },
    /** Forgets that the attempt was enqueued here: the next poll may add it again. */
    forget(attemptId: number): void {
      enqueued.delete(attemptId);
    },
  };
}
