import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDoNotCall } from '../../src/db/do-not-call.repo.js';
import type { WebhookEventType } from '../../src/db/webhooks.table.js';
import { importCandidates } from '../../src/services/import-candidates.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import { readInvite } from '../messages/ical.js';
import { interviewJob, seats } from './support.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;
const TOKEN = 'tw-token-later-call';

/**
 * A candidate who holds a booking and, on a later call, asks to move it: whole calls placed through the API and driven
 * through /twilio-voice and /twilio-process with signed requests (Twilio mode, a fake Twilio REST server). The move is
 * the page's: one booking, the same invite UID with a higher SEQUENCE, the update to the candidate and the
 * interviewer, booking.rescheduled; and the caller promises only what was queued.
 */
describe.each(DIALECTS)('moving an interview on a later call on %s', (dialect) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let phones = 0;
  const db = () => t.deps.database.db;

  beforeAll(async () => {
    fake = await startFakeTwilio(TOKEN);
    t = await startApp({ dialect, env: twilioEnv(fake.url, ACCOUNT, TOKEN) });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /**
   * A job with three one-seat slots (Tuesday 2 PM with Pat, Wednesday 10 AM and 3 PM with Kim; interviewers of their
   * own per job, as one person is never booked twice at once across jobs) and a candidate.
   */
  async function setUp(email: string | null) {
    phones += 1;
    const job = await interviewJob(t, [
      { start: '2026-12-01T14:00', capacity: 1, interviewer_name: 'Pat Lee', interviewer_email: `pat${phones}@globex.example` },
      { start: '2026-12-02T10:00', capacity: 1, interviewer_name: 'Kim Ode', interviewer_email: `kim${phones}@globex.example` },
      { start: '2026-12-02T15:00', capacity: 1, interviewer_name: 'Kim Ode', interviewer_email: `kim${phones}@globex.example` },
    ]);
    const phone = `+1212555${String(3000 + phones)}`;
    await importCandidates(t.deps, job.jobId, {
      candidates: [{ name: 'Lee Park', phone, timezone: 'America/New_York', ...(email === null ? {} : { email }) }],
    });
    const candidate = await db()
      .selectFrom('candidates')
      .select('id')
      .where('job_id', '=', job.jobId)
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    return { ...job, phone, candidateId: candidate.id, pat: `pat${phones}@globex.example`, kim: `kim${phones}@globex.example` };
  }

  /** Places a call to the candidate through the API, then plays `replies` turn by turn; the caller's words. */
  async function call(candidateId: number, phone: string, replies: string[]): Promise<{ conversation: string; said: string[] }> {
    const res = await t.admin('POST', `/candidates/${candidateId}/call`, {});
    expect(res.status).toBe(201);
    const callSid = res.body.call_sid as string;
    const form = (extra: Record<string, string> = {}) => ({
      CallSid: callSid,
      AccountSid: ACCOUNT,
      From: '+15005550006',
      To: phone,
      CallStatus: 'in-progress',
      ...extra,
    });
    const said = [spoken((await t.twilio('/twilio-voice', form())).text)];
    for (const [i, reply] of replies.entries()) {
      const turn = await t.twilio(`/twilio-process?turn=${i + 1}`, form({ SpeechResult: reply }));
      expect(turn.status).toBe(200);
      said.push(spoken(turn.text));
    }
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body.call_sid as string;
    return { conversation, said };
  }

  const bookingsOf = (candidateId: number) => db().selectFrom('bookings').selectAll().where('candidate_id', '=', candidateId).execute();
  const messagesOf = (bookingId: number) =>
    db().selectFrom('messages').selectAll().where('booking_id', '=', bookingId).orderBy('id').execute();
  const events = async (type: WebhookEventType) =>
    (await db().selectFrom('webhook_events').select('payload').where('type', '=', type).execute()).map(
      (e) => JSON.parse(e.payload) as { data: Record<string, unknown> },
    );

  const KINDS = [
    { kind: 'move', words: 'I need to move my interview' },
    { kind: 'reschedule', words: 'can we reschedule' },
    { kind: "can't make the day", words: "I can't make Tuesday any more, can we change it" },
  ];

  it.each(KINDS)('$kind: "$words" offers the open times and moves the same booking as its page would', async ({ words }) => {
    const c = await setUp('lee@example.com');
    const first = await call(c.candidateId, c.phone, ['the first one', 'yes']);
    expect(first.said.at(-1)).toContain('your interview is booked for Tuesday, December 1st at 2 PM Eastern Time.');
    const [booked] = await bookingsOf(c.candidateId);
    if (booked === undefined) throw new Error('the first call booked nothing');
    const confirmation = (await messagesOf(booked.id)).find((m) => m.purpose === 'confirmation' && m.recipient === 'lee@example.com');
    const before = readInvite(confirmation?.ics ?? '');
    expect([before.method, before.sequence]).toEqual(['REQUEST', 0]);

    const later = await call(c.candidateId, c.phone, [words, 'the Wednesday at three', 'yes']);
    // Asked to move, the caller offers the open times (Tuesday's seat is the candidate's own: not among them).
    expect(later.said[1]).toContain('Wednesday, December 2nd');
    expect(later.said[1]).not.toContain('Tuesday, December 1st');
    expect(later.said[2]).toContain('Just to confirm: Wednesday, December 2nd at 3 PM Eastern Time.');
    const closing = later.said[3] ?? '';
    expect(closing).toContain('Done, your interview is moved to Wednesday, December 2nd at 3 PM Eastern Time.');

    // One booking: the same row, now on the new slot, its SEQUENCE raised, held by the later call.
    const after = await bookingsOf(c.candidateId);
    expect(after.map((b) => [b.id, b.slot_id, b.sequence, b.call_sid])).toEqual([[booked.id, c.slotIds[2], 1, later.conversation]]);
    expect(await seats(t, c.slotIds)).toEqual([0, 0, 1]);

    // The update, never a cancellation: the same UID, a higher SEQUENCE, METHOD:REQUEST at the new time.
    const messages = await messagesOf(booked.id);
    expect(messages.some((m) => m.purpose === 'cancellation' && m.recipient === 'lee@example.com')).toBe(false);
    const updates = messages.filter((m) => m.purpose === 'update');
    expect(updates.map((m) => [m.channel, m.recipient]).sort()).toEqual([
      ['email', c.kim],
      ['email', 'lee@example.com'],
      ['sms', c.phone],
    ]);
    for (const mail of updates.filter((m) => m.channel === 'email')) {
      const invite = readInvite(mail.ics ?? '');
      expect([invite.method, invite.uid, invite.sequence, invite.startUtc]).toEqual(['REQUEST', before.uid, 1, '2026-12-02T20:00:00.000Z']);
    }
    // Pat, who no longer has the interview, gets it withdrawn; the old reminders are cancelled, new ones queued.
    const pat = messages.find((m) => m.purpose === 'cancellation' && m.recipient === c.pat);
    expect(readInvite(pat?.ics ?? '')).toMatchObject({ method: 'CANCEL', uid: before.uid });
    const reminders = messages.filter((m) => m.purpose === 'reminder');
    expect(reminders.filter((m) => m.state === 'queued').every((m) => m.dedupe_key.endsWith(':1'))).toBe(true);
    expect(reminders.filter((m) => m.dedupe_key.endsWith(':0')).every((m) => m.state === 'cancelled')).toBe(true);

    const moved = (await events('booking.rescheduled')).filter((e) => e.data.booking_id === booked.id);
    expect(moved).toHaveLength(1);
    expect(moved[0]?.data).toMatchObject({ sequence: 1, previous_slot_id: c.slotIds[0], slot: { id: c.slotIds[2] } });
    expect(
      (await events('booking.created')).filter((e) => e.data.booking_id !== booked.id && e.data.candidate_id === c.candidateId),
    ).toEqual([]);

    // What the caller said is what was queued: the update went by email and by text, and so it said.
    expect(closing).toContain("I'll send the details to your email, with a calendar invite, and by text message.");
    const conversation = (await t.admin('GET', `/conversations/${later.conversation}`)).body;
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.messages.filter((m: { purpose: string }) => m.purpose === 'update')).toHaveLength(3);
  });

  it('promises nothing when nothing could be queued (no address, texts refused), and still moves the booking', async () => {
    const c = await setUp(null);
    await call(c.candidateId, c.phone, ['the first one', 'yes']);
    // No address, and the candidate replies STOP to a text while the later call is under way: nothing can be sent.
    const later = await callAndOptOutMidway(c, ['I need to move my interview', 'the Wednesday at ten', 'yes']);
    const closing = later.at(-1) ?? '';
    expect(closing).toContain('Done, your interview is moved to Wednesday, December 2nd at 10 AM Eastern Time.');
    expect(closing).not.toMatch(/send|email|text message/);
    const [booking] = await bookingsOf(c.candidateId);
    const candidateUpdates = (await messagesOf(booking?.id ?? 0)).filter((m) => m.purpose === 'update' && m.recipient === c.phone);
    expect(candidateUpdates).toEqual([]);
    expect(booking?.sequence).toBe(1);
  });

  /** A later call during which the number is put on the do-not-call list (after dialling, before the move). */
  async function callAndOptOutMidway(c: { candidateId: number; phone: string }, replies: string[]): Promise<string[]> {
    const res = await t.admin('POST', `/candidates/${c.candidateId}/call`, {});
    expect(res.status).toBe(201);
    await addDoNotCall(db(), t.deps.doNotCallSecret, c.phone, 'replied STOP');
    const form = (extra: Record<string, string> = {}) => ({
      CallSid: res.body.call_sid as string,
      AccountSid: ACCOUNT,
      From: '+15005550006',
      To: c.phone,
      CallStatus: 'in-progress',
      ...extra,
    });
    const said = [spoken((await t.twilio('/twilio-voice', form())).text)];
    for (const [i, reply] of replies.entries()) {
      said.push(spoken((await t.twilio(`/twilio-process?turn=${i + 1}`, form({ SpeechResult: reply }))).text));
    }
    return said;
  }

  it('a candidate who asks to cancel on a later call: no cancel path on calls, so the booking stays and nothing is withdrawn', async () => {
    const c = await setUp('lee@example.com');
    await call(c.candidateId, c.phone, ['the first one', 'yes']);
    const [booked] = await bookingsOf(c.candidateId);
    const later = await call(c.candidateId, c.phone, ['I want to cancel my interview']);
    // Understood as a decline: the call ends politely, promising nothing; the interview is not cancelled by a call.
    expect(later.said[1]).toBe('I understand. Thank you for your time, Lee. Goodbye.');
    expect((await bookingsOf(c.candidateId)).map((b) => [b.id, b.slot_id])).toEqual([[booked?.id, c.slotIds[0]]]);
    expect((await messagesOf(booked?.id ?? 0)).filter((m) => m.purpose === 'cancellation')).toEqual([]);
    const candidate = await db().selectFrom('candidates').select('status').where('id', '=', c.candidateId).executeTakeFirstOrThrow();
    expect(candidate.status).toBe('scheduled');
  });
});

/** The words of a TwiML answer (its <Say> elements), entities decoded. */
function spoken(twiml: string): string {
  return [...twiml.matchAll(/<Say[^>]*>([\s\S]*?)<\/Say>/g)]
    .map((m) =>
      (m[1] ?? '')
        .replace(/&apos;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    )
    .join(' ');
}
