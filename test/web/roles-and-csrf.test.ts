import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRequest } from '../helpers/app.js';
import { quietFavicon } from './pages-support.js';
import { startWebApp, type WebApp } from './support.js';

/** Buttons a viewer may see: they move around or filter, and change nothing. */
const HARMLESS = new Set(['Previous week', 'Next week', 'Search', 'Show more', 'Show older', 'Try again', 'Sign out']);

/** A viewer changes nothing (no control in the page, a 403 from the API); a request without the session's CSRF token is refused. */
describe('roles and CSRF in the dashboard', () => {
  let w: WebApp;
  let jobId: number;
  beforeAll(async () => {
    w = await startWebApp();
    const job = await w.t.admin('POST', '/jobs', { title: 'Welder', company: 'Forge', timezone: 'America/New_York' });
    jobId = job.body.id as number;
    await w.t.admin('POST', `/jobs/${jobId}/slots`, { slots: [{ start: '2026-12-01T09:00' }] });
    await w.t.admin('POST', `/jobs/${jobId}/candidates`, { candidates: [{ name: 'Ana Park', phone: '+13105550101' }] });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('shows a viewer no button that changes anything, and hides the pages they may not use', async () => {
    const { page, problems } = await w.page('viewer');
    await quietFavicon(page);
    page.setDefaultTimeout(15_000);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const buttons = () => page.locator('body button').allTextContents();
    const pages: Array<[string, () => Promise<void>]> = [
      ['/jobs', () => page.getByRole('link', { name: 'Welder' }).waitFor()],
      [`/jobs/${jobId}`, () => page.getByText('Ana Park').waitFor()],
      ['/people', () => page.getByText('Nobody is on the list').waitFor()],
      ['/live', () => page.getByText('No call in progress').waitFor()],
      // Opened by address: the pages a viewer may not use say so, with no control in them.
      ['/try-call', () => page.getByText('This page needs the recruiter role').waitFor()],
      ['/admin/users', () => page.getByText('This page needs the admin role').waitFor()],
    ];
    for (const [path, ready] of pages) {
      await page.goto(w.at(path));
      await ready();
      await page.locator('.loading').waitFor({ state: 'detached' });
      const texts = (await buttons()).map((t) => t.replace(/[←→]/g, '').trim());
      expect(
        texts.filter((t) => !HARMLESS.has(t)),
        path,
      ).toEqual([]);
    }
    // The job page still shows what a viewer may read: the campaign's state, the week, the candidates (phones masked).
    await page.goto(w.at(`/jobs/${jobId}`));
    await page.getByText('Ana Park').waitFor();
    expect(await page.getByTestId('campaign-status').textContent()).toBe('Not started');
    expect(await page.locator('#candidates-title ~ .table-wrap').textContent()).not.toContain('+13105550101');
    expect(await nav.getByRole('link').allTextContents()).not.toEqual(expect.arrayContaining(['Try a call']));
    for (const hidden of ['Try a call', 'Users', 'Audit']) expect(await nav.getByRole('link', { name: hidden }).count(), hidden).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it("refuses a viewer's forced API call with 403, their CSRF token notwithstanding", async () => {
    const { page } = await w.page('viewer');
    await quietFavicon(page);
    await page.goto(w.at('/jobs'));
    await page.getByRole('link', { name: 'Welder' }).waitFor();
    const answers = await page.evaluate(async (id) => {
      const me = (await (await fetch('/auth/me')).json()) as { csrf_token: string };
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token };
      const send = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
      };
      return [
        await send('POST', '/jobs', { title: 'Forced', company: 'Nope' }),
        await send('POST', `/jobs/${id}/campaign`),
        await send('DELETE', '/candidates/1'),
        await send('POST', '/do-not-call', { phone: '+13105550199' }),
      ];
    }, jobId);
    expect(answers).toEqual([
      [403, 'forbidden'],
      [403, 'forbidden'],
      [403, 'forbidden'],
      [403, 'forbidden'],
    ]);
    const jobs = (await w.t.admin('GET', '/jobs')).body.items as Array<{ title: string }>;
    expect(jobs.map((j) => j.title)).not.toContain('Forced');
    expect((await w.t.admin('GET', `/jobs/${jobId}/campaign`)).body.status).toBeNull();
  });

  it('refuses a change sent with the session cookie but without the CSRF token, or from a foreign origin', async () => {
    const { page, user } = await w.page('recruiter');
    await quietFavicon(page);
    await page.goto(w.at('/jobs'));
    await page.getByRole('link', { name: 'Welder' }).waitFor();
    // The browser sends the cookie (same origin) but the script did not add the token.
    const inPage = await page.evaluate(async () => {
      const res = await fetch('/jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title":"A","company":"B"}',
      });
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    });
    expect(inPage).toEqual([403, 'csrf_failed']);
    // The right token, but the request names another site as its origin.
    const foreign = await fetch(`${w.t.url}/jobs`, {
      method: 'POST',
      headers: { cookie: user.cookie, 'x-csrf-token': user.csrf, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'C', company: 'D' }),
    });
    expect([foreign.status, ((await foreign.json()) as { error: { code: string } }).error.code]).toEqual([403, 'csrf_failed']);
    // The same, with the token: accepted (the refusals above were for the token and the origin alone).
    expect((await userRequest(w.t, user, 'POST', '/jobs', { title: 'E', company: 'F' })).status).toBe(201);

    // A form on another site posting to the service in the signed-in browser: refused, nothing created.
    const evil = await attackerSite(`${w.t.url}/jobs/${jobId}/campaign`);
    try {
      const refused = page.waitForResponse((r) => r.url().endsWith(`/jobs/${jobId}/campaign`));
      await page.goto(evil.url);
      await page.getByRole('button', { name: 'Win a prize' }).click();
      // The service's own cookie is SameSite=Strict; the one this test gives the browser has no SameSite, so Chromium
      // sends it with the foreign form (its Lax-plus-POST grace): the token is what refuses the change.
      const answer = await refused;
      expect([answer.status(), ((await answer.json()) as { error: { code: string } }).error.code]).toEqual([403, 'csrf_failed']);
    } finally {
      await new Promise((resolve) => evil.server.close(resolve));
    }
    expect((await w.t.admin('GET', `/jobs/${jobId}/campaign`)).body.status).toBeNull();
    const titles = ((await w.t.admin('GET', '/jobs')).body.items as Array<{ title: string }>).map((j) => j.title);
    expect(titles).not.toContain('A');
    expect(titles).not.toContain('C');
  }, 60_000);
});

/** A page on another origin (localhost, not 127.0.0.1) with a form that posts to `target`. */
async function attackerSite(target: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>Prize</title><form method="post" action="${target}"><button>Win a prize</button></form>`);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}/` };
}
