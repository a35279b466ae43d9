import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { renewOwnLeases } from '../../db/attempt-leases.repo.js';
import type { Deps } from '../../deps.js';
import { startBackgroundWork } from '../background-work.js';
import { leaseUntil } from './dispatch.js';
import { dispatchBatcher } from './dispatch-batcher.js';
import type { Dispatched } from './dispatch-outcomes.js';
import type { CampaignEngine } from './engine.js';
import { callGate, gatedTelephony } from './redis-call-gate.js';
import { inFlightWaiters, untilCallFinal, WAIT_POLL_MS } from './redis-lines.js';
import { ATTEMPT_QUEUE, dueEnqueuer, POLL_MS, type AttemptJob } from './redis-queue.js';
import { reconcileAttempts } from './reconcile.js';

/** The rate gate's window beyond one second (the Redis clock's millisecond rounding). */
const GATE_MARGIN_MS = 10;
/** How long a REST request may count as in flight in the gate (the Twilio client's timeout). */
const GATE_INFLIGHT_MS = 10_000;

/**
 * The campaign engine for several instances (REDIS_URL): BullMQ schedules, the database decides.
 *
 * - A poll of the database (every 500 ms, and on poke) adds each due attempt of a running campaign, due within the
 *   next few seconds, as the job `attempt-<id>` delayed until its due_at (on the simulated clock, in real ms).
 *   Losing the queue's keys loses nothing: the next polls add the due rows again.
 * - One worker per instance: BullMQ's rate limiter ({ max: TWILIO_CPS, duration: 1 s }) spaces the starts and the
 *   queue's global concurrency (MAX_CONCURRENT_CALLS) bounds the jobs active at once across every instance. A job
 *   claims and dials its attempt (dispatchAttempt) and then stays active until the attempt leaves claimed/dialled
 *   and the telephony reports the call over: one active job is one line in use. The REST request itself passes a
 *   sliding-log gate in Redis (TWILIO_CPS per second, measured where Twilio measures it).
 * - A killed instance's jobs stall (their locks, derived from CAMPAIGN_LEASE_SECONDS, run out) and come back to
 *   another worker: dispatchAttempt finds the attempt no longer due and dials nothing, and the job holds the line
 *   until reconcile (run by every engine each LEASE/3) resolves the attempt from Twilio's record.
 * - Each LEASE/3 this instance renews the leases of what it holds (the attempts it is dialling, the calls it placed
 *   while their conversation is active) and then, in the same run, reconciles expired attempts: however late a busy
 *   machine runs the timer, its own live attempts were renewed just before, so reconcile never takes them.
 */
export function createRedisEngine(deps: Deps): CampaignEngine {
  const config = deps.config;
  const url = config.REDIS_URL;
  if (url === undefined) throw new Error('the redis campaign engine needs REDIS_URL');
  const prefix = config.CAMPAIGN_QUEUE_PREFIX;
  const leaseMs = config.CAMPAIGN_LEASE_SECONDS * 1000;
  const lockDuration = Math.max(1_000, Math.round(leaseMs / 3));
  const log = deps.logger.child({ component: 'campaign-engine', engine: 'redis' });

  let connection: Redis | undefined;
  let queue: Queue<AttemptJob> | undefined;
  let worker: Worker<AttemptJob> | undefined;
  const timers: NodeJS.Timeout[] = [];
  let closing = false;
  let started = false;
  let polling: Promise<void> | undefined;
  let pollAgain = false;
  let pokeTimer: NodeJS.Timeout | undefined;
  const feeder = dueEnqueuer(deps);
  const { watchInFlight, untilEnded } = inFlightWaiters(deps);
  const dialling = new Set<Promise<Dispatched>>();
  /** Attempts being claimed and dialled here (their lease is kept while the gate or the REST request waits). */
  const dispatching = new Map<number, number>();
  let grants = 0;
  const grantPrefix = `${deps.instanceId}:${randomBytes(3).toString('hex')}`;

  async function enqueueDue(): Promise<void> {
    if (queue === undefined) return;
    await feeder.enqueueDue(queue);
  }

  /** One poll at a time; a poke during a poll runs another right after it. */
  function poll(): void {
    if (closing || !started) return;
    if (polling !== undefined) {
      pollAgain = true;
      return;
    }
    polling = enqueueDue()
      .catch((err: unknown) => log.warn({ err }, 'could not enqueue the due campaign attempts; trying again'))
      .finally(() => {
        polling = undefined;
        if (pollAgain) {
          pollAgain = false;
          poll();
        }
      });
  }

  /**
   * Renews this instance's leases (the attempts it is dialling; the calls it placed, while their conversation is
   * active), then reconciles expired attempts, anyone's. One after the other in one run: a lease of this instance that
   * ran out while the machine was too busy to renew it is renewed before reconcile looks, so a call this instance is
   * still dialling (at the call gate, say) or hearing is never released or ended under it. A call placed here whose
   * conversation ended without its attempt is left to lapse: reconcile ends it.
   */
  async function keepHouse(): Promise<void> {
    const now = deps.now();
    await renewOwnLeases(deps.database.db, deps.instanceId, [...dispatching.keys()], leaseUntil(deps, now), now.toISOString());
    if (!closing) await reconcileAttempts(deps);
  }

  let housekeeping: Promise<void> | undefined;
  function houseTick(): void {
    if (housekeeping !== undefined || closing) return;
    housekeeping = keepHouse()
      .catch((err: unknown) => log.warn({ err }, 'campaign housekeeping (leases, reconcile) failed; trying again'))
      .finally(() => {
        housekeeping = undefined;
      });
  }

  /** Claims and dials the attempt (or finds it taken), then holds the job while the attempt is claimed or dialled. */
  async function processAttempt(job: Job<AttemptJob>): Promise<void> {
    const attemptId = job.data.attemptId;
    if (closing) return new Promise(() => undefined); // the worker is closing: the job is left to stall
    const dial = dispatchOne(attemptId).catch((err: unknown): Dispatched => {
      log.error({ err, attemptId }, 'dispatching a campaign attempt failed; reconcile will resolve it');
      return 'unknown';
    });
    dialling.add(dial);
    dispatching.set(attemptId, (dispatching.get(attemptId) ?? 0) + 1);
    const outcome = await dial.finally(() => {
      dialling.delete(dial);
      const left = (dispatching.get(attemptId) ?? 1) - 1;
      if (left > 0) dispatching.set(attemptId, left);
      else dispatching.delete(attemptId);
    });
    if (outcome === 'dialled' || outcome === 'taken' || outcome === 'unknown') {
      // Held while the attempt is claimed or dialled, by whoever: one active job is one line in use. Only a call this
      // instance placed has its lease renewed (keepHouse); one left claimed without an answer, or placed by an instance
      // that died, is left to its lease running out and reconcile.
      await untilEnded(attemptId);
      if (closing) return new Promise(() => undefined);
      await untilCallFinal(deps, attemptId, () => closing, log);
    }
    feeder.forget(attemptId);
    // Back to due (not dialled): enqueue it again once this job is gone.
    setTimeout(poll, 50).unref();
  }

  let gated: Deps | undefined;
  /** Claims and dials an attempt, with the others handed over at the same moment (one batch). */
  const dispatchOne = dispatchBatcher(dialDeps, () => closing);
  function dialDeps(): Deps {
    if (gated !== undefined) return gated;
    const redis = connection;
    if (redis === undefined) throw new Error('the redis campaign engine is not started');
    const take = callGate({
      redis,
      key: `${prefix}:${ATTEMPT_QUEUE}:call-starts`,
      max: config.TWILIO_CPS,
      windowMs: 1000 + GATE_MARGIN_MS,
      inflightMs: GATE_INFLIGHT_MS,
      nextId: () => `${grantPrefix}:${++grants}`,
      closing: () => closing,
    });
    gated = { ...deps, telephony: gatedTelephony(deps.telephony, take) };
    return gated;
  }

  /** Messages and webhook deliveries, sent by this engine's instance like every other (their claims are shared). */
  let background: { stop(): Promise<void> } | undefined;

  return {
    kind: 'redis',
    async start() {
      if (started || closing) return;
      started = true;
      connection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
      connection.on('error', (err) => log.warn({ err }, 'redis connection error (the campaign queue retries)'));
      queue = new Queue<AttemptJob>(ATTEMPT_QUEUE, { connection, prefix });
      queue.on('error', (err) => log.warn({ err }, 'campaign queue error'));
      await feeder.setConcurrency(queue);
      worker = new Worker<AttemptJob>(ATTEMPT_QUEUE, processAttempt, {
        connection,
        prefix,
        autorun: false,
        concurrency: config.MAX_CONCURRENT_CALLS,
        limiter: { max: config.TWILIO_CPS, duration: 1000 },
        lockDuration,
        stalledInterval: Math.max(500, Math.round(lockDuration / 2)),
        // A job stalls each time an instance dies under it; it must always come back (the attempt is the record).
        maxStalledCount: Number.MAX_SAFE_INTEGER,
        name: deps.instanceId,
      });
      worker.on('error', (err) => log.warn({ err }, 'campaign worker error'));
      worker.on('failed', (job, err) => log.warn({ err, jobId: job?.id }, 'campaign job failed'));
      void worker.run().catch((err: unknown) => log.error({ err }, 'the campaign worker stopped'));
      const every = (ms: number, fn: () => Promise<unknown> | void, what: string) => {
        const timer = setInterval(() => {
          void Promise.resolve()
            .then(fn)
            .catch((err: unknown) => log.warn({ err }, what));
        }, ms);
        timer.unref();
        timers.push(timer);
      };
      every(POLL_MS, poll, 'campaign poll failed');
      every(WAIT_POLL_MS, watchInFlight, 'could not read the campaign calls in flight');
      every(Math.max(250, Math.round(leaseMs / 3)), houseTick, 'campaign housekeeping failed');
      background = startBackgroundWork(deps);
      poll();
    },
    poke() {
      if (pokeTimer !== undefined || closing) return;
      pokeTimer = setTimeout(() => {
        pokeTimer = undefined;
        poll();
      }, 10);
      pokeTimer.unref();
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const timer of timers) clearInterval(timer);
      if (pokeTimer !== undefined) clearTimeout(pokeTimer);
      // Stop taking jobs without waiting for calls in progress: their jobs stay active and stall to another instance.
      await worker?.close(true);
      await Promise.allSettled([...dialling]);
      await polling;
      await housekeeping;
      await background?.stop();
      await queue?.close();
      await connection?.quit().catch(() => connection?.disconnect());
    },
  };
}
