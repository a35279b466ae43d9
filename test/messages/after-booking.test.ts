import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob } from '../../src/services/jobs.js';
import { addSlots } from '../../src/services/slots.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';

describe.each(DIALECTS)('what a booking sets in motion on %s', (dialect) => {
  let t: TestApp;
  let jobId: number;
  const db = () => t.deps.database.db;

  beforeAll(async () => {
    t = await startApp({ dialect, env: { CANDIDATE_EMAIL: '' } });
    const job = await createJob(t.deps, { title: 'Backend Engineer', company: 'Globex', timezone: 'America/New_York' });
    jobId = job.id;
    await addSlots(t.deps, job.id, {
      slots: [
        { start: '2026-12-01T14:00', interviewer_email: 'pat@globex.example' },
        { start: '2026-12-02T14:00', interviewer_email: 'kim@globex.example' },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A simulated call in which the candidate takes the first slot offered; the caller's lines and the booking. */
  async function book(candidate: Record<string, string>) {
    const res = await t.admin('POST', '/make-actual-call', { job_id: jobId, candidate, simulate: { replies: ['the first one', 'yes'] } });
    expect(res.status).toBe(201);
    const callSid = res.body.call_sid as string;
    const telephony = t.deps.telephony as {
      finished?: (sid: string) => Promise<{ transcript: Array<{ speaker: string; text: string }> } | undefined>;
    };
    const transcript = (await telephony.finished?.(callSid))?.transcript ?? [];
    const booking = await db().selectFrom('bookings').select('id').where('call_sid', '=', callSid).executeTakeFirstOrThrow();
    const caller = transcript
      .filter((l) => l.speaker === 'caller')
      .map((l) => l.text)
      .join('\n');
    return { id: booking.id, caller };
  }

  it('makes the link, queues the confirmation and reminders and emits booking.created, in the booking transaction', async () => {
    const { id, caller } = await book({ phone: '+14155550123' });
    // No address on this call: only the text is promised.
    expect(caller).toContain(
      "your interview is booked for Tuesday, December 1st at 2 PM Eastern Time. I'll send you the details by text message.",
    );
    const links = await db().selectFrom('booking_links').selectAll().where('booking_id', '=', id).execute();
    expect(links).toHaveLength(1);
    expect(links[0]?.expires_at).toBe('2026-12-01T19:00:00.000Z');
    const messages = await db().selectFrom('messages').selectAll().where('booking_id', '=', id).orderBy('id').execute();
    expect(messages.map((m) => [m.purpose, m.channel, m.recipient])).toEqual([
      ['confirmation', 'sms', '+14155550123'],
      ['confirmation', 'email', 'pat@globex.example'],
      ['reminder', 'sms', '+14155550123'],
      ['reminder', 'sms', '+14155550123'],
    ]);
    expect(messages[0]?.body).toMatch(/Reschedule or cancel: \S*\/b\/[A-Za-z0-9_-]{43} /);
    const events = await db().selectFrom('webhook_events').select(['type', 'payload']).execute();
    // The booking's event, and the call's end (the booking ended the call).
    expect(events.map((e) => e.type)).toEqual(['booking.created', 'call.completed']);
    expect(JSON.parse(events[0]?.payload ?? '{}')).toMatchObject({ data: { booking_id: id } });
  });

  it('never fails the booking: when its follow-ups cannot be written they are rolled back alone', async () => {
    // The messages table gone: the confirmation fails after the link was written.
    await sql`alter table messages rename to messages_away`.execute(db());
    let booked: { id: number; caller: string } | undefined;
    try {
      booked = await book({ phone: '+14155550124', email: 'sam@example.com' });
    } finally {
      await sql`alter table messages_away rename to messages`.execute(db());
    }
    const { id, caller } = booked;
    // Booked and said so; nothing is promised, as nothing was queued.
    expect(caller).toContain('your interview is booked for Wednesday, December 2nd at 2 PM Eastern Time. Thank you');
    expect(await db().selectFrom('bookings').select('id').where('id', '=', id).executeTakeFirst()).toEqual({ id });
    expect(await db().selectFrom('booking_links').select('id').where('booking_id', '=', id).execute()).toEqual([]);
    expect(await db().selectFrom('messages').select('id').where('booking_id', '=', id).execute()).toEqual([]);
    expect(await db().selectFrom('webhook_events').select('id').where('type', '=', 'booking.created').execute()).toHaveLength(1);
  });
});
