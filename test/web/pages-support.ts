import type { Page } from 'playwright-core';

/**
 * The browser asks for /favicon.ico by itself and logs the 404 as a console error (the app has no icon): answered
 * empty here so that `checkPage`'s "no console error" speaks of the page under test only.
 */
export async function quietFavicon(page: Page): Promise<Page> {
  await page.context().route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
  return page;
}
