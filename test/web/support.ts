import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../src/core/auth/roles.js';
import { signIn, startApp, type SignedIn, type StartOptions, type TestApp } from '../helpers/app.js';

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
export type Size = typeof DESKTOP;

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
  passes: unknown[];
}

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
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
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
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems };
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

let axeSource: string | undefined;

/** axe-core evaluated in the page (CDP evaluation, not a script tag: the CSP forbids inline scripts, rightly). */
export async function seriousViolations(page: Page): Promise<AxeResult['violations']> {
  axeSource ??= await readFile(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(): Promise<AxeResult> } };
    return w.axe.run();
  });
  expect(result.passes.length).toBeGreaterThan(10); // axe really ran over the page
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
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
