import { Webhook } from 'standardwebhooks';
import type { Deps } from '../../deps.js';

/**
 * Delivers due webhooks: each pending delivery is claimed with a conditional update (safe with several instances),
 * posted signed per Standard Webhooks (webhook-id: the event's stable id; webhook-timestamp; webhook-signature), and
 * marked delivered on a 2xx, else retried with backoff until a day has passed, then failed. At least once: a claim
 * left `sending` by an instance that died goes back to pending, so a receiver may see an id twice and dedupes by it.
 */

/** Waits after the 1st, 2nd, … failed try (Standard Webhooks' schedule); the last repeats until the day is over. */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000];
/** A delivery whose next try would fall more than this after it was queued fails instead. */
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** A receiver that has not answered within this is a failed try (the timeout is the whole exchange, body included). */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A claim older than this was left by a stopped instance (a try takes at most the timeout): tried again. */
const STALE_CLAIM_MS = 2 * 60_000;

export interface DeliverOptions {
  /** Deliveries tried in this pass at most (default 20); they are posted concurrently. */
  limit?: number;
  /** Per-try timeout (default DELIVERY_TIMEOUT_MS); tests shorten it. */
  timeoutMs?: number;
}

export interface DeliverSummary {
  delivered: number;
  retrying: number;
  failed: number;
}

type DeliverDeps = Pick<Deps, 'database' | 'now' | 'logger'>;

interface Claimed {
  id: number;
  event_id: string;
  payload: string;
  url: string;
  secret: string;
  tries: number;
  created_at: string;
}

/**
 * One pass: claims up to `limit` due deliveries and posts them. Never throws for a receiver's failure (that is a
 * retry); a database error propagates to the scheduler. Called by the scheduler, never on a request's path.
 */
export async function deliverDueWebhooks(deps: DeliverDeps, options: DeliverOptions = {}): Promise<DeliverSummary> {
  const db = deps.database.db;
  const nowIso = deps.now().toISOString();
  await db
    .updateTable('webhook_deliveries')
    .set({ state: 'pending', due_at: nowIso, updated_at: nowIso })
    .where('state', '=', 'sending')
    .where('updated_at', '<', new Date(Date.parse(nowIso) - STALE_CLAIM_MS).toISOString())
    .execute();
  const due = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .innerJoin('webhook_events as ev', 'ev.id', 'd.event_id')
    .select(['d.id', 'd.event_id', 'd.tries', 'd.created_at', 'ev.payload', 'e.url', 'e.secret'])
    .where('d.state', '=', 'pending')
    .where('d.due_at', '<=', nowIso)
    .where('e.enabled', '=', 1)
    .orderBy('d.due_at', 'asc')
    .orderBy('d.id', 'asc')
    .limit(options.limit ?? 20)
    .execute();
  const claimed: Claimed[] = [];
  for (const row of due) {
    const result = await db
      .updateTable('webhook_deliveries')
      .set({ state: 'sending', updated_at: nowIso })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('tries', '=', row.tries)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) claimed.push(row);
  }
  const summary: DeliverSummary = { delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (delivery) => {
      const outcome = await post(delivery, options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
      summary[await record(deps, delivery, outcome)] += 1;
    }),
  );
  return summary;
}

type TryOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * Posts one delivery, signed at the real time of the try: receivers check webhook-timestamp against their own clock
 * (Standard Webhooks' replay window), so the service's simulated or injected clock must not reach it. Redirects are
 * not followed (a redirect to an internal address would make the service a proxy into its own network).
 */
async function post(delivery: Claimed, timeoutMs: number): Promise<TryOutcome> {
  const signedAt = new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'interview-caller-webhooks',
    'webhook-id': delivery.event_id,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': new Webhook(delivery.secret).sign(delivery.event_id, signedAt, delivery.payload),
  };
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers,
      body: delivery.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body says nothing we use: dropped unread, so a receiver cannot make us buffer megabytes.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (err) {
    return { ok: false, status: null, error: describeFailure(err, timeoutMs) };
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `connection failed: ${cause.code}`;
  return err instanceof Error ? err.message.slice(0, 200) : 'request failed';
}

/**
 * Stores a try's result. A failure keeps its error in last_error even after a later success, so the log shows that
 * a delivery needed several tries and why.
 */
async function record(deps: DeliverDeps, delivery: Claimed, outcome: TryOutcome): Promise<keyof DeliverSummary> {
  const db = deps.database.db;
  const finished = deps.now();
  const finishedIso = finished.toISOString();
  const tries = delivery.tries + 1;
  const mine = db.updateTable('webhook_deliveries').where('id', '=', delivery.id).where('state', '=', 'sending');
  if (outcome.ok) {
    await mine
      .set({ state: 'delivered', tries, last_status: outcome.status, delivered_at: finishedIso, updated_at: finishedIso })
      .execute();
    return 'delivered';
  }
  const wait = RETRY_DELAYS_MS[Math.min(tries, RETRY_DELAYS_MS.length) - 1] ?? 0;
  const next = finished.getTime() + wait;
  const gaveUp = next - Date.parse(delivery.created_at) > RETRY_WINDOW_MS;
  await mine
    .set({
      state: gaveUp ? 'failed' : 'pending',
      due_at: gaveUp ? finishedIso : new Date(next).toISOString(),
      tries,
      last_status: outcome.status,
      last_error: outcome.error,
      updated_at: finishedIso,
    })
    .execute();
  deps.logger.warn({ deliveryId: delivery.id, tries, status: outcome.status, gaveUp }, 'webhook delivery failed');
  return gaveUp ? 'failed' : 'retrying';
}

/**
 * What a scheduler tick calls: starts a pass unless one is still running and returns at once, so a receiver that
 * takes the whole timeout delays neither the tick nor a call. `close()` waits for the pass in flight.
 */
export function createWebhookPump(deps: DeliverDeps, options: DeliverOptions = {}): { tick(): void; close(): Promise<void> } {
  let running: Promise<void> | undefined;
  return {
    tick() {
      if (running !== undefined) return;
      running = deliverDueWebhooks(deps, options)
        .then(() => undefined)
        .catch((err: unknown) => deps.logger.error({ err }, 'webhook delivery pass failed'))
        .finally(() => {
          running = undefined;
        });
    },
    async close() {
      await running;
    },
  };
}
