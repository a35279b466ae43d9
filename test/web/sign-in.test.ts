import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.js';
import { checkPage, PHONE, startWebApp, type WebApp } from './support.js';

/** Signing in and out of the web app: the form, a wrong password, the one-time link, choosing a password. */
describe('signing in to the web app', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('asks for a sign-in at any app address, refuses a wrong password, then shows that page; sign-out ends the session', async () => {
    const password = 'correct horse battery staple';
    await createUser(w.t.deps, { email: 'Robin@Example.test', role: 'recruiter', password });
    const { page, problems } = await w.anonymous();
    await page.goto(w.at('/calls'));
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // The 401 of /auth/me is how the app learns nobody is signed in: the only console error allowed here.
    problems.splice(0);
    await checkPage(page, 'sign-in', problems);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByLabel('Email').fill('robin@example.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
    problems.splice(0); // the refused login's 401

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/calls');
    expect(await page.getByRole('banner').textContent()).toContain('robin@example.test');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'ic_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const me = await page.request.get(`${w.t.url}/auth/me`);
    expect(me.status()).toBe(401);
    problems.splice(0);
    expect(problems).toEqual([]);
  });

  it('signs in with a one-time link at /app/, asks for a password, which then signs in', async () => {
    const created = await w.t.admin('POST', '/users', { email: 'casey@example.test', role: 'viewer' });
    expect(created.status).toBe(201);
    const link = String((created.body as { sign_in_link: string }).sign_in_link);
    const { page, problems } = await w.anonymous(PHONE);
    await page.goto(link.replace(/^https?:\/\/[^/]+/, w.t.url));
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/');

    const prompt = page.getByRole('region', { name: 'Choose a password' });
    await prompt.waitFor();
    await checkPage(page, 'set-password-prompt', problems);
    await prompt.getByLabel('New password').fill('a long enough new password');
    await prompt.getByRole('button', { name: 'Save password' }).click();
    await prompt.waitFor({ state: 'detached' });

    // The account page: who they are, and the password form (now asking for the current one too).
    await page.getByRole('link', { name: 'casey@example.test' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Viewer');
    await checkPage(page, 'account', problems);

    // The link is spent: a second visit is refused with a page, and the password now signs in.
    const again = await page.request.get(link.replace(/^https?:\/\/[^/]+/, w.t.url), { maxRedirects: 0 });
    expect(again.status()).toBe(410);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('casey@example.test');
    await page.getByLabel('Password').fill('a long enough new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor(); // back where they signed out
  });
});
