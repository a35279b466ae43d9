import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonBody } from '../helpers/json.js';
import { quietFavicon } from './pages-support.js';
import { checkPage, startWebApp, type WebApp } from './support.js';

/** The softphone, the people page and the admin pages, in a real browser. */
describe('try a call, people and admin pages', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('books a slot on the try-a-call softphone by typed replies, and links to the call', async () => {
    const { page, problems } = await w.page('recruiter');
    await quietFavicon(page);
    page.setDefaultTimeout(15_000);
    await page.goto(w.at('/try-call'));
    await page.getByRole('button', { name: 'Start the call' }).waitFor();
    await checkPage(page, 'try-call-start', problems);
    await page.setViewportSize({ width: 1280, height: 800 });
    // No sound in a test: the caller's words are shown either way.
    await page.getByLabel("Speak the caller's words").uncheck();
    await page.getByRole('button', { name: 'Start the call' }).click();
    const transcript = page.getByTestId('transcript');
    await transcript.getByText(/Hello Alex/).waitFor();

    const reply = page.getByLabel('Your reply');
    await reply.fill('tuesday works for me');
    await page.getByRole('button', { name: 'Say it' }).click();
    await transcript.getByText(/Just to confirm/).waitFor();
    await checkPage(page, 'try-call-talking', problems);
    await page.setViewportSize({ width: 1280, height: 800 });
    await reply.fill('yes that is right');
    await page.getByRole('button', { name: 'Say it' }).click();

    const outcome = page.getByTestId('try-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/Call ended: Scheduled — booked for .+\./);
    expect(await transcript.locator('.bubble.you').allTextContents()).toEqual(['Youtuesday works for me', 'Youyes that is right']);
    const link = outcome.getByRole('link', { name: "Open the call's page" });
    const callSid = decodeURIComponent((await link.getAttribute('href'))?.split('/').pop() ?? '');
    const stored = (await w.t.admin('GET', `/conversations/${callSid}`)).body;
    expect(stored).toMatchObject({ outcome: 'scheduled', status: 'completed' });
    expect((stored.turns as JsonBody[]).map((t) => t.user_input)).toEqual([null, 'tuesday works for me', 'yes that is right']);
    await checkPage(page, 'try-call-ended', problems);
  }, 60_000);

  it('shows a call in progress on the Live page with its latest turn, updated as the call goes on', async () => {
    const { page, problems } = await w.page('viewer');
    await quietFavicon(page);
    page.setDefaultTimeout(15_000);
    await page.goto(w.at('/live'));
    await page.getByText('Connected').waitFor();
    // A job of its own: the softphone test may have taken the default job's Tuesday already.
    const job = await w.t.admin('POST', '/jobs', { title: 'Courier', company: 'Bikes', timezone: 'America/New_York' });
    await w.t.admin('POST', `/jobs/${job.body.id as number}/slots`, { slots: [{ start: '2026-12-01T10:00' }] });
    const started = (await w.t.admin('POST', '/try-call', { job_id: job.body.id })).body as { call_sid: string };
    const card = page.locator('.live-call').filter({ hasText: 'Alex (try-a-call)' });
    await card.getByText(/Hello Alex/).waitFor();
    expect(await page.getByTestId('live-count').textContent()).toBe('1');

    await w.t.admin('POST', `/try-call/${started.call_sid}/reply`, { text: 'tuesday works for me' });
    await card.getByText('tuesday works for me').waitFor();
    await card.getByText(/Just to confirm/).waitFor();
    await checkPage(page, 'live-in-progress', problems);

    await w.t.admin('POST', `/try-call/${started.call_sid}/reply`, { text: 'yes' });
    await page.getByText('No call in progress').waitFor();
    const ended = page.getByTestId('live-ended').locator('li');
    expect(await ended.allTextContents()).toEqual([expect.stringMatching(/^Alex \(try-a-call\) Scheduled /)]);
  }, 60_000);

  it('adds and removes a do-not-call number, and erases a candidate only after the confirmation step', async () => {
    const job = await w.t.admin('POST', '/jobs', { title: 'Driver', company: 'Vans', timezone: 'America/New_York' });
    const jobId = job.body.id as number;
    await w.t.admin('POST', `/jobs/${jobId}/candidates`, { candidates: [{ name: 'Zoe Quinn', phone: '+13105550777' }] });
    const candidateId = ((await w.t.admin('GET', `/jobs/${jobId}/candidates`)).body.items as JsonBody[])[0]?.id as number;

    const { page, problems } = await w.page('recruiter');
    await quietFavicon(page);
    page.setDefaultTimeout(15_000);
    await page.goto(w.at('/people'));
    await page.getByText('Nobody is on the list').waitFor();
    await page.getByLabel('Number to add').fill('+13105550999');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Added to the list.').waitFor();
    await page.getByRole('table', { name: 'Numbers on the do-not-call list' }).locator('tbody tr').waitFor();
    expect(((await w.t.admin('GET', '/do-not-call')).body.items as unknown[]).length).toBe(1);

    await page.getByLabel('Candidate id or phone number').fill(String(candidateId));
    await page.getByRole('button', { name: 'Find' }).click();
    const confirm = page.getByRole('region', { name: 'Confirm the erasure' });
    await confirm.getByText('Zoe Quinn').waitFor();
    await checkPage(page, 'people', problems);
    await page.setViewportSize({ width: 1280, height: 800 });
    // Nothing is erased before the second step.
    expect(await confirm.getByRole('button', { name: 'Erase for good' }).isDisabled()).toBe(true);
    expect((await w.t.admin('GET', `/candidates/${candidateId}`)).status).toBe(200);
    await confirm.getByLabel('I understand this cannot be undone').check();
    await confirm.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByText(/^Erased: 1 candidate record/).waitFor();
    expect((await w.t.admin('GET', `/candidates/${candidateId}`)).status).toBe(404);

    await page.getByLabel('Number to take off').fill('+13105550999');
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('Taken off the list.').waitFor();
    await page.getByText('Nobody is on the list').waitFor();
    expect(problems).toEqual([]);
  }, 60_000);

  it('lets an admin add a person (their sign-in link shown), change a role and disable them; the audit log lists it', async () => {
    const recruiter = await w.page('recruiter');
    await quietFavicon(recruiter.page);
    await recruiter.page.goto(w.at('/'));
    const recruiterNav = recruiter.page.getByRole('navigation', { name: 'Main' });
    await recruiterNav.getByRole('link', { name: 'Jobs' }).waitFor();
    expect(await recruiterNav.getByRole('link', { name: 'Users' }).count()).toBe(0);

    const { page, problems } = await w.page('admin');
    await quietFavicon(page);
    page.setDefaultTimeout(15_000);
    await page.goto(w.at('/'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Email').fill('new.person@example.test');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add and make a sign-in link' }).click();
    const link = page.getByTestId('sign-in-link');
    await link.waitFor();
    expect(await link.textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/link\/\S+$/);
    const row = page.getByRole('row', { name: /new\.person@example\.test/ });
    await row.getByText('No password yet').waitFor();

    await page.getByLabel('Role of new.person@example.test').selectOption('recruiter');
    await expect
      .poll(
        async () => ((await w.t.admin('GET', '/users')).body.items as JsonBody[]).find((u) => u.email === 'new.person@example.test')?.role,
      )
      .toBe('recruiter');
    await row.getByRole('button', { name: 'Disable new.person@example.test' }).click();
    await row.getByText('Disabled').waitFor();
    const stored = ((await w.t.admin('GET', '/users')).body.items as JsonBody[]).find((u) => u.email === 'new.person@example.test');
    expect(stored).toMatchObject({ role: 'recruiter', disabled: true });
    await checkPage(page, 'users', problems);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const actions = page.getByRole('table', { name: 'Audit log' }).locator('tbody tr td:nth-child(2)');
    await actions.first().waitFor();
    expect(await actions.allTextContents()).toEqual(expect.arrayContaining(['users.create', 'users.update', 'DELETE /candidates/:id']));
    await checkPage(page, 'audit', problems);
  }, 60_000);
});
