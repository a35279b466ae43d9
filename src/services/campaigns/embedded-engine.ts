import { realDelayMs } from '../../clock.js';
import {
  countDue,
  countInFlight,
  dueAttemptIds,
  endingCalls,
  leasesToRenew,
  nextDueAt,
  renewLeases,
  stillInFlight,
} from '../../db/attempts.repo.js';
import type { Deps } from '../../deps.js';
import { startBackgroundWork } from '../background-work.js';
import { dispatchAttempt, leaseUntil } from './dispatch.js';
import type { CampaignEngine } from './engine.js';
import { reconcileAttempts } from './reconcile.js';

/**
 * The embedded engine (one instance, SQLite or PostgreSQL): an in-process loop over the database. Due attempts are
 * rows; the loop takes the soonest one when a line is free (fewer than MAX_CONCURRENT_CALLS attempts claimed or
 * dialled, or ended and not yet reported over by Twilio) and the last start was at least 1000/TWILIO_CPS real ms ago
 * (the REST requests themselves are spaced a tenth more: Twilio's limit is in real time, whatever the clock's speed),
 * then sleeps until the next attempt is due (in real time: the clock may run fast) or it is poked.
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

export function createEmbeddedEngine(deps: Deps): CampaignEngine {
  const { config, logger } = deps;
  const db = deps.database.db;
  const log = logger.child({ component: 'campaigns' });
  const spacingMs = 1000 / config.TWILIO_CPS;
  // The REST requests themselves are spaced (the claim and checks before them take varying time), with a tenth kept
  // in hand: Twilio counts the requests as they reach it, after a trip whose length varies too.
  const sendSpacingMs = spacingMs * 1.1;
  let nextSendAt = Number.NEGATIVE_INFINITY;
  const dialDeps: Deps = {
    ...deps,
    telephony: {
      ...deps.telephony,
      placeCall: async (request) => {
        const now = performance.now();
        const at = Math.max(now, nextSendAt);
        nextSendAt = at + sendSpacingMs;
        if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
        return deps.telephony.placeCall(request);
      },
    },
  };
  const leaseMs = config.CAMPAIGN_LEASE_SECONDS * 1000;
  /** Dials in progress here (claim to REST answer): counted as lines taken until they resolve. */
  const dialling = new Map<number, Promise<unknown>>();
  /** Attempts this instance dialled whose calls may still run: their leases are renewed here. */
  const mine = new Set<number>();
  /** Attempts this instance dialled whose line may still be held (in flight, or ended and not yet reported over). */
  const recent = new Set<number>();
  let started = false;
  let closing = false;
  let timer: NodeJS.Timeout | undefined;
  let housekeeping: NodeJS.Timeout | undefined;
  let background: { stop(): Promise<void> } | undefined;
  let pass: Promise<void> | undefined;
  let again = false;
  let lastStart = Number.NEGATIVE_INFINITY;

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

  /** Starts what may be started now, then sleeps until something may change. */
  async function runPass(): Promise<void> {
    while (!closing) {
      const free = config.MAX_CONCURRENT_CALLS - (await countInFlight(db)) - (await hangingUp()) - unclaimedDials();
      if (free <= 0) return sleep(FULL_POLL_MS);
      const wait = lastStart + spacingMs - performance.now();
      if (wait > 0) return sleep(wait);
      const [id] = await dueAttemptIds(db, deps.now().toISOString(), 1);
      if (id === undefined) {
        const next = await nextDueAt(db);
        return sleep(next === undefined ? MAX_SLEEP_MS : realDelayMs(next, deps.now(), deps.clockSpeed));
      }
      lastStart = performance.now();
      start(id);
    }
  }

  /**
   * Calls of this instance whose conversation ended but whose end Twilio has not reported yet: their line is taken
   * until then (or HANG_UP_GRACE_MS), so a new call never overlaps them at Twilio. Forgets attempts that hold nothing.
   */
  async function hangingUp(): Promise<number> {
    if (recent.size === 0) return 0;
    const ids = [...recent];
    const since = new Date(deps.now().getTime() - HANG_UP_GRACE_MS * deps.clockSpeed).toISOString();
    const ending = await endingCalls(db, ids, since);
    const held = new Set([...ending, ...(await stillInFlight(db, ids))]);
    for (const id of ids) if (!held.has(id) && !dialling.has(id)) recent.delete(id);
    return ending.length;
  }

  /** Dials still waiting for the REST answer. Claimed ones are in the database's count too: counting them twice only waits. */
  function unclaimedDials(): number {
    return dialling.size;
  }

  function start(id: number): void {
    mine.add(id);
    recent.add(id);
    const dial = dispatchAttempt(dialDeps, id)
      .then((result) => {
        // Only a placed call is ours to keep alive; one left claimed after a failure is reconcile's (its lease runs out).
        if (result !== 'dialled') mine.delete(id);
      })
      .catch((err: unknown) => {
        mine.delete(id);
        log.error({ err, attempt: id }, 'dispatching a campaign attempt failed; reconcile will resolve it');
      })
      .finally(() => {
        dialling.delete(id);
        wake();
      });
    dialling.set(id, dial);
  }

  /** Renews this instance's leases, reconciles expired attempts (anyone's), and sets the gauges. */
  async function keepHouse(): Promise<void> {
    const now = deps.now();
    const nowIso = now.toISOString();
    const alive = new Set(await leasesToRenew(db, [...mine]));
    for (const id of mine) if (!alive.has(id) && !dialling.has(id)) mine.delete(id);
    await renewLeases(db, [...mine], deps.instanceId, leaseUntil(deps, now), nowIso);
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
