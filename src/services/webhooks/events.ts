import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WebhookEventType } from '../../db/webhooks.table.js';

/**
 * Outgoing events. `emitEvent` only writes, inside the caller's transaction: the event (its id stable across every
 * delivery and retry) and one pending delivery per enabled endpoint subscribed to its type. Nothing is sent here:
 * `deliverDueWebhooks` (deliver.ts) posts them from the scheduler, so a slow or failing endpoint never slows a call,
 * and an event exists exactly when the change it reports was committed.
 */

/** The body every endpoint receives (Standard Webhooks' shape): the type, when it happened, and its data. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** UTC ISO-8601: when the change happened (not when it is delivered). */
  timestamp: string;
  data: object;
}

/**
 * Records an event and queues its deliveries in `trx`; returns the event's id (`msg_…`, the `webhook-id` header of
 * every try). The event is stored even without a subscriber, so the log says what happened; `data` must be
 * JSON-serialisable.
 */
export async function emitEvent(trx: Transaction<Database>, type: WebhookEventType, data: object, nowIso: string): Promise<string> {
  const id = newEventId(Date.parse(nowIso));
  const payload: WebhookPayload = { type, timestamp: nowIso, data };
  await trx
    .insertInto('webhook_events')
    .values({ id, type, payload: JSON.stringify(payload), created_at: nowIso })
    .execute();
  const endpoints = await trx.selectFrom('webhook_endpoints').select(['id', 'events']).where('enabled', '=', 1).execute();
  const subscribed = endpoints.filter((endpoint) => subscribedTypes(endpoint.events).includes(type));
  if (subscribed.length > 0) {
    await trx
      .insertInto('webhook_deliveries')
      .values(
        subscribed.map((endpoint) => ({
          endpoint_id: endpoint.id,
          event_id: id,
          state: 'pending' as const,
          due_at: nowIso,
          created_at: nowIso,
          updated_at: nowIso,
        })),
      )
      .execute();
  }
  return id;
}

/** An endpoint's stored subscription ('booking.created,call.completed') as a list. */
export function subscribedTypes(events: string): string[] {
  return events
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `msg_` + a ULID: 48 bits of milliseconds then 80 random bits in Crockford base32, so ids sort by time and never
 * collide across instances. Before 1970 or unparseable times count as 0.
 */
export function newEventId(ms: number): string {
  let time = '';
  let t = Number.isFinite(ms) && ms > 0 ? Math.floor(ms) : 0;
  for (let i = 0; i < 10; i += 1) {
    time = (CROCKFORD[t % 32] ?? '0') + time;
    t = Math.floor(t / 32);
  }
  const random = [...randomBytes(16)].map((byte) => CROCKFORD[byte % 32] ?? '0').join('');
  return `msg_${time}${random}`;
}
