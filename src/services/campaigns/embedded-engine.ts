import { realDelayMs } from '../../clock.js';
import type { PlaceCallRequest, PlacedCall } from '../../adapters/telephony.js';
import { endingCalls, inFlightOf, renewOwnLeases } from '../../db/attempt-leases.repo.js';
import { countDue, countInFlight, countLines, nextDueAt } from '../../db/attempt-queries.repo.js';
import { claimDueAttempts } from '../../db/attempts.repo.js';
import type { Deps } from '../../deps.js';
import { startBackgroundWork } from '../background-work.js';
import { createAnswerWriter } from './answer-writer.js';
import { dispatchClaimed, leaseUntil } from './dispatch.js';
import type { CampaignEngine } from './engine.js';
import { reconcileAttempts } from './reconcile.js';

/**
 * The embedded engine (one instance, SQLite or PostgreSQL): an in-process loop over the database. Due attempts are
 * rows; a pass counts the free lines (MAX_CONCURRENT_CALLS less the attempts claimed or dialled, and this instance's
 * calls ended but not yet reported over by Twilio), claims a batch of the soonest due attempts in one statement (no
 * more than the free lines, what TWILIO_CPS lets start in the next moment, and what the dials in progress leave room
 * for), and dials the batch (dispatch.ts: one read of its jobs, campaigns, candidates and do-not-call entries, the
 * per-attempt checks, one transaction for its conversations, then a REST request each, their answers recorded a group
 * at a time by answer-writer.ts); then it sleeps until the next attempt is due (in real time: the clock may run fast)
 * or it is poked.
 * Starts are spaced at least 1000/TWILIO_CPS real ms apart (the REST requests themselves a tenth more: Twilio's limit
 * is in real time, whatever the clock's speed), and at most REST_IN_FLIGHT REST requests are outstanding at once.
 * Every LEASE/3 it renews the leases of its calls in flight and reconciles expired attempts (a previous process's,
 * after a restart or a kill -9). Nothing is lost (attempts are rows) and nothing dialled twice (the claim, reconcile).
 */

/** The longest sleep: attempts written by calls that end here (retries) are seen within this without a poke. */
const MAX_SLEEP_MS = 1000;
/** How often a full house looks again for a free line. */
const FULL_POLL_MS = 100;
/** How long the loop waits after a database error before trying again. */
const ERROR_PAUSE_MS = 1000;
/** Real ms an ended call holds its line at most while Twilio's final status (which follows our hang-up) is awaited. */
const HANG_UP_GRACE_MS = 5000;
/** The most attempts claimed in one pass. */
const MAX_BATCH = 100;
/** A pass claims no more than TWILIO_CPS lets start within this many real ms (at least one). */
const BATCH_WINDOW_MS = 250;
/**
 * A semaphore on the REST requests: at most this many are outstanding at once. With the limits lifted (say
 * MAX_CONCURRENT_CALLS=1000 and a high TWILIO_CPS) the loop would otherwise open hundreds of requests at once: the
 * HTTP client and the event loop fall behind, requests time out, and their attempts are left claimed for reconcile.
 * 32 requests of ~300 ms each still carry ~100 calls a second, above what any Twilio account's CPS allows.
 */
const REST_IN_FLIGHT = 32;
/** How often a request held by the per-second window looks again. */
const WINDOW_POLL_MS = 10;
/** The most dials in progress (claim to REST answer): claims are not taken faster than they can be sent. */
const MAX_DIALLING = 4 * REST_IN_FLIGHT;

export function createEmbeddedEngine(deps: Deps): CampaignEngine {
  const { config, logger } = deps;
  const db = deps.database.db;
  const log = logger.child({ component: 'campaigns' });
  const spacingMs = 1000 / config.TWILIO_CPS;
  const batchMax = Math.max(1, Math.min(MAX_BATCH, Math.floor(BATCH_WINDOW_MS / spacingMs)));
  const rest = restGate(deps, spacingMs);
  const dialDeps: Deps = { ...deps, telephony: { ...deps.telephony, placeCall: rest } };
  const recordAnswers = createAnswerWriter(deps);
  const leaseMs = config.CAMPAIGN_LEASE_SECONDS * 1000;
  /** Dials in progress here (claim to REST answer): their claims' leases are renewed here. */
  const dialling = new Map<number, Promise<unknown>>();
  /** Attempts this instance dialled whose line may still be held (in flight, or ended and not yet reported over). */
  const recent = new Set<number>();
  let started = false;
  let closing = false;
  let timer: NodeJS.Timeout | undefined;
  let housekeeping: NodeJS.Timeout | undefined;
  let background: { stop(): Promise<void> } | undefined;
  let pass: Promise<void> | undefined;
  let again = false;
  /** performance.now() before which the next start may not be (TWILIO_CPS). */
  let nextStartAt = Number.NEGATIVE_INFINITY;

  function sleep(ms: number): void {
    if (closing) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(wake, Math.max(0, Math.min(ms, MAX_SLEEP_MS)));
    timer.unref();
  }

  function wake(): void {
    if (!started || closing) return;
    if (pass !== undefined) {
      again = true;
      return;
    }
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pass = runPass()
      .catch((err: unknown) => {
        log.error({ err }, 'campaign dispatch pass failed; trying again');
        sleep(ERROR_PAUSE_MS);
      })
      .finally(() => {
        pass = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  /** Starts a batch of what may be started now, then sleeps until something may change (a dial's end wakes it too). */
  async function runPass(): Promise<void> {
    if (closing) return;
    const wait = nextStartAt - performance.now();
    if (wait > 0) return sleep(wait);
    const room = MAX_DIALLING - dialling.size;
    // Full of dials in progress: each one's end wakes the loop, and a batch is claimed once half of them are done
    // (not one attempt a pass as they finish one by one).
    if (dialling.size > 0 && room < Math.min(batchMax, MAX_DIALLING / 2)) return;
    const lines = await countLines(db, deps.instanceId);
    const free = config.MAX_CONCURRENT_CALLS - lines.all - (await hangingUp(lines.own));
    if (free <= 0) return sleep(FULL_POLL_MS);
    const now = deps.now();
    const nowIso = now.toISOString();
    const claim = { instanceId: deps.instanceId, nowIso, leaseUntil: leaseUntil(deps, now) };
    const batch = await claimDueAttempts(db, claim, Math.min(free, batchMax, room));
    if (batch.length === 0) {
      const next = await nextDueAt(db);
      return sleep(next === undefined ? MAX_SLEEP_MS : realDelayMs(next, deps.now(), deps.clockSpeed));
    }
    nextStartAt = Math.max(performance.now(), nextStartAt) + batch.length * spacingMs;
    for (const [id, dial] of dispatchClaimed(dialDeps, batch, nowIso, recordAnswers)) track(id, dial);
    // More may be due now: look again at once (the spacing above still holds).
    again = true;
  }

  /**
   * Calls of this instance whose conversation ended but whose end Twilio has not reported yet: their line is taken
   * until then (or HANG_UP_GRACE_MS), so a new call never overlaps them at Twilio. `ownInFlight` is how many attempts
   * this instance holds in flight: all of them are in `recent` (this loop is how it claims), so when the two are as
   * many, none of `recent` left flight and nothing is looked up. Otherwise the attempts of `recent` that left flight
   * are found (usually a handful), and those that hold nothing any more are forgotten.
   */
  async function hangingUp(ownInFlight: number): Promise<number> {
    if (recent.size === ownInFlight) return 0;
    const flying = new Set(await inFlightOf(db, deps.instanceId));
    const landed = [...recent].filter((id) => !flying.has(id) && !dialling.has(id));
    if (landed.length === 0) return 0;
    const since = new Date(deps.now().getTime() - HANG_UP_GRACE_MS * deps.clockSpeed).toISOString();
    const ending = new Set(await endingCalls(db, landed, since));
    for (const id of landed) if (!ending.has(id)) recent.delete(id);
    return ending.size;
  }

  /** Follows one attempt's dial (claim to REST answer): its lease renewed meanwhile, the loop woken at its end. */
  function track(attemptId: number, dial: Promise<unknown>): void {
    recent.add(attemptId);
    dialling.set(
      attemptId,
      dial
        .catch((err: unknown) => {
          log.error({ err, attempt: attemptId }, 'dispatching a campaign attempt failed; reconcile will resolve it');
        })
        .finally(() => {
          dialling.delete(attemptId);
          wake();
        }),
    );
  }

  /** Renews this instance's leases, reconciles expired attempts (anyone's), and sets the gauges. */
  async function keepHouse(): Promise<void> {
    const now = deps.now();
    await renewOwnLeases(db, deps.instanceId, [...dialling.keys()], leaseUntil(deps, now), now.toISOString());
    if (!closing && (await reconcileAttempts(deps)) > 0) wake();
    deps.metrics.campaignAttemptsDue.set(await countDue(db, deps.now().toISOString()));
    deps.metrics.campaignAttemptsInFlight.set(await countInFlight(db));
  }

  let housekeepingRun: Promise<void> | undefined;
  function houseTick(): void {
    if (housekeepingRun !== undefined || closing) return;
    housekeepingRun = keepHouse()
      .catch((err: unknown) => log.warn({ err }, 'campaign housekeeping failed; trying again'))
      .finally(() => {
        housekeepingRun = undefined;
      });
  }

  return {
    kind: 'embedded',
    async start() {
      if (started || closing) return;
      started = true;
      housekeeping = setInterval(houseTick, Math.max(50, Math.round(leaseMs / 3)));
      housekeeping.unref();
      houseTick();
      background = startBackgroundWork(deps);
      wake();
      log.info(
        { maxConcurrent: config.MAX_CONCURRENT_CALLS, cps: config.TWILIO_CPS, clockSpeed: deps.clockSpeed },
        'campaign engine started',
      );
    },
    poke() {
      wake();
    },
    async close() {
      if (closing) return;
      closing = true;
      if (timer !== undefined) clearTimeout(timer);
      if (housekeeping !== undefined) clearInterval(housekeeping);
      await pass;
      await housekeepingRun;
      await background?.stop();
      // Dials in flight finish (their calls then run on; their leases lapse and reconcile resolves them if needed).
      await Promise.all(dialling.values());
    },
  };
}

/**
 * The engine's placeCall: at most REST_IN_FLIGHT requests outstanding at once (a semaphore: a request waits for a free
 * place before its turn), and no more than TWILIO_CPS in any second as Twilio counts them. Twilio counts a request when
 * it reaches it, somewhere between our send and its answer, after a trip whose length varies: so a request counts
 * here at its answer, or now while it is still in flight, and one is sent only while fewer than TWILIO_CPS counted
 * in the last second. Sends are also spaced 1000/TWILIO_CPS ms a tenth more, so they go out evenly.
 */
function restGate(deps: Deps, spacingMs: number): (request: PlaceCallRequest) => Promise<PlacedCall> {
  const perSecond = Math.max(1, Math.round(1000 / spacingMs));
  const sendSpacingMs = spacingMs * 1.1;
  /** The requests that may still count in the window: answered at (ms), or undefined while in flight. */
  const counted: Array<{ answeredAt: number | undefined }> = [];
  /** Whether TWILIO_CPS requests count in the second before `now` (fewer kept than that: no need to count them). */
  const windowFull = (now: number): boolean => {
    while (counted.length > 0 && (counted[0]?.answeredAt ?? now) <= now - 1000) counted.shift();
    return counted.length >= perSecond && counted.filter((r) => (r.answeredAt ?? now) > now - 1000).length >= perSecond;
  };
  let outstanding = 0;
  const waiting: Array<() => void> = [];
  const acquire = async (): Promise<void> => {
    if (outstanding < REST_IN_FLIGHT) {
      outstanding++;
      return;
    }
    // The place is handed over by release (outstanding stays counted).
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next !== undefined) next();
    else outstanding--;
  };
  // Turns taken one after the other, each spaced from the previous request's actual send (a timer that fired late
  // does not let the next request close the gap).
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let turns: Promise<void> = Promise.resolve();
  const takeTurn = (): Promise<void> => {
    turns = turns.then(async () => {
      const wait = lastSentAt + sendSpacingMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      while (windowFull(performance.now())) await new Promise((resolve) => setTimeout(resolve, WINDOW_POLL_MS));
      lastSentAt = performance.now();
    });
    return turns;
  };
  return async (request) => {
    await acquire();
    const entry: { answeredAt: number | undefined } = { answeredAt: undefined };
    try {
      await takeTurn();
      counted.push(entry);
      return await deps.telephony.placeCall(request);
    } finally {
      entry.answeredAt = performance.now();
      release();
    }
  };
}
