import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookingLink } from '../../src/services/bookings/links.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { bookInterview, seats } from '../bookings/support.js';
import { pagesApp } from './support.js';

/** The page's HTTP contract (statuses, redirects, headers, limits) without a browser; the browser suite drives it. */
describe('the booking page over HTTP', () => {
  let t: TestApp;
  let app: FastifyInstance;
  const form = (body: Record<string, string>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(body).toString(),
  });

  beforeAll(async () => {
    t = await startApp({ dialect: 'sqlite' });
    app = await pagesApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('shows the interview in the candidate zone with the open times by day, as a page no script or foreign style can run in', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-01T14:00' }, { start: '2026-12-02T10:00' }, { start: '2026-12-02T15:30' }]);
    const res = await app.inject({ method: 'GET', url: `/b/${b.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-[^']+'; form-action 'self'/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    const page = res.body;
    const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Backend Engineer When Tuesday, December 1, 2026 11:00 AM Pacific Time');
    expect(text).toContain('2:00 PM Eastern Time for the interviewer');
    expect(text).toContain('Length 45 minutes');
    expect(page).toContain('href="https://meet.example.com/globex-backend"');
    expect(text).toContain('Times are in Pacific Time. Wednesday, December 2, 2026 7:00 AM 12:30 PM');
    expect(page.match(/name="slot_id"/g)).toHaveLength(2); // the current slot is not offered
    expect(page).not.toMatch(/<script/i);
    // The policy's hash is the hash of the one stylesheet sent, byte for byte.
    const style = /<style>([^<]*)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(res.headers['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);
  });

  it('answers a wrong token 404 and an expired one 410, with a page, never a stack trace', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-03T14:00' }]);
    for (const url of ['/b/nope', `/b/${'x'.repeat(43)}`, `/b/${'x'.repeat(43)}/kept`, `/b/${'x'.repeat(43)}/moved`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('This link doesn’t work');
    }
    const expired = await t.deps.database.db
      .transaction()
      .execute((trx) => createBookingLink(trx, b.bookingId, '2026-11-24T14:00:00Z', '2026-11-20T00:00:00Z'));
    const res = await app.inject({ method: 'GET', url: `/b/${expired}` });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This link has expired');
    const post = await app.inject({ method: 'POST', url: `/b/${expired}/cancel`, ...form({ reason: 'x' }) });
    expect(post.statusCode).toBe(410);
    expect(await seats(t, [b.slotId])).toEqual([1]);
    const bad = await app.inject({ method: 'POST', url: `/b/${b.token}/cancel`, ...form({ reason: 'x'.repeat(5000) }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('That request could not be read');
    expect(bad.body).not.toMatch(/at .*\.ts:\d+|Error:/);
  });

  it('moves with a POST and a 303 to the new link; the old link then answers 410; a taken time sends back with a notice', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-04T09:00' }, { start: '2026-12-04T11:00' }, { start: '2026-12-04T13:00' }]);
    const none = await app.inject({ method: 'POST', url: `/b/${b.token}/move`, ...form({}) });
    expect(none.statusCode).toBe(303);
    expect(none.headers.location).toBe(`/b/${b.token}?error=no_slot_chosen`);
    expect((await app.inject({ method: 'GET', url: none.headers.location ?? '' })).body).toContain('Please choose a new time');
    const taken = await app.inject({ method: 'POST', url: `/b/${b.token}/move`, ...form({ slot_id: String(b.slotId) }) });
    expect(taken.headers.location).toBe(`/b/${b.token}?error=slot_unavailable`);
    expect((await app.inject({ method: 'GET', url: taken.headers.location ?? '' })).body).toContain('That time was just taken');
    const res = await app.inject({ method: 'POST', url: `/b/${b.token}/move`, ...form({ slot_id: String(b.slotIds[2]) }) });
    expect(res.statusCode).toBe(303);
    const location = res.headers.location ?? '';
    expect(location).toMatch(/^\/b\/[A-Za-z0-9_-]{43}\/moved$/);
    const moved = await app.inject({ method: 'GET', url: location });
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toContain('Your interview is moved');
    expect(moved.body).toContain('10:00 AM Pacific Time');
    expect(await seats(t, b.slotIds)).toEqual([0, 0, 1]);
    const old = await app.inject({ method: 'GET', url: `/b/${b.token}` });
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('This link was replaced');
  });

  it('cancels with a POST and a 303 to the cancelled page; the link then says cancelled', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-05T09:00' }, { start: '2026-12-05T11:00' }]);
    expect((await app.inject({ method: 'GET', url: `/b/${b.token}/cancelled` })).headers.location).toBe(`/b/${b.token}`);
    const res = await app.inject({ method: 'POST', url: `/b/${b.token}/cancel`, ...form({ reason: 'Found another job' }) });
    expect(res.statusCode).toBe(303);
    // The redirect carries what the page may say: the job's language, and that a cancellation was queued.
    expect(res.headers.location).toBe(`/b/${b.token}/cancelled?lang=en&sent=1`);
    const done = await app.inject({ method: 'GET', url: res.headers.location ?? '' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your interview is cancelled');
    expect(done.body).toContain('A confirmation is on its way to you.');
    const again = await app.inject({ method: 'GET', url: `/b/${b.token}` });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This interview is cancelled');
    expect(await seats(t, b.slotIds)).toEqual([0, 0]);
  });

  it('limits requests per IP with a page of its own', async () => {
    const limited = await pagesApp(t, { max: 3, timeWindowMs: 60_000 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await limited.inject({ method: 'GET', url: `/b/${'y'.repeat(43)}` })).statusCode);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      const res = await limited.inject({ method: 'GET', url: '/b/abc' });
      expect(res.body).toContain('Too many requests');
      expect(res.headers['retry-after']).toBeDefined();
      // Another address has its own budget.
      expect((await limited.inject({ method: 'GET', url: '/b/abc', remoteAddress: '10.0.0.9' })).statusCode).toBe(404);
    } finally {
      await limited.close();
    }
  });
});
