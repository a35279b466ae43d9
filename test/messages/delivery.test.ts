import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioSms } from '../../src/adapters/twilio/messages.js';
import { cancelBookings } from '../../src/db/candidate-bookings.repo.js';
import { addDoNotCall } from '../../src/db/do-not-call.repo.js';
import type { MessageChannel } from '../../src/db/messages.table.js';
import { hashToken } from '../../src/services/bookings/links.js';
import { insertMessage } from '../../src/services/messages/queue.js';
import { cancelReminders } from '../../src/services/messages/reminders.js';
import { BACKOFF_MINUTES, sendDueMessages } from '../../src/services/messages/sender.js';
import type { SenderDeps } from '../../src/services/messages/sender.js';
import { createMessaging } from '../../src/services/messages/transports.js';
import type { Messaging } from '../../src/services/messages/transports.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startFakeTwilioMessages } from '../helpers/fake-twilio-messages.js';
import type { FakeTwilioMessages } from '../helpers/fake-twilio-messages.js';
import { readInvite } from './ical.js';
import { BEFORE_US_CHANGE, bookInterview, closedPort, SLOT_UTC, startSmtp } from './support.js';
import type { Booked, TestSmtp } from './support.js';

const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const TWILIO_TOKEN = 'fake-twilio-auth-token';
const SMS_FROM = '+15005550006';
const MAIL_FROM = 'Globex Recruiting <jobs@globex.example>';
const MINUTE = 60_000;

describe.each(DIALECTS)('sending confirmations and reminders on %s', (dialect) => {
  let t: TestApp;
  let clock = BEFORE_US_CHANGE;
  let smtp: TestSmtp;
  let twilio: FakeTwilioMessages;
  let outboxDir: string;
  let smtpDown: Messaging;
  let smtpUp: Messaging;
  let camille: Booked;

  const db = () => t.deps.database.db;
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const sender = (messaging: Messaging): SenderDeps => ({
    database: t.deps.database,
    now: () => clock,
    logger: t.deps.logger,
    doNotCallSecret: t.deps.doNotCallSecret,
    messaging,
  });
  const messagesOf = (bookingOrCandidate: { candidateId: number }) =>
    db().selectFrom('messages').selectAll().where('candidate_id', '=', bookingOrCandidate.candidateId).orderBy('id').execute();
  const bookingIdOf = async (booked: Booked) =>
    (await db().selectFrom('bookings').select('id').where('call_sid', '=', booked.callSid).executeTakeFirstOrThrow()).id;

  /** A message queued by hand (the sender's rules do not depend on how it was queued). */
  async function queueOne(channel: MessageChannel, recipient: string): Promise<number> {
    const now = clock.toISOString();
    const key = `test:${randomBytes(6).toString('hex')}`;
    await db()
      .transaction()
      .execute((trx) =>
        insertMessage(trx, {
          job_id: null,
          candidate_id: null,
          booking_id: null,
          channel,
          purpose: 'confirmation',
          recipient,
          subject: channel === 'email' ? 'Hello' : null,
          body: 'Hello',
          ics: null,
          state: 'queued',
          due_at: now,
          dedupe_key: key,
          created_at: now,
          updated_at: now,
        }),
      );
    return (await db().selectFrom('messages').select('id').where('dedupe_key', '=', key).executeTakeFirstOrThrow()).id;
  }
  const messageById = (id: number) => db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startApp({ dialect, now: () => clock, env: { MAIL_FROM } });
    smtp = await startSmtp();
    twilio = await startFakeTwilioMessages();
    outboxDir = await mkdtemp(join(tmpdir(), 'ic-outbox-'));
    const sms = createTwilioSms({ accountSid: ACCOUNT_SID, authToken: TWILIO_TOKEN, from: SMS_FROM, apiBaseUrl: twilio.url });
    smtpDown = createMessaging({
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      mailFrom: MAIL_FROM,
      outboxDir,
      sms,
      smtpTimeoutMs: 2000,
    });
    smtpUp = createMessaging({ smtpUrl: smtp.url, mailFrom: MAIL_FROM, outboxDir, sms, smtpTimeoutMs: 2000 });
  });
  afterAll(async () => {
    smtpDown?.close();
    smtpUp?.close();
    await smtp?.close();
    await twilio?.close();
    await t?.close();
    if (outboxDir !== undefined) await rm(outboxDir, { recursive: true, force: true });
  });

  it('books, answers and promises email and text while the SMTP server is down; the text goes, the emails wait', async () => {
    camille = await bookInterview(t, {
      name: 'Camille Martin',
      phone: '+33612345678',
      email: 'camille@example.com',
      timezone: 'Europe/Paris',
    });
    expect(camille.caller).toContain('your interview is booked for');
    expect(camille.caller).toContain("I'll send the details to your email, with a calendar invite, and by text message.");

    const queued = await messagesOf(camille);
    const summary = queued.map((m) => `${m.purpose} ${m.channel} ${m.recipient} ${m.due_at}`);
    const now = clock.toISOString();
    expect(summary).toEqual(
      expect.arrayContaining([
        `confirmation email camille@example.com ${now}`,
        `confirmation sms +33612345678 ${now}`,
        `confirmation email pat@globex.example ${now}`,
        // 24 hours before (4 PM in Paris) and 2 hours before (2 PM): both in waking hours.
        'reminder email camille@example.com 2026-11-02T15:00:00.000Z',
        'reminder sms +33612345678 2026-11-02T15:00:00.000Z',
        'reminder email camille@example.com 2026-11-03T13:00:00.000Z',
        'reminder sms +33612345678 2026-11-03T13:00:00.000Z',
      ]),
    );
    expect(queued).toHaveLength(7);

    expect(await sendDueMessages(sender(smtpDown))).toEqual({ sent: 1, retrying: 2, failed: 0, cancelled: 0 });
    const emails = (await messagesOf(camille)).filter((m) => m.purpose === 'confirmation' && m.channel === 'email');
    for (const email of emails) {
      expect(email).toMatchObject({ state: 'queued', tries: 1, due_at: new Date(clock.getTime() + MINUTE).toISOString() });
      expect(email.last_error).toMatch(/ECONNREFUSED|connect/i);
    }

    const [text] = twilio.messages;
    expect(text?.accountSid).toBe(ACCOUNT_SID);
    expect(text?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${TWILIO_TOKEN}`).toString('base64')}`);
    expect(text?.form).toMatchObject({ To: '+33612345678', From: SMS_FROM });
    expect(text?.form.Body).toContain('Globex: your interview for Backend Engineer is booked for Tue, Nov 3, 4:00 PM GMT+1');
    expect(text?.form.Body).toMatch(/Reschedule or cancel: \S*\/b\/[A-Za-z0-9_-]{43} Reply STOP to opt out\.$/);
    const sms = (await messagesOf(camille)).find((m) => m.purpose === 'confirmation' && m.channel === 'sms');
    expect(sms).toMatchObject({ state: 'sent', tries: 1, provider_id: text?.sid, sent_at: clock.toISOString() });
  });

  it('retries with backoff while the SMTP server refuses, then delivers the invite right across the DST change', async () => {
    smtp.refuse(() => ({ code: 451, message: '4.3.0 Try again later' }));
    expect(await sendDueMessages(sender(smtpUp))).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 }); // not due yet
    advance(MINUTE);
    expect(await sendDueMessages(sender(smtpUp))).toEqual({ sent: 0, retrying: 2, failed: 0, cancelled: 0 });
    const waiting = (await messagesOf(camille)).filter((m) => m.purpose === 'confirmation' && m.channel === 'email');
    for (const email of waiting) {
      expect(email).toMatchObject({ state: 'queued', tries: 2, due_at: new Date(clock.getTime() + 5 * MINUTE).toISOString() });
      expect(email.last_error).toContain('451');
    }
    smtp.refuse(() => undefined);
    advance(5 * MINUTE);
    expect(await sendDueMessages(sender(smtpUp))).toEqual({ sent: 2, retrying: 0, failed: 0, cancelled: 0 });

    const toCandidate = smtp.mails.find((m) => m.to.includes('camille@example.com'));
    const toInterviewer = smtp.mails.find((m) => m.to.includes('pat@globex.example'));
    expect(smtp.mails).toHaveLength(2);
    expect(toCandidate?.from).toBe('jobs@globex.example');
    const mail = toCandidate?.parsed;
    expect(mail?.subject).toBe('Interview confirmed: Backend Engineer at Globex, Tue, Nov 3, 4:00 PM GMT+1');
    // The candidate's time first; New York's (the interviewer's) too, as it reads otherwise.
    expect(mail?.text).toContain('When: Tuesday, November 3, 2026, 4:00 – 4:45 PM GMT+1');
    expect(mail?.text).toContain("10:00 – 10:45 AM EST (the interviewer's time)");
    expect(mail?.text).toContain('Where: https://meet.example.com/globex-backend');
    const token = /\/b\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1] ?? '';
    const link = await db().selectFrom('booking_links').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    expect(link).toMatchObject({ booking_id: await bookingIdOf(camille), expires_at: SLOT_UTC, used_at: null });

    const calendarPart = mail?.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendarPart?.contentType).toBe('text/calendar');
    expect(toCandidate?.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const invite = readInvite(calendarPart?.content.toString('utf8') ?? '');
    expect(invite).toMatchObject({
      method: 'REQUEST',
      uid: `booking-${await bookingIdOf(camille)}@interview-caller`,
      sequence: 0,
      tzid: 'America/New_York',
      startLocal: '2026-11-03T10:00:00',
      // EST from 1 November: 15:00Z (the booking was made on EDT, when 10 AM was 14:00Z).
      startUtc: SLOT_UTC,
      endUtc: '2026-11-03T15:45:00.000Z',
    });
    // MAIL_FROM once the service passes deps.messaging.mailFrom to the turn (until then the default sender).
    expect(invite.organizer).toMatch(/^mailto:[^@\s]+@[^@\s]+$/);
    expect(invite.attendees.map((a) => a.toLowerCase())).toEqual(['mailto:camille@example.com', 'mailto:pat@globex.example']);

    expect(toInterviewer?.parsed.subject).toBe('Interview confirmed: Camille Martin, Backend Engineer, Tue, Nov 3, 10:00 AM EST');
    expect(toInterviewer?.raw).not.toContain(token);
    const sent = (await messagesOf(camille)).filter((m) => m.purpose === 'confirmation' && m.channel === 'email');
    for (const email of sent) {
      expect(email).toMatchObject({ state: 'sent', tries: 3, last_error: null, sent_at: clock.toISOString() });
      expect(email.provider_id).toMatch(/^<.+@.+>$/);
    }
  });

  it('gives up after the last try, and at once when the server refuses the address', async () => {
    const later = await queueOne('email', 'later@globex.example');
    const nobody = await queueOne('email', 'nobody@globex.example');
    smtp.refuse((to) =>
      to === 'nobody@globex.example'
        ? { code: 550, message: '5.1.1 No such user' }
        : to === 'later@globex.example'
          ? { code: 451, message: '4.3.0 Busy' }
          : undefined,
    );
    const waits: number[] = [];
    for (let attempt = 1; attempt <= BACKOFF_MINUTES.length + 1; attempt++) {
      await sendDueMessages(sender(smtpUp));
      const row = await messageById(later);
      expect(row.tries).toBe(attempt);
      if (row.state === 'failed') break;
      waits.push((Date.parse(row.due_at) - clock.getTime()) / MINUTE);
      clock = new Date(row.due_at);
    }
    expect(waits).toEqual([1, 5, 30, 120, 360]);
    expect(await messageById(later)).toMatchObject({ state: 'failed', tries: 6 });
    expect((await messageById(later)).last_error).toContain('451');
    expect(await messageById(nobody)).toMatchObject({ state: 'failed', tries: 1 });
    expect((await messageById(nobody)).last_error).toContain('550');
    smtp.refuse(() => undefined);
  });

  it('retries a text when Twilio is unavailable and fails it when Twilio refuses the number', async () => {
    twilio.fail({ status: 503, code: 20503, message: 'Service unavailable', times: 1 });
    const flaky = await queueOne('sms', '+14155550111');
    expect(await sendDueMessages(sender(smtpUp))).toMatchObject({ retrying: 1 });
    advance(MINUTE);
    expect(await sendDueMessages(sender(smtpUp))).toMatchObject({ sent: 1 });
    expect(await messageById(flaky)).toMatchObject({ state: 'sent', tries: 2 });

    twilio.fail({ status: 400, code: 21211, message: "The 'To' number +1415555 is not a valid phone number.", times: 1 });
    const invalid = await queueOne('sms', '+1415555');
    expect(await sendDueMessages(sender(smtpUp))).toMatchObject({ failed: 1 });
    expect(await messageById(invalid)).toMatchObject({ state: 'failed', tries: 1 });
    expect((await messageById(invalid)).last_error).toContain('21211');
  });

  it('sends no reminder for a moved or cancelled booking, and no text to a number that opted out', async () => {
    const lee = await bookInterview(
      t,
      { name: 'Lee Park', phone: '+13105550101', timezone: 'America/Los_Angeles' },
      { name: 'Kim Ode', email: 'kim@globex.example' },
    );
    // No address: only the text is promised.
    expect(lee.caller).toContain("I'll send you the details by text message.");
    expect(lee.caller).not.toContain('to your email');
    await addDoNotCall(db(), t.deps.doNotCallSecret, '+13105550101', 'replied STOP');
    expect(await sendDueMessages(sender(smtpUp))).toMatchObject({ cancelled: 1, sent: 1 }); // Lee's text; Kim's invite
    const leeText = (await messagesOf(lee)).find((m) => m.purpose === 'confirmation' && m.channel === 'sms');
    expect(leeText).toMatchObject({ state: 'cancelled', last_error: 'the number opted out (do-not-call list)' });

    // Lee's booking is cancelled: its reminders are called back; had one been missed, the sender would skip it.
    const leeBooking = await bookingIdOf(lee);
    await db()
      .transaction()
      .execute(async (trx) => {
        expect(await cancelReminders(trx, leeBooking, clock.toISOString())).toBe(2);
        const booking = await trx
          .selectFrom('bookings')
          .select(['id', 'call_sid', 'slot_id'])
          .where('id', '=', leeBooking)
          .executeTakeFirstOrThrow();
        await cancelBookings(trx, [booking]);
      });
    // Camille's booking is moved (its SEQUENCE raised) without its reminders being cancelled: the sender drops them.
    await db()
      .updateTable('bookings')
      .set({ sequence: 1 })
      .where('id', '=', await bookingIdOf(camille))
      .execute();
    clock = new Date('2026-11-02T15:00:00Z');
    expect(await sendDueMessages(sender(smtpUp))).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 2 });
    const reminders = (await messagesOf(camille)).filter((m) => m.purpose === 'reminder');
    expect(reminders.map((m) => [m.due_at, m.state, m.last_error])).toEqual([
      ['2026-11-02T15:00:00.000Z', 'cancelled', 'the booking was moved'],
      ['2026-11-02T15:00:00.000Z', 'cancelled', 'the booking was moved'],
      ['2026-11-03T13:00:00.000Z', 'queued', null],
      ['2026-11-03T13:00:00.000Z', 'queued', null],
    ]);
    expect((await messagesOf(lee)).filter((m) => m.purpose === 'reminder').map((m) => m.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('takes a message back from a sender that died while sending it', async () => {
    const id = await queueOne('email', 'stuck@globex.example');
    await db().updateTable('messages').set({ state: 'sending', tries: 1, updated_at: clock.toISOString() }).where('id', '=', id).execute();
    expect(await sendDueMessages(sender(smtpUp))).toMatchObject({ sent: 0 });
    advance(6 * MINUTE);
    expect(await sendDueMessages(sender(smtpUp))).toMatchObject({ sent: 1 });
    expect(await messageById(id)).toMatchObject({ state: 'sent', tries: 2 });
  });
});
