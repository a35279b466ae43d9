import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../src/core/auth/roles.js';
import { signIn, startApp, type SignedIn, type StartOptions, type TestApp } from '../helpers/app.js';

import { collectProblems, DESKTOP, launchChromium, PHONE, SCREENSHOTS, seriousViolations, type Size } from '../helpers/browser.js';

export { DESKTOP, PHONE, SCREENSHOTS, seriousViolations, type Size };

export interface WebApp {
  t: TestApp;
  browser: Browser;
  /** A browser page signed in as a new user with `role` (its own context: cookies are not shared between pages). */
  page(role: Role, size?: Size): Promise<{ page: Page; user: SignedIn; problems: string[] }>;
  /** A page with no session (the sign-in form). */
  anonymous(size?: Size): Promise<{ page: Page; problems: string[] }>;
  /** The app's URL for an app path: `at('/calls')` → http://127.0.0.1:port/app/calls. */
  at(path: string): string;
  close(): Promise<void>;
}

/**
 * The service (SQLite: page rendering does not depend on the dialect, the API suites run on both) and Debian's
 * Chromium through playwright-core. Every page collects console errors and page errors (a CSP refusal shows there).
 */
export async function startWebApp(options: Partial<StartOptions> = {}): Promise<WebApp> {
  const t = await startApp({ dialect: 'sqlite', ...options });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const open = async (size: Size, cookie?: string) => {
    const context = await browser.newContext({ viewport: size, baseURL: t.url });
    contexts.push(context);
    if (cookie !== undefined) {
      const [name, ...value] = cookie.split('=');
      await context.addCookies([{ name: name ?? '', value: value.join('='), url: t.url }]);
    }
    const page = await context.newPage();
    // Well inside the test's own timeout, so a missing element fails with its locator named.
    page.setDefaultTimeout(10_000);
    return { page, problems: collectProblems(page) };
  };
  return {
    t,
    browser,
    async page(role, size = DESKTOP) {
      const user = await signIn(t, role);
      return { ...(await open(size, user.cookie)), user };
    },
    anonymous: (size = DESKTOP) => open(size),
    at: (path) => `${t.url}/app${path === '/' ? '/' : path}`,
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/**
 * The page as it stands, at desktop then phone width: no serious or critical axe violation, no sideways scrolling on
 * a phone, no console error; screenshots to test-results/screenshots/<name>-desktop.png and -phone.png.
 * `ready` is awaited after each resize (e.g. a chart redrawn).
 */
export async function checkPage(page: Page, name: string, problems: string[], ready?: () => Promise<void>): Promise<void> {
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await ready?.();
    await page.waitForTimeout(150); // a resize observer's redraw
    expect(await seriousViolations(page), `${name} at ${label}`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways at ${label}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  expect(problems).toEqual([]);
}
