import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedCall } from '../helpers/app.js';
import { checkPage, PHONE, startWebApp, type WebApp } from './support.js';

/**
 * The Overview, Calls and call pages over calls the simulator placed (a booking, a decline, a question): each renders
 * its data, passes axe at desktop and phone width, and is photographed.
 */
describe('the overview and calls pages in a browser', () => {
  let w: WebApp;
  let booked: string;

  beforeAll(async () => {
    w = await startWebApp({ now: 'service' });
    booked = (
      await simulatedCall(w.t, ['yes this is Jordan', 'do you sponsor visas?', 'the first one works', 'yes'], {
        name: 'Avery Booker',
        phone: '+14155550101',
      })
    ).callSid;
    await simulatedCall(w.t, ['no thanks, not interested'], { name: 'Dana Decliner', phone: '+14155550102' });
    await simulatedCall(w.t, [null, null, null], { name: 'Sam Silent', phone: '+14155550103' });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('shows the overview with the numbers beside the charts', async () => {
    const { page, problems } = await w.page('viewer');
    await page.goto(w.at('/'));
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('table', { name: 'Calls per day' }).waitFor();
    const figures = page.getByRole('definition');
    expect(await figures.first().textContent()).toBe('3'); // Calls
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    const perDay = page.getByRole('table', { name: 'Calls per day' });
    expect(await perDay.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('3');
    await checkPage(page, 'overview', problems, () => page.getByRole('table', { name: 'Calls per day' }).waitFor());
  });

  it('lists calls, filters them by outcome and candidate, and pages through them', async () => {
    const { page, problems } = await w.page('viewer');
    await page.goto(w.at('/calls'));
    const rows = page.getByRole('table', { name: 'Calls' }).locator('tbody tr');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    await checkPage(page, 'calls', problems);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByLabel('Outcome').selectOption('scheduled');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/outcome=scheduled/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Avery Booker');

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Candidate').fill('decl');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=decl/);
    await expect.poll(async () => (await rows.allTextContents()).join('|')).toMatch(/^[^|]*Dana Decliner[^|]*$/);

    // Pages of one call: "Older calls" follows the cursor down the list, "First page" comes back to the newest.
    await page.goto(w.at('/calls?limit=1'));
    await expect.poll(() => rows.count()).toBe(1);
    const seen = [await rows.first().textContent()];
    for (let i = 0; i < 2; i++) {
      await page.getByRole('link', { name: 'Older calls' }).click();
      await page.waitForURL(/cursor=/);
      await expect.poll(() => rows.first().textContent()).not.toBe(seen[seen.length - 1]);
      seen.push(await rows.first().textContent());
    }
    expect(await page.getByRole('link', { name: 'Older calls' }).count()).toBe(0); // the oldest call: no next page
    expect(seen.map((r) => /Avery Booker|Dana Decliner|Sam Silent/.exec(r ?? '')?.[0])).toEqual([
      'Sam Silent',
      'Dana Decliner',
      'Avery Booker',
    ]);
    await page.getByRole('link', { name: 'First page' }).click();
    await expect.poll(() => rows.first().textContent()).toContain('Sam Silent');
    expect(problems).toEqual([]);
  });

  it("shows a call's transcript as a conversation with how each reply was understood", async () => {
    const { page, problems } = await w.page('viewer', PHONE);
    await page.goto(w.at(`/calls/${booked}`));
    await page.getByRole('heading', { level: 1, name: 'Avery Booker' }).waitFor();
    const turns = page.locator('.transcript > li');
    expect(await turns.count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.locator('.say.candidate').first().textContent()).toContain('yes this is Jordan');
    expect(await page.locator('.say.candidate .meta').first().textContent()).toMatch(/Intent.*Engine.*local/);
    expect(await page.getByRole('heading', { name: 'Questions asked' }).locator('..').textContent()).toContain('sponsor visas');
    expect(await page.locator('.booked-marker').textContent()).toMatch(/Booked.*December/);
    const summary = await page.locator('.pairs').textContent();
    expect(summary).toMatch(/Booked slot.*(Mon|Tue|Wed|Thu|Fri)/);
    expect(await page.title()).toContain('Avery Booker');
    await checkPage(page, 'call', problems);
  });
});
