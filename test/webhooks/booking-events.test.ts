import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCandidates } from '../../src/services/import-candidates.js';
import { createJob } from '../../src/services/jobs.js';
import { addSlots } from '../../src/services/slots.js';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver.js';
import { callCompletedEvent } from '../../src/services/webhooks/event-data.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startReceiver, startWithWebhooks, testClock, type Receiver } from './support.js';

describe.each(DIALECTS)('a booking made on a call, reported to an endpoint that hangs, on %s', (dialect) => {
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

  it('the call books and ends without a request to the endpoint; the scheduler delivers booking.created after a timeout', async () => {
    const endpoint = await t.admin('POST', '/webhooks', { url: `${receiver.url}/ats`, events: ['booking.created'] });
    expect(endpoint.status).toBe(201);
    // Every request to the endpoint would hang: the call must not wait for it, and it never does.
    receiver.script.push('hang');
    const job = await createJob(t.deps, { title: 'QA Engineer', company: 'Umbrella', timezone: 'Europe/Berlin', interview_minutes: 30 });
    const slots = await addSlots(t.deps, job.id, { slots: [{ start: '2026-12-07T09:30' }] });
    await importCandidates(t.deps, job.id, { candidates: [{ name: 'Dee Park', phone: '+13105550909', timezone: 'Europe/Berlin' }] });
    const db = t.deps.database.db;
    const candidate = await db.selectFrom('candidates').select('id').where('phone', '=', '+13105550909').executeTakeFirstOrThrow();
    const call = await t.admin('POST', `/candidates/${candidate.id}/call`, { simulate: { replies: ['yes', 'yes'] } });
    expect(call.status).toBe(201);
    await (t.deps.telephony as { finished?: (sid: string) => Promise<unknown> }).finished?.(call.body.call_sid as string);
    const booking = await db.selectFrom('bookings').selectAll().where('candidate_id', '=', candidate.id).executeTakeFirstOrThrow();
    expect(receiver.received).toHaveLength(0);

    expect(await deliverDueWebhooks(t.deps, { timeoutMs: 300 })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    clock.advance(5_000);
    expect(await deliverDueWebhooks(t.deps)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const [first, second] = receiver.received;
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    const payload = new Webhook(endpoint.body.secret as string).verify(second?.body ?? '', {
      'webhook-id': String(second?.headers['webhook-id']),
      'webhook-timestamp': String(second?.headers['webhook-timestamp']),
      'webhook-signature': String(second?.headers['webhook-signature']),
    });
    expect(payload).toMatchObject({
      type: 'booking.created',
      data: {
        booking_id: booking.id,
        job_id: job.id,
        candidate_id: candidate.id,
        call_id: booking.call_sid,
        sequence: 0,
        slot: { id: slots.created[0]?.id, start_utc: '2026-12-07T08:30:00.000Z', minutes: 30, timezone: 'Europe/Berlin' },
      },
    });
  });

  it('call.completed carries the call, its job and candidate, its outcome and booked slot: no transcript, no number', async () => {
    const db = t.deps.database.db;
    const session = await db
      .selectFrom('conversation_sessions')
      .selectAll()
      .where('candidate_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const booking = await db.selectFrom('bookings').selectAll().where('call_sid', '=', session.call_sid).executeTakeFirstOrThrow();
    const nowIso = clock.now.toISOString();
    const id = await db.transaction().execute((trx) => callCompletedEvent(trx, session, 'scheduled', nowIso));
    const event = await db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toEqual({
      type: 'call.completed',
      timestamp: nowIso,
      data: {
        call_id: session.call_sid,
        twilio_call_sid: session.twilio_call_sid,
        job_id: session.job_id,
        candidate_id: session.candidate_id,
        campaign_attempt_id: session.attempt_id,
        outcome: 'scheduled',
        started_at: session.start_time,
        ended_at: nowIso,
        booking_id: booking.id,
        slot_id: booking.slot_id,
        telephony: 'simulated',
      },
    });
    expect(event.payload).not.toContain(session.candidate_phone);
  });
});
