import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver.js';
import { emitEvent } from '../../src/services/webhooks/events.js';
import type { WebhookEventType } from '../../src/db/webhooks.table.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startReceiver, startWithWebhooks, testClock, type Receiver, type Received } from './support.js';

describe.each(DIALECTS)('outgoing webhooks on %s', (dialect) => {
  const clock = testClock();
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startWithWebhooks(dialect, clock);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.script.length = 0;
    // Each test starts with no endpoint and nothing due.
    await t.deps.database.db.deleteFrom('webhook_endpoints').execute();
  });

  /** Registers an endpoint at the receiver (path `name`) and returns its id and secret. */
  async function register(name: string, events: WebhookEventType[]): Promise<{ id: number; secret: string; url: string }> {
    const url = `${receiver.url}/${name}`;
    const res = await t.admin('POST', '/webhooks', { url, events, description: name });
    expect(res.status).toBe(201);
    return { id: res.body.id as number, secret: res.body.secret as string, url };
  }

  const emit = (type: WebhookEventType, data: object) =>
    t.deps.database.db.transaction().execute((trx) => emitEvent(trx, type, data, clock.now.toISOString()));

  const deliver = (timeoutMs?: number) => deliverDueWebhooks(t.deps, timeoutMs === undefined ? {} : { timeoutMs });

  /** Verifies a request with the package's own verifier and returns the payload it carries. */
  function verified(secret: string, request: Received): { type: string; timestamp: string; data: Record<string, unknown> } {
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    return new Webhook(secret).verify(request.body, headers) as { type: string; timestamp: string; data: Record<string, unknown> };
  }

  const log = async (endpointId: number) => {
    const res = await t.admin('GET', `/webhooks/${endpointId}/deliveries`);
    expect(res.status).toBe(200);
    return res.body.items as Array<Record<string, unknown>>;
  };

  it('registers an endpoint: the whsec_ secret is shown once, never listed; only http(s) URLs without credentials', async () => {
    const { id, secret } = await register('first', ['booking.created']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const list = await t.admin('GET', '/webhooks');
    expect(list.body.items).toEqual([expect.objectContaining({ id, events: ['booking.created'], enabled: true, description: 'first' })]);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'ftp://example.com/x', 'https://user:pw@example.com/hook']) {
      const refused = await t.admin('POST', '/webhooks', { url, events: ['booking.created'] });
      expect(refused.status, url).toBe(422);
    }
    expect((await t.admin('POST', '/webhooks', { url: 'https://example.com/h', events: ['booking.moved'] })).status).toBe(400);
    expect((await fetch(`${t.url}/webhooks`)).status).toBe(401);
    const docs = (await (await fetch(`${t.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/webhooks', '/webhooks/{id}/deliveries/{delivery_id}/redeliver']));
    expect((await t.admin('DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await t.admin('DELETE', `/webhooks/${id}`)).status).toBe(404);
  });

  it('signs every delivery per Standard Webhooks, and an endpoint gets only the types it subscribed to', async () => {
    const bookings = await register('bookings', ['booking.created']);
    const everything = await register('everything', ['booking.created', 'call.completed', 'candidate.opted_out']);
    const booked = await emit('booking.created', { booking_id: 7 });
    const called = await emit('call.completed', { call_id: 'CA1', outcome: 'scheduled' });
    expect(await deliver()).toEqual({ delivered: 3, retrying: 0, failed: 0 });

    const to = (name: string) => receiver.received.filter((r) => r.path === `/${name}`);
    expect(to('bookings').map((r) => r.headers['webhook-id'])).toEqual([booked]);
    expect(
      to('everything')
        .map((r) => r.headers['webhook-id'])
        .sort(),
    ).toEqual([booked, called].sort());
    const payload = verified(bookings.secret, to('bookings')[0] as Received);
    expect(payload).toEqual({ type: 'booking.created', timestamp: clock.now.toISOString(), data: { booking_id: 7 } });
    for (const r of to('everything')) expect(verified(everything.secret, r).type).toMatch(/^(booking.created|call.completed)$/);
    // Another endpoint's secret does not verify it.
    expect(() => verified(bookings.secret, to('everything')[0] as Received)).toThrow();
    expect(booked).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
    // Nothing is due any more: a second pass sends nothing.
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(3);
  });

  it('retries a 500 after the backoff with the same webhook-id; the log shows both tries; a manual redelivery sends it again', async () => {
    const endpoint = await register('flaky', ['booking.cancelled']);
    const id = await emit('booking.cancelled', { booking_id: 9, reason: 'found another job' });
    receiver.script.push(500);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    let [row] = await log(endpoint.id);
    expect(row).toMatchObject({ event_id: id, event_type: 'booking.cancelled', state: 'pending', tries: 1, last_status: 500 });
    expect(row?.last_error).toBe('HTTP 500');
    expect(row?.due_at).toBe(new Date(clock.now.getTime() + 5_000).toISOString());

    // Not due before its time.
    clock.advance(4_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    clock.advance(1_000);
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([id, id]);
    for (const r of receiver.received) expect(verified(endpoint.secret, r).data).toEqual({ booking_id: 9, reason: 'found another job' });
    [row] = await log(endpoint.id);
    expect(row).toMatchObject({
      state: 'delivered',
      tries: 2,
      last_status: 200,
      last_error: 'HTTP 500',
      delivered_at: clock.now.toISOString(),
    });

    const redelivered = await t.admin('POST', `/webhooks/${endpoint.id}/deliveries/${row?.id as number}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ state: 'pending', tries: 2 });
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([id, id, id]);
    [row] = await log(endpoint.id);
    expect(row).toMatchObject({ state: 'delivered', tries: 3 });
    expect((await t.admin('POST', `/webhooks/${endpoint.id}/deliveries/999999/redeliver`)).status).toBe(404);
  });

  it('gives up after a day of failures (tries at 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h apart), then fails', async () => {
    const endpoint = await register('down', ['call.completed']);
    const start = clock.now.getTime();
    await emit('call.completed', { call_id: 'CA2' });
    receiver.script.push(...Array<number>(10).fill(503));
    const results = [];
    for (let i = 0; i < 10; i += 1) {
      results.push(await deliver());
      const [row] = await log(endpoint.id);
      if (row?.state !== 'pending') break;
      clock.now = new Date(row.due_at as string);
    }
    expect(results.map((r) => (r.failed > 0 ? 'failed' : r.retrying > 0 ? 'retrying' : 'none'))).toEqual([
      ...Array<string>(6).fill('retrying'),
      'failed',
    ]);
    const [row] = await log(endpoint.id);
    expect(row).toMatchObject({ state: 'failed', tries: 7, last_status: 503 });
    expect(clock.now.getTime() - start).toBe((5 + 300 + 1800 + 7200 + 18000 + 36000) * 1000); // the 7th try, 17 h 35 min 5 s in
  });

  it('a receiver that never answers: events are emitted and committed while its delivery hangs; it times out into a retry', async () => {
    const endpoint = await register('slow', ['candidate.opted_out']);
    await emit('candidate.opted_out', { phone_last4: '0123' });
    receiver.script.push('hang');
    let settled = false;
    const pass = deliver(300).then((summary) => {
      settled = true;
      return summary;
    });
    while (receiver.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // The receiver holds the request: a booking's transaction (here, another event) commits meanwhile.
    const second = await emit('candidate.opted_out', { phone_last4: '4567' });
    expect(settled).toBe(false);
    const stored = await t.deps.database.db.selectFrom('webhook_deliveries').select('state').where('event_id', '=', second).execute();
    expect(stored).toEqual([{ state: 'pending' }]);
    expect(await pass).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const rows = await log(endpoint.id);
    expect(rows.find((r) => r.state === 'pending' && r.tries === 1)).toMatchObject({
      last_status: null,
      last_error: 'no answer within 300 ms',
    });
  });

  it('does not follow a redirect (a failed try), and two passes at once deliver each event once', async () => {
    await register('moved', ['booking.rescheduled']);
    await emit('booking.rescheduled', { booking_id: 1 });
    receiver.script.push(302);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(receiver.received.map((r) => r.path)).toEqual(['/moved']);

    receiver.received.length = 0;
    clock.advance(5_000);
    for (let i = 0; i < 5; i += 1) await emit('booking.rescheduled', { booking_id: 100 + i });
    const [a, b] = await Promise.all([deliver(), deliver()]);
    expect((a?.delivered ?? 0) + (b?.delivered ?? 0)).toBe(6);
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toHaveLength(6);
  });
});
