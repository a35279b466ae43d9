import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink, linkStatus } from '../../src/services/bookings/links.js';
import { cancelBooking, moveBooking } from '../../src/services/bookings/move.js';
import { readBookingPage } from '../../src/services/bookings/booking-page.js';
import type { WebhookEventType } from '../../src/db/webhooks.table.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { bookCandidate, bookInterview, seats } from './support.js';

describe.each(DIALECTS)('moving and cancelling a booking by its link on %s', (dialect) => {
  let t: TestApp;
  const nowIso = () => t.deps.now().toISOString();
  const status = async (token: string) => {
    const link = await findLink(t.deps.database.db, token);
    return link === undefined ? 'not_found' : linkStatus(link, nowIso());
  };
  const booking = (id: number) => t.deps.database.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  const candidateStatus = async (id: number) =>
    (await t.deps.database.db.selectFrom('candidates').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const events = async (type: WebhookEventType) =>
    (await t.deps.database.db.selectFrom('webhook_events').select('payload').where('type', '=', type).execute()).map(
      (r) => JSON.parse(r.payload) as { data: Record<string, unknown> },
    );

  const messages = (bookingId: number) =>
    t.deps.database.db
      .selectFrom('messages')
      .select(['channel', 'purpose', 'state', 'recipient', 'body', 'ics'])
      .where('booking_id', '=', bookingId)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await startApp({ dialect });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('moves: the new seat taken, the old released, sequence raised, the session told, the old link used, a new one valid', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-01T14:00' }, { start: '2026-12-02T10:00' }, { start: '2026-12-03T09:00' }]);
    expect(await seats(t, b.slotIds)).toEqual([1, 0, 0]);
    const target = b.slotIds[2] ?? 0;
    const moved = await moveBooking(t.deps, b.token, target);
    expect(moved.result).toBe('moved');
    if (moved.result !== 'moved') return;
    expect(await seats(t, b.slotIds)).toEqual([0, 0, 1]);
    const row = await booking(b.bookingId);
    expect(row?.slot_id).toBe(target);
    expect(row?.sequence).toBe(1);
    expect(await status(b.token)).toBe('used');
    expect(await status(moved.token)).toBe('valid');
    const newLink = await findLink(t.deps.database.db, moved.token);
    expect(newLink?.expires_at).toBe('2026-12-03T14:00:00.000Z'); // the new interview's start
    const session = await t.deps.database.db
      .selectFrom('conversation_sessions')
      .select(['slot_id', 'confirmed_slot', 'confirmed_slot_start'])
      .where('call_sid', '=', b.callSid)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ slot_id: target, confirmed_slot_start: '2026-12-03T09:00:00-05:00' });
    expect(session.confirmed_slot).toBe('Thursday, December 3rd at 6 AM'); // the candidate's zone (Pacific)
    expect(await candidateStatus(b.candidateId)).toBe('scheduled');
    const rescheduled = (await events('booking.rescheduled')).find((e) => e.data.booking_id === b.bookingId);
    expect(rescheduled?.data).toMatchObject({ previous_slot_id: b.slotIds[0], sequence: 1, slot: { id: target } });
    // The updated invite (same UID, SEQUENCE 1) and text with the new link; the old reminders cancelled, new ones queued.
    const sent = await messages(b.bookingId);
    const updateMail = sent.find((m) => m.purpose === 'update' && m.channel === 'email');
    expect(updateMail?.recipient).toBe('lee@example.com');
    expect(updateMail?.ics).toContain(`UID:booking-${b.bookingId}@interview-caller`);
    expect(updateMail?.ics).toContain('SEQUENCE:1');
    expect(updateMail?.ics).toContain('METHOD:REQUEST');
    expect(sent.find((m) => m.purpose === 'update' && m.channel === 'sms')?.body).toContain(`/b/${moved.token}`);
    const reminders = sent.filter((m) => m.purpose === 'reminder');
    expect(reminders.some((m) => m.state === 'cancelled')).toBe(true);
    expect(reminders.some((m) => m.state === 'queued')).toBe(true);
    // The old link can do nothing more; the new one moves again.
    expect((await moveBooking(t.deps, b.token, b.slotIds[1] ?? 0)).result).toBe('used');
    const again = await moveBooking(t.deps, moved.token, b.slotIds[1] ?? 0);
    expect(again.result).toBe('moved');
    expect(await seats(t, b.slotIds)).toEqual([0, 1, 0]);
    expect((await booking(b.bookingId))?.sequence).toBe(2);
  });

  it('refuses a full slot, a past slot, the same slot and a slot of another job, changing nothing', async () => {
    const b = await bookInterview(t, [{ start: '2026-11-24T09:00' }, { start: '2026-12-01T14:00' }, { start: '2026-12-02T10:00' }]);
    const rival = await bookCandidate(t, b.jobId, { name: 'Dana Cole', replies: ['yes', 'yes'] });
    const other = await bookInterview(t, [{ start: '2026-12-04T10:00' }, { start: '2026-12-05T10:00' }]);
    expect([b.slotId, rival.slotId]).toEqual([b.slotIds[1], b.slotIds[2]]);
    for (const slot of [b.slotIds[2], b.slotIds[0], b.slotIds[1], other.slotIds[1], 999_999]) {
      expect((await moveBooking(t.deps, b.token, slot ?? 0)).result).toBe('slot_unavailable');
    }
    expect(await seats(t, [...b.slotIds, ...other.slotIds])).toEqual([0, 1, 1, 1, 0]);
    expect((await booking(b.bookingId))?.sequence).toBe(0);
    expect(await status(b.token)).toBe('valid');
  });

  it('frees the old seat before checking the interviewer, so a shift by less than the length with the same person works', async () => {
    const b = await bookInterview(t, [
      { start: '2026-12-07T14:00', interviewer_email: 'pat@globex.com' },
      { start: '2026-12-07T14:30', interviewer_email: 'pat@globex.com' },
    ]);
    expect((await moveBooking(t.deps, b.token, b.slotIds[1] ?? 0)).result).toBe('moved');
    expect(await seats(t, b.slotIds)).toEqual([0, 1]);
  });

  it('refuses a slot whose interviewer is booked elsewhere then, and leaves the booking where it was', async () => {
    // Sam is booked at 10:00 in the first job; the second job's 10:30 with Sam overlaps it.
    await bookInterview(t, [{ start: '2026-12-08T10:00', interviewer_email: 'sam@globex.com' }], { replies: ['yes', 'yes'] });
    const b = await bookInterview(t, [{ start: '2026-12-08T09:00' }, { start: '2026-12-08T10:30', interviewer_email: 'sam@globex.com' }]);
    expect((await readBookingPage(t.deps, b.token)).status).toBe('valid');
    expect((await moveBooking(t.deps, b.token, b.slotIds[1] ?? 0)).result).toBe('slot_unavailable');
    expect(await seats(t, b.slotIds)).toEqual([1, 0]);
  });

  it('cancels: the seat released, the booking gone, the link says cancelled, the candidate declined, the reason sent on', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-01T14:00' }, { start: '2026-12-02T10:00' }]);
    const outcome = await cancelBooking(t.deps, b.token, '  Took another offer  ');
    // The candidate has an address and a number: the cancellation went on both; the job is in English.
    expect(outcome).toEqual({ result: 'cancelled', bookingId: b.bookingId, channels: { email: true, sms: true }, language: 'en' });
    expect(await seats(t, b.slotIds)).toEqual([0, 0]);
    expect(await booking(b.bookingId)).toBeUndefined();
    expect(await status(b.token)).toBe('cancelled');
    expect((await readBookingPage(t.deps, b.token)).status).toBe('cancelled');
    expect(await candidateStatus(b.candidateId)).toBe('declined');
    const session = await t.deps.database.db
      .selectFrom('conversation_sessions')
      .select('slot_id')
      .where('call_sid', '=', b.callSid)
      .executeTakeFirstOrThrow();
    expect(session.slot_id).toBeNull();
    const cancelled = (await events('booking.cancelled')).find((e) => e.data.booking_id === b.bookingId);
    expect(cancelled?.data).toMatchObject({ reason: 'Took another offer', slot: { id: b.slotIds[0] } });
    // Queued while the booking was there (the rows keep no booking id once it is deleted): found by recipient.
    const toLee = await t.deps.database.db
      .selectFrom('messages')
      .select(['purpose', 'channel', 'state', 'ics'])
      .where('candidate_id', '=', b.candidateId)
      .execute();
    expect(toLee.find((m) => m.purpose === 'cancellation' && m.channel === 'email')?.ics).toContain('METHOD:CANCEL');
    expect(toLee.some((m) => m.purpose === 'cancellation' && m.channel === 'sms')).toBe(true);
    expect(toLee.filter((m) => m.purpose === 'reminder').every((m) => m.state === 'cancelled')).toBe(true);
    expect((await cancelBooking(t.deps, b.token, null)).result).toBe('cancelled');
    expect((await moveBooking(t.deps, b.token, b.slotIds[1] ?? 0)).result).toBe('cancelled');
    expect(await seats(t, b.slotIds)).toEqual([0, 0]);
  });

  it('an expired link (the interview has started) and an unknown token do nothing', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-01T14:00' }, { start: '2026-12-02T10:00' }]);
    const later = { ...t.deps, now: () => new Date('2026-12-01T19:00:00Z') }; // 2 PM Eastern: it starts
    expect((await readBookingPage(later, b.token)).status).toBe('expired');
    expect((await moveBooking(later, b.token, b.slotIds[1] ?? 0)).result).toBe('expired');
    expect((await cancelBooking(later, b.token, null)).result).toBe('expired');
    expect(await seats(t, b.slotIds)).toEqual([1, 0]);
    expect(await booking(b.bookingId)).toBeDefined();
    const wrong = 'A'.repeat(43);
    expect((await readBookingPage(t.deps, wrong)).status).toBe('not_found');
    expect((await moveBooking(t.deps, wrong, b.slotIds[1] ?? 0)).result).toBe('not_found');
    expect((await cancelBooking(t.deps, 'short', null)).result).toBe('not_found');
  });

  it('two moves of one booking racing to two slots: one booking, one seat taken on the winning slot, the other untouched', async () => {
    for (let round = 0; round < 3; round += 1) {
      const b = await bookInterview(t, [
        { start: `2026-12-1${round}T09:00` },
        { start: `2026-12-1${round}T11:00` },
        { start: `2026-12-1${round}T13:00` },
      ]);
      const [first, second] = await Promise.all([
        moveBooking(t.deps, b.token, b.slotIds[1] ?? 0),
        moveBooking(t.deps, b.token, b.slotIds[2] ?? 0),
      ]);
      const results = [first.result, second.result].sort();
      expect(results).toEqual(['moved', 'used']);
      const winner = first.result === 'moved' ? b.slotIds[1] : b.slotIds[2];
      const rows = await t.deps.database.db.selectFrom('bookings').selectAll().where('candidate_id', '=', b.candidateId).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.slot_id).toBe(winner);
      expect(rows[0]?.sequence).toBe(1);
      expect(await seats(t, b.slotIds)).toEqual(b.slotIds.map((id) => (id === winner ? 1 : 0)));
    }
  });

  it('a move racing a cancel: either the move or the cancel wins, never both, and the seats add up', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-14T09:00' }, { start: '2026-12-14T11:00' }]);
    const [moved, cancelled] = await Promise.all([moveBooking(t.deps, b.token, b.slotIds[1] ?? 0), cancelBooking(t.deps, b.token, null)]);
    const rows = await t.deps.database.db.selectFrom('bookings').selectAll().where('candidate_id', '=', b.candidateId).execute();
    if (moved.result === 'moved') {
      expect(cancelled.result).toBe('used');
      expect(rows).toHaveLength(1);
      expect(await seats(t, b.slotIds)).toEqual([0, 1]);
    } else {
      expect(cancelled.result).toBe('cancelled');
      expect(moved.result).toBe('cancelled');
      expect(rows).toHaveLength(0);
      expect(await seats(t, b.slotIds)).toEqual([0, 0]);
    }
  });
});
