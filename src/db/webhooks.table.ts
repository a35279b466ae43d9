import type { Generated, Insertable, Selectable } from 'kysely';

export const WEBHOOK_EVENT_TYPES = [
  'booking.created',
  'booking.rescheduled',
  'booking.cancelled',
  'call.completed',
  'candidate.opted_out',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** `webhook_endpoints`: where events are delivered. `events` comma-separated types; `secret` the whsec_ signing key. */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  events: string;
  secret: string;
  enabled: Generated<number>;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** `webhook_events`: one row per event, its id (msg_…) stable across every delivery and retry. */
export interface WebhookEventsTable {
  id: string;
  type: WebhookEventType;
  /** JSON of the whole body sent: { type, timestamp, data }. */
  payload: string;
  created_at: string;
}

/** pending (due_at: first try or the backoff), sending (claimed), delivered, failed (gave up after a day). */
export type DeliveryState = 'pending' | 'sending' | 'delivered' | 'failed';

/** `webhook_deliveries`: one event to one endpoint, retried with backoff for a day. UNIQUE(endpoint_id, event_id). */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  event_id: string;
  state: DeliveryState;
  due_at: string;
  tries: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type NewWebhookEndpointRow = Insertable<WebhookEndpointsTable>;
export type WebhookEventRow = Selectable<WebhookEventsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
