import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDoNotCall } from '../../src/db/do-not-call.repo.js';
import type { MessagePurpose } from '../../src/db/messages.table.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { bookInterview, type BookedCandidate } from '../bookings/support.js';
import { pagesApp } from './support.js';

/**
 * The moved and cancelled pages promise new details only when a message was queued for the candidate: a candidate
 * with an address hears "on their way"; one with no address whose number replied STOP is told to note the time.
 */
describe.each(DIALECTS)('what the page promises on %s', (dialect) => {
  let t: TestApp;
  let app: FastifyInstance;
  const form = (body: Record<string, string>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(body).toString(),
  });
  const post = (url: string, body: Record<string, string>) => app.inject({ method: 'POST', url, ...form(body) });
  const candidateMessages = (b: BookedCandidate, purpose: MessagePurpose) =>
    t.deps.database.db
      .selectFrom('messages')
      .select(['channel', 'recipient'])
      .where('candidate_id', '=', b.candidateId)
      .where('purpose', '=', purpose)
      .where('recipient', 'in', ['lee@example.com', b.phone])
      .execute();

  beforeAll(async () => {
    t = await startApp({ dialect });
    app = await pagesApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** A booking on the first of two slots, for a candidate with (or without) an address; the number's texts allowed or refused. */
  async function booked(email: string | null, textsRefused: boolean) {
    const b = await bookInterview(t, [{ start: '2026-12-07T14:00' }, { start: '2026-12-07T16:00' }], { email });
    if (textsRefused) await addDoNotCall(t.deps.database.db, t.deps.doNotCallSecret, b.phone, 'replied STOP');
    return b;
  }

  it('a move the candidate is sent: the page says the updated details are on their way', async () => {
    const b = await booked('lee@example.com', false);
    const res = await post(`/b/${b.token}/move`, { slot_id: String(b.slotIds[1]) });
    expect(res.statusCode).toBe(303);
    const page = await app.inject({ method: 'GET', url: res.headers.location ?? '' });
    expect(page.body).toContain('Updated details are on their way to you');
    expect(page.body).not.toContain('make a note');
    expect((await candidateMessages(b, 'update')).map((m) => m.channel).sort()).toEqual(['email', 'sms']);
  });

  it('a move nothing could be sent for (no address, texts refused): the page asks to note the time and promises nothing', async () => {
    const b = await booked(null, true);
    const res = await post(`/b/${b.token}/move`, { slot_id: String(b.slotIds[1]) });
    const page = await app.inject({ method: 'GET', url: res.headers.location ?? '' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Please make a note of it: we have no way to send you the new details by email or text.');
    expect(page.body).not.toContain('on their way');
    expect(await candidateMessages(b, 'update')).toEqual([]);
  });

  it('the same for a cancel: a confirmation is promised only when one was queued', async () => {
    const sent = await booked('lee@example.com', false);
    const withMail = await post(`/b/${sent.token}/cancel`, { reason: '' });
    expect((await app.inject({ method: 'GET', url: withMail.headers.location ?? '' })).body).toContain(
      'A confirmation is on its way to you.',
    );
    const none = await booked(null, true);
    const without = await post(`/b/${none.token}/cancel`, { reason: '' });
    expect(without.headers.location).toBe(`/b/${none.token}/cancelled?lang=en&sent=0`);
    const page = await app.inject({ method: 'GET', url: without.headers.location ?? '' });
    expect(page.body).toContain('Your interview is cancelled and the time is free for someone else. Thank you for letting us know.');
    expect(page.body).not.toContain('on its way');
    expect(await candidateMessages(none, 'cancellation')).toEqual([]);
  });
});
