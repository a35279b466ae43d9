import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietFavicon } from './pages-support.js';
import { checkPage, startWebApp, type WebApp } from './support.js';

const CSV = [
  'Name,Phone,Email',
  'Ana Park,+13105550101,ana@example.com',
  ',+13105550102,',
  'Ben Ortiz,not-a-phone,',
  'Cara Diaz,+13105550104,not-an-email',
  'Dev Shah,+13105550101,',
  'Eve Stone,+13105550105,',
].join('\n');

/** The jobs pages as a recruiter uses them: a job created and edited, its week of slots, a CSV import with bad rows. */
describe('jobs pages', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('creates a job, fills its week from a weekly availability, adds and removes a slot, and edits the job', async () => {
    const { page, problems } = await w.page('recruiter');
    await quietFavicon(page);
    page.setDefaultTimeout(15_000);
    await page.goto(w.at('/jobs'));
    await page.getByRole('button', { name: 'New job' }).click();
    await page.getByLabel('Position', { exact: true }).fill('Barista');
    await page.getByLabel('Company', { exact: true }).fill('Bean There');
    await page.getByLabel('Time zone', { exact: true }).fill('America/New_York');
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.waitForURL(/\/app\/jobs\/\d+$/);
    const jobId = Number(/\/jobs\/(\d+)$/.exec(page.url())?.[1]);
    await page.getByRole('heading', { level: 1, name: 'Barista' }).waitFor();

    await page.getByRole('button', { name: 'Weekly availability' }).click();
    await checkPage(page, 'job-weekly-form', problems);
    await page.getByLabel('From', { exact: true }).fill('09:00');
    await page.getByLabel('Until', { exact: true }).fill('10:00');
    await page.getByLabel('Minutes each', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Generate slots' }).click();
    await page.getByText('10 slots added.').waitFor();
    const slots = page.locator('.week .slot');
    await expect.poll(() => slots.count()).toBe(10);
    const api = await w.t.admin('GET', `/jobs/${jobId}/slots`);
    expect((api.body.items as unknown[]).length).toBe(10);

    await page.getByRole('button', { name: 'Add a slot' }).click();
    await checkPage(page, 'job-slot-form', problems);
    await page.getByLabel('Time', { exact: true }).fill('11:00');
    await page.getByRole('button', { name: 'Add slot' }).click();
    await page.getByText('Slot added.').waitFor();
    await expect.poll(() => slots.count()).toBe(11);
    await expect
      .poll(() => page.locator('.week .day').first().locator('.slot-time').allTextContents())
      .toEqual([
        '09:00–09:30',
        '09:30–10:00',
        '11:00–11:45', // the job's interview length (the settings' 45 minutes)
      ]);
    await page
      .locator('.week .day')
      .first()
      .getByRole('button', { name: /^Remove the slot/ })
      .last()
      .click();
    await expect.poll(() => slots.count()).toBe(10);
    expect(((await w.t.admin('GET', `/jobs/${jobId}/slots`)).body.items as unknown[]).length).toBe(10);

    await page.getByRole('button', { name: 'Edit job' }).click();
    await page.getByLabel('Position', { exact: true }).fill('Head Barista');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Head Barista' }).waitFor();
    expect((await w.t.admin('GET', `/jobs/${jobId}`)).body.title).toBe('Head Barista');

    await checkPage(page, 'job', problems);
    await page.goto(w.at('/jobs'));
    await page.getByRole('link', { name: 'Head Barista' }).waitFor();
    await checkPage(page, 'jobs', problems);
  }, 90_000);

  it('imports a CSV file and shows every rejected row with its line and why, in the page', async () => {
    const job = await w.t.admin('POST', '/jobs', { title: 'Cook', company: 'Diner', timezone: 'America/New_York' });
    const { page, problems } = await w.page('recruiter');
    await quietFavicon(page);
    await page.goto(w.at(`/jobs/${job.body.id as number}`));
    await page.getByText('No candidates yet', { exact: true }).waitFor();
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'candidates.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    const result = page.locator('.import-result');
    await result.waitFor();
    expect(await result.locator('p').first().textContent()).toMatch(/^2 added, 0 updated, 0 unchanged, 4 rejected\.$/);
    const rows = await result
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(rows).toEqual([
      ['3', 'Missing name'],
      ['4', 'Invalid phone'],
      ['5', 'Invalid email'],
      ['6', 'Duplicate in file'],
    ]);
    // Each reason is the service's own sentence, shown as it came.
    expect(await result.locator('tbody tr').first().locator('td').nth(2).textContent()).not.toBe('');
    // The good rows are listed below, newest first.
    await expect
      .poll(() => page.locator('#candidates-title ~ .table-wrap tbody tr td:first-child').allTextContents())
      .toEqual(['Eve Stone', 'Ana Park']);
    await checkPage(page, 'job-import', problems);
  }, 60_000);

  it('calls a candidate now, and starts, pauses, resumes and stops the campaign (the engine is off: nothing is dialled)', async () => {
    const job = await w.t.admin('POST', '/jobs', { title: 'Porter', company: 'Hotel', timezone: 'America/New_York' });
    const jobId = job.body.id as number;
    await w.t.admin('POST', `/jobs/${jobId}/slots`, { slots: [{ start: '2026-12-01T09:00' }] });
    await w.t.admin('POST', `/jobs/${jobId}/candidates`, {
      candidates: [
        { name: 'Ana Park', phone: '+13105550201' },
        { name: 'Ben Ortiz', phone: '+13105550202' },
      ],
    });
    const { page, problems } = await w.page('recruiter');
    await quietFavicon(page);
    page.setDefaultTimeout(15_000);
    await page.goto(w.at(`/jobs/${jobId}`));
    await page.getByRole('button', { name: 'Call now: Ana Park' }).click();
    const notice = page.getByText('Calling Ana Park.');
    await notice.waitFor();
    const callLink = await page.getByRole('link', { name: 'Open the call' }).getAttribute('href');
    const callSid = decodeURIComponent(callLink?.split('/').pop() ?? '');
    expect((await w.t.admin('GET', `/conversations/${callSid}`)).body.candidate_name).toBe('Ana Park');

    const status = page.getByTestId('campaign-status');
    const campaign = async () => (await w.t.admin('GET', `/jobs/${jobId}/campaign`)).body.status;
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await status.getByText('Running').waitFor();
    expect(await campaign()).toBe('running');
    await page.getByRole('button', { name: 'Pause' }).click();
    await status.getByText('Paused').waitFor();
    expect(await campaign()).toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await status.getByText('Running').waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await status.getByText('Stopped').waitFor();
    expect(await campaign()).toBe('stopped');
    await page.getByRole('button', { name: 'Start again' }).waitFor();
    expect(problems).toEqual([]);
  }, 60_000);
});
