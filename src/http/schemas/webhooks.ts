import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { WebhookEventType } from '../../db/webhooks.table.js';
import { WEBHOOK_EVENT_TYPES } from '../../db/webhooks.table.js';

/** Schemas of the outgoing webhooks' routes (src/http/routes/webhooks.ts) and the calendar feed's token. */

// Null first: Fastify's ajv coerces types, and a null tried against a string branch first would be stored as "".
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

// Spelled out (a mapped list loses the literal types); the compiler checks it is the table's list.
export const EventType = Type.Union([
  Type.Literal('booking.created'),
  Type.Literal('booking.rescheduled'),
  Type.Literal('booking.cancelled'),
  Type.Literal('call.completed'),
  Type.Literal('candidate.opted_out'),
]);
type SameTypes = [Static<typeof EventType>] extends [WebhookEventType]
  ? [WebhookEventType] extends [Static<typeof EventType>]
    ? true
    : never
  : never;
export const EVENT_TYPES_MATCH: SameTypes = true;

export const EndpointCreate = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, description: 'An absolute http(s) URL; redirects are not followed' }),
    events: Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, description: 'The event types to receive' }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

const endpointFields = {
  id: Type.Integer(),
  url: Type.String(),
  events: Type.Array(EventType),
  description: Nullable(Type.String()),
  enabled: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
};

export const Endpoint = Type.Object(endpointFields);

export const CreatedEndpoint = Type.Object({
  ...endpointFields,
  secret: Type.String({
    description: 'whsec_…: the Standard Webhooks signing secret, shown only in this answer. Verify each delivery with it.',
  }),
});

export const EndpointList = Type.Object({ items: Type.Array(Endpoint) });

export const EndpointParams = Type.Object({ id: Id });
export const DeliveryParams = Type.Object({ id: Id, delivery_id: Id });

const DeliveryState = Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('delivered'), Type.Literal('failed')], {
  description: 'pending: waiting for its (next) try; sending: being posted; delivered: a 2xx came back; failed: gave up after a day',
});

export const DeliveryListQuery = Type.Object(
  {
    state: Type.Optional(DeliveryState),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

export const Delivery = Type.Object({
  id: Type.Integer(),
  event_id: Type.String({ description: 'The webhook-id header of every try: stable, for the receiver to dedupe by' }),
  event_type: EventType,
  state: DeliveryState,
  tries: Type.Integer({ description: 'Tries so far' }),
  last_status: Nullable(Type.Integer({ description: "The last try's HTTP status (null: no answer)" })),
  last_error: Nullable(Type.String({ description: 'The last failed try’s error, kept after a later success' })),
  due_at: Type.String({ description: 'When the next try is due (pending), else when the state was reached' }),
  delivered_at: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const DeliveryList = Type.Object({ items: Type.Array(Delivery) });

export const CalendarToken = Type.Object({
  token: Type.String({ description: 'Shown only in this answer; only its SHA-256 is stored. A new one replaces the old.' }),
  url: Type.String({ description: 'The feed to subscribe to (Google Calendar, Outlook: "add calendar from URL")' }),
});

export const CalendarFeedQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: true });

export const CalendarFeedBody = Type.String({
  description: "text/calendar: one VEVENT per booked interview, times with the job zone's TZID",
});
