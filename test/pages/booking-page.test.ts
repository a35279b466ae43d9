import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookingLink } from '../../src/services/bookings/links.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { collectProblems, DESKTOP, launchChromium, PHONE, SCREENSHOTS, seriousViolations } from '../helpers/browser.js';
import { bookCandidate, bookInterview, seats } from '../bookings/support.js';
import { pagesApp } from './support.js';

/**
 * The candidate's page in Debian's Chromium (playwright-core): keep, move, cancel, an expired link; each page checked
 * by axe-core inside the page (no serious or critical violation) and photographed at desktop and phone size.
 * Page rendering does not depend on the dialect (the services' suite runs on both): SQLite only here.
 */
describe('the booking page in a browser', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startApp({ dialect: 'sqlite' });
    app = await pagesApp(t);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  /** A page at a size that fails the test on any CSP refusal or page error (the policy must let our own style apply). */
  async function open(size: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: size });
    const page = await context.newPage();
    return { page, problems: collectProblems(page) };
  }

  /** Checks the page as it stands at both sizes: accessibility, no sideways scrolling on a phone, screenshots. */
  async function checkAndShoot(path: string, name: string, status: number): Promise<void> {
    for (const size of [DESKTOP, PHONE]) {
      const { page, problems } = await open(size);
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(status);
      expect(await seriousViolations(page)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
      expect(problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
      await page.context().close();
    }
  }

  it('shows the interview and keeps it', async () => {
    const b = await bookInterview(
      t,
      [
        { start: '2026-12-01T14:00', interviewer_name: 'Pat Kim' },
        { start: '2026-12-02T10:00' },
        { start: '2026-12-02T15:30' },
        { start: '2026-12-03T09:00' },
      ],
      { name: 'Lee Park' },
    );
    await checkAndShoot(`/b/${b.token}`, 'manage', 200);
    const { page } = await open(PHONE);
    await page.goto(`${base}/b/${b.token}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your interview');
    const details = page.locator('section[aria-labelledby="details"]');
    expect(await details.textContent()).toContain('Tuesday, December 1, 2026');
    expect(await details.textContent()).toContain('11:00 AM Pacific Time');
    expect(await details.textContent()).toContain('Pat Kim');
    // The times are labelled radios grouped by day; the keyboard reaches the first one with a visible focus ring.
    expect(await page.getByRole('group', { name: 'Wednesday, December 2, 2026' }).getByRole('radio').count()).toBe(2);
    await page.getByRole('radio', { name: '7:00 AM' }).focus();
    const outline = await page.evaluate(() => {
      const label = document.activeElement?.closest('label');
      return label === null || label === undefined ? 'none' : getComputedStyle(label).outlineStyle;
    });
    expect(outline).toBe('solid');
    await page.screenshot({ path: join(SCREENSHOTS, 'focus-375x812.png') });
    await page.getByRole('link', { name: 'Keep my interview' }).click();
    await page.waitForURL(`${base}/b/${b.token}/kept`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You’re all set');
    await page.context().close();
    await checkAndShoot(`/b/${b.token}/kept`, 'kept', 200);
    expect(await seats(t, b.slotIds)).toEqual([1, 0, 0, 0]);
  });

  it('moves the interview to a time picked on the page', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-07T14:00' }, { start: '2026-12-08T10:00' }, { start: '2026-12-08T15:30' }]);
    const { page } = await open(PHONE);
    await page.goto(`${base}/b/${b.token}`);
    const day = page.getByRole('group', { name: 'Tuesday, December 8, 2026' });
    // Someone else takes 7 AM while the page is open: the move is refused, nothing changes, the page says so.
    await day.getByRole('radio', { name: '7:00 AM' }).check();
    const rival = await bookCandidate(t, b.jobId, { name: 'Dana Cole' });
    expect(rival.slotId).toBe(b.slotIds[1]);
    await page.getByRole('button', { name: 'Move my interview' }).click();
    await page.waitForURL(`${base}/b/${b.token}?error=slot_unavailable`);
    expect(await page.getByRole('alert').textContent()).toContain('That time was just taken');
    expect(await day.getByRole('radio').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'move-refused-375x812.png'), fullPage: true });
    await day.getByRole('radio', { name: '12:30 PM' }).check();
    await page.screenshot({ path: join(SCREENSHOTS, 'move-chosen-375x812.png'), fullPage: true });
    await page.getByRole('button', { name: 'Move my interview' }).click();
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]{43}\/moved$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your interview is moved');
    expect(await page.locator('section[aria-labelledby="details"]').textContent()).toContain('12:30 PM Pacific Time');
    const movedPath = new URL(page.url()).pathname;
    await page.context().close();
    expect(await seats(t, b.slotIds)).toEqual([0, 1, 1]);
    await checkAndShoot(movedPath, 'moved', 200);
    await checkAndShoot(`/b/${b.token}`, 'replaced-link', 410);
  });

  it('cancels the interview with a reason', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-09T14:00' }, { start: '2026-12-10T10:00' }]);
    const { page } = await open(DESKTOP);
    await page.goto(`${base}/b/${b.token}`);
    await page.getByLabel('Reason (optional)').fill('I accepted another offer');
    await page.getByRole('button', { name: 'Cancel my interview' }).click();
    await page.waitForURL(`${base}/b/${b.token}/cancelled?lang=en&sent=1`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your interview is cancelled');
    await page.context().close();
    expect(await seats(t, b.slotIds)).toEqual([0, 0]);
    const booking = await t.deps.database.db.selectFrom('bookings').select('id').where('id', '=', b.bookingId).executeTakeFirst();
    expect(booking).toBeUndefined();
    await checkAndShoot(`/b/${b.token}/cancelled`, 'cancelled', 200);
    await checkAndShoot(`/b/${b.token}`, 'cancelled-link', 410);
  });

  it("shows the page in the job's language (Spanish) with its dates and times, as readable and accessible", async () => {
    const b = await bookInterview(
      t,
      [{ start: '2026-12-14T14:00', interviewer_name: 'Pat Kim' }, { start: '2026-12-15T10:00' }, { start: '2026-12-15T15:30' }],
      { name: 'Lee Park', timezone: 'Europe/Madrid' },
      { language: 'es' },
    );
    await checkAndShoot(`/b/${b.token}`, 'manage-es', 200);
    const { page } = await open(PHONE);
    await page.goto(`${base}/b/${b.token}`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tu entrevista');
    expect(await page.getByRole('group', { name: 'Martes, 15 de diciembre de 2026' }).getByRole('radio').count()).toBe(2);
    await page.getByRole('radio', { name: '21:30' }).check();
    await page.getByRole('button', { name: 'Cambiar mi entrevista' }).click();
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]{43}\/moved$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tu entrevista ha cambiado de horario');
    expect(await page.getByRole('status').textContent()).toContain('Te estamos enviando los datos actualizados');
    const movedPath = new URL(page.url()).pathname;
    await page.context().close();
    await checkAndShoot(movedPath, 'moved-es', 200);
  });

  it('says clearly when a link has expired or does not exist', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-11T14:00' }]);
    const expired = await t.deps.database.db
      .transaction()
      .execute((trx) => createBookingLink(trx, b.bookingId, '2026-11-24T14:00:00Z', '2026-11-20T00:00:00Z'));
    await checkAndShoot(`/b/${expired}`, 'expired', 410);
    const { page } = await open(PHONE);
    await page.goto(`${base}/b/${expired}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has expired');
    await page.context().close();
    await checkAndShoot(`/b/${'Q'.repeat(43)}`, 'not-found', 404);
  });
});
