import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Action } from './core/conversation/types.js';

/**
 * The service's Prometheus metrics, one registry per Deps (never prom-client's global one), so several apps in one
 * process (the tests) each count their own. Served as text by GET /metrics (see http/plugins/metrics.ts).
 */
export interface Metrics {
  registry: Registry;
  /** Every HTTP request, by method, route pattern (never the raw URL: no ids in labels) and status code. */
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Stored turns: `intent` is the understood intent, 'keypad', 'silence' or 'greeting'; `engine` is 'none' without one. */
  turns: Counter<'intent' | 'engine'>;
  /** How long understanding a reply took, by the engine whose answer was used. */
  understandingDuration: Histogram<'engine'>;
  /** Turns answered by the local engine because the remote one failed ('timeout', 'invalid', 'rate_limited', …). */
  fallbacks: Counter<'reason'>;
  /** Calls that ended, by outcome (booked, declined, no_answer, …). */
  calls: Counter<'outcome'>;
  /** Interviews booked during a call. */
  bookings: Counter;
  /** Campaign attempts due now and not yet taken (running campaigns of open jobs); set by the campaign engine. */
  campaignAttemptsDue: Gauge;
  /** Campaign attempts claimed or dialled across every instance (bounded by MAX_CONCURRENT_CALLS); set by the engine. */
  campaignAttemptsInFlight: Gauge;
  // Messages and outgoing webhooks are not built yet. Their series are registered now, at 0, so that dashboards and
  // alerts can be written against the final names; the capabilities set them when they land.
  messagesQueued: Gauge;
  messagesFailed: Counter;
  webhookDeliveriesFailed: Counter;
}

/** Seconds: from a fast route (a few ms) to a webhook that waited on the whole understanding budget. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const UNDERSTANDING_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5];

/** A fresh registry with the app's metrics and prom-client's default process metrics (event-loop lag among them). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    turns: new Counter({ name: 'turns_total', help: 'Turns stored, by intent and engine', labelNames: ['intent', 'engine'], registers }),
    understandingDuration: new Histogram({
      name: 'understanding_duration_seconds',
      help: 'Time to understand a reply, by the engine whose answer was used',
      labelNames: ['engine'],
      buckets: UNDERSTANDING_BUCKETS,
      registers,
    }),
    fallbacks: new Counter({
      name: 'understanding_fallbacks_total',
      help: 'Replies answered by the local engine because the remote engine failed, by reason',
      labelNames: ['reason'],
      registers,
    }),
    calls: new Counter({ name: 'calls_total', help: 'Calls that ended, by outcome', labelNames: ['outcome'], registers }),
    bookings: new Counter({ name: 'bookings_total', help: 'Interviews booked during calls', registers }),
    campaignAttemptsDue: new Gauge({
      name: 'campaign_attempts_due',
      help: 'Campaign call attempts due now and not yet taken',
      registers,
    }),
    campaignAttemptsInFlight: new Gauge({
      name: 'campaign_attempts_in_flight',
      help: 'Campaign call attempts claimed or dialled (across every instance) and not finished',
      registers,
    }),
    messagesQueued: new Gauge({ name: 'messages_queued', help: 'Messages waiting to be sent (0 until messages exist)', registers }),
    messagesFailed: new Counter({
      name: 'messages_failed_total',
      help: 'Messages that could not be sent (0 until messages exist)',
      registers,
    }),
    webhookDeliveriesFailed: new Counter({
      name: 'webhook_deliveries_failed_total',
      help: 'Outgoing webhook deliveries that failed (0 until outgoing webhooks exist)',
      registers,
    }),
  };
}

/** What a committed turn adds: one turn; and, when the call ended in it, the outcome and any booking. */
export function countTurn(metrics: Metrics, turn: { intent?: string | null; engine?: string | null }, actions: readonly Action[]): void {
  metrics.turns.inc({ intent: turn.intent ?? 'greeting', engine: turn.engine ?? 'none' });
  for (const action of actions) {
    if (action.type !== 'end') continue;
    metrics.calls.inc({ outcome: action.outcome });
    if (action.slot !== undefined) metrics.bookings.inc();
  }
}
