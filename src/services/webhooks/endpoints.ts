import { randomBytes } from 'node:crypto';
import { conflict, invalid, notFound } from '../../core/errors.js';
import type { DeliveryState, WebhookEndpointRow, WebhookEventType } from '../../db/webhooks.table.js';
import { WEBHOOK_EVENT_TYPES } from '../../db/webhooks.table.js';
import type { Deps } from '../../deps.js';
import { subscribedTypes } from './events.js';

/** Registering, listing and removing webhook endpoints; their delivery log and a manual redelivery. */

type EndpointDeps = Pick<Deps, 'database' | 'now'>;

export interface EndpointView {
  id: number;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface NewEndpointInput {
  url: string;
  events: readonly WebhookEventType[];
  description?: string | null | undefined;
}

/** The longest URL accepted: a webhook URL is a plain address, never a place to carry data. */
const MAX_URL_LENGTH = 2000;

/**
 * Checks a receiver's URL: absolute http(s), no user name or password (they would be sent along in clear and logged),
 * no fragment. Other schemes (file:, data:, gopher:…) are refused outright; redirects are never followed when
 * delivering (deliver.ts). Private addresses are allowed: a receiver inside the operator's network is a normal setup.
 */
export function checkWebhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('url: not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('url: only http and https URLs are delivered to');
  if (url.username !== '' || url.password !== '') throw invalid('url: must not carry a user name or password');
  if (url.hash !== '') throw invalid('url: must not have a fragment');
  if (url.hostname === '') throw invalid('url: needs a host');
  if (url.href.length > MAX_URL_LENGTH) throw invalid(`url: at most ${MAX_URL_LENGTH} characters`);
  return url.href;
}

/** A new signing secret in Standard Webhooks' format: whsec_ + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Registers an endpoint; returns it with its secret, which is shown this once. */
export async function createEndpoint(deps: EndpointDeps, input: NewEndpointInput): Promise<EndpointView & { secret: string }> {
  const url = checkWebhookUrl(input.url);
  const unknown = input.events.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t));
  if (unknown.length > 0 || input.events.length === 0) throw invalid(`events: one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  const nowIso = deps.now().toISOString();
  const secret = newWebhookSecret();
  const row = await deps.database.db
    .insertInto('webhook_endpoints')
    .values({
      url,
      events: [...new Set(input.events)].join(','),
      secret,
      description: input.description ?? null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...endpointView(row), secret };
}

/** Every endpoint, by id, without secrets. */
export async function listEndpoints(deps: EndpointDeps): Promise<EndpointView[]> {
  const rows = await deps.database.db.selectFrom('webhook_endpoints').selectAll().orderBy('id', 'asc').execute();
  return rows.map(endpointView);
}

/** Removes an endpoint with its deliveries (its events stay for the other endpoints); 404 when there is none. */
export async function deleteEndpoint(deps: EndpointDeps, id: number): Promise<void> {
  const result = await deps.database.db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound('webhook endpoint');
}

export interface DeliveryView {
  id: number;
  event_id: string;
  event_type: WebhookEventType;
  state: DeliveryState;
  tries: number;
  last_status: number | null;
  last_error: string | null;
  /** When the next try is due (pending), or when the last state was reached. */
  due_at: string;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An endpoint's deliveries, newest first (at most `limit`), optionally of one state; 404 for no endpoint. */
export async function listDeliveries(
  deps: EndpointDeps,
  endpointId: number,
  query: { state?: DeliveryState | undefined; limit?: number | undefined },
): Promise<DeliveryView[]> {
  await requireEndpoint(deps, endpointId);
  let select = selectDeliveries(deps).where('d.endpoint_id', '=', endpointId);
  if (query.state !== undefined) select = select.where('d.state', '=', query.state);
  return select
    .orderBy('d.id', 'desc')
    .limit(query.limit ?? 50)
    .execute();
}

function selectDeliveries(deps: EndpointDeps) {
  return deps.database.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as ev', 'ev.id', 'd.event_id')
    .select([
      'd.id',
      'd.event_id',
      'ev.type as event_type',
      'd.state',
      'd.tries',
      'd.last_status',
      'd.last_error',
      'd.due_at',
      'd.delivered_at',
      'd.created_at',
      'd.updated_at',
    ]);
}

/**
 * Queues a delivery again, due now, with the same event id (a receiver dedupes by it). Any state but one being sent
 * (409): a delivered event can be sent again on request, a failed one gets a try. Tries and the day's window count
 * on from the first queueing, so a redelivery after the window is one try.
 */
export async function redeliver(deps: EndpointDeps, endpointId: number, deliveryId: number): Promise<DeliveryView> {
  await requireEndpoint(deps, endpointId);
  const nowIso = deps.now().toISOString();
  const db = deps.database.db;
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ state: 'pending', due_at: nowIso, updated_at: nowIso })
    .where('id', '=', deliveryId)
    .where('endpoint_id', '=', endpointId)
    .where('state', '!=', 'sending')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    const exists = await db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('id', '=', deliveryId)
      .where('endpoint_id', '=', endpointId)
      .executeTakeFirst();
    if (exists === undefined) throw notFound('delivery');
    throw conflict('delivery_in_flight', 'This delivery is being sent right now; look at the log again in a few seconds.');
  }
  return selectDeliveries(deps).where('d.id', '=', deliveryId).executeTakeFirstOrThrow();
}

async function requireEndpoint(deps: EndpointDeps, id: number): Promise<void> {
  const row = await deps.database.db.selectFrom('webhook_endpoints').select('id').where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw notFound('webhook endpoint');
}

function endpointView(row: WebhookEndpointRow): EndpointView {
  return {
    id: row.id,
    url: row.url,
    events: subscribedTypes(row.events).filter((t): t is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(t)),
    description: row.description,
    enabled: row.enabled === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
