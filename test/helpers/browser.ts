import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where browser tests write their screenshots (not committed: looked at, then thrown away). */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
export type Size = typeof DESKTOP;

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
  passes: unknown[];
}

/** Debian's Chromium through playwright-core (no browser download works here), headless; the screenshot folder made. */
export async function launchChromium(): Promise<Browser> {
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
  return browser;
}

/** Records a page's console errors and page errors (a CSP refusal shows there) into `problems`. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
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
