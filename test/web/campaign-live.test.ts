import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignJob, type SimulatedCandidate } from '../campaigns/dispatch-support.js';
import { quietFavicon } from './pages-support.js';
import { checkPage, startWebApp, type WebApp } from './support.js';

/**
 * 60 simulated seconds a real second: a retry a minute later comes a second later, and a session (12 hours on the
 * service's clock) still outlives the test.
 */
const SPEED = 60;
/** 8 PM in New York, a week before the slots. */
const EPOCH = '2026-11-25T01:00:00Z';

const CANDIDATES: SimulatedCandidate[] = [
  { name: 'Ana Books', phone: '+13105550401', simulate: { attempts: [{ result: 'answered', replies: ['the first one', 'yes'] }] } },
  { name: 'Ben Later', phone: '+13105550402', simulate: { attempts: [{ result: 'no-answer' }] } },
  {
    name: 'Dee Declines',
    phone: '+13105550404',
    simulate: { attempts: [{ result: 'answered', replies: ["no thanks, I'm not interested anymore"] }] },
  },
  { name: 'Cal Busy', phone: '+13105550403', simulate: { attempts: [{ result: 'busy' }, { result: 'busy' }] } },
];

/** A campaign started from the job page runs to its end while the Live page, open beside it, shows each call end. */
describe('starting a campaign and watching it live', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp({
      now: 'service',
      campaigns: true,
      env: { CLOCK_SPEED: String(SPEED), CLOCK_EPOCH: EPOCH, MAX_CONCURRENT_CALLS: '2', TWILIO_CPS: '50', CAMPAIGN_LEASE_SECONDS: '1' },
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('starts from the job page, refreshes the progress and the statuses, and the Live page lists the calls as they end', async () => {
    const { jobId } = await campaignJob(w.t, { candidates: CANDIDATES, maxAttempts: 2, retryMinutes: [1], capacity: 2 });
    const live = await w.page('viewer');
    await quietFavicon(live.page);
    live.page.setDefaultTimeout(20_000);
    await live.page.goto(w.at('/live'));
    await live.page.getByText('Connected').waitFor();

    const { page, problems } = await w.page('recruiter');
    await quietFavicon(page);
    page.setDefaultTimeout(20_000);
    await page.goto(w.at(`/jobs/${jobId}`));
    await page.getByTestId('campaign-status').getByText('Not started').waitFor();
    await page.getByRole('button', { name: 'Start campaign' }).click();
    // The page reads the progress by itself until the campaign ends: no reload here.
    await page.getByTestId('campaign-status').getByText('Finished').waitFor({ timeout: 60_000 });
    // Ana 1, Ben 2 (no answer, then the first slot), Dee 1, Cal 2 (busy twice).
    expect(await page.getByTestId('campaign-done').textContent()).toBe('6');
    const statuses = async () =>
      Object.fromEntries(
        await page
          .locator('#candidates-title ~ .table-wrap tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [tr.children[0]?.textContent, tr.children[2]?.textContent])),
      );
    await expect
      .poll(statuses)
      .toEqual({ 'Ana Books': 'Scheduled', 'Ben Later': 'Scheduled', 'Dee Declines': 'Declined', 'Cal Busy': 'Unreachable' });

    // The week of slots was read again with the progress: the seats taken, and by whom.
    await expect
      .poll(async () => (await page.locator('.booked-names').allTextContents()).join(', ').split(', ').sort())
      .toEqual(['Ana Books', 'Ben Later']);

    // Every call placed was seen to end on the Live page, with its outcome, and none is left on the line.
    const ended = live.page.getByTestId('live-ended').locator('li');
    await expect.poll(() => ended.count()).toBe(6);
    const outcomes = (await ended.locator('.badge').allTextContents()).sort();
    expect(outcomes.filter((o) => o === 'Scheduled')).toHaveLength(2);
    expect(outcomes).toContain('Declined');
    expect(await live.page.getByTestId('live-count').textContent()).toBe('0');
    // Calls nobody answered (no turn, so no name in the event) are named from the stored call.
    await expect
      .poll(async () => (await ended.locator('a').allTextContents()).sort())
      .toEqual(['Ana Books', 'Ben Later', 'Ben Later', 'Cal Busy', 'Cal Busy', 'Dee Declines']);
    await checkPage(live.page, 'live', live.problems);
    await checkPage(page, 'job-campaign', problems);
  }, 120_000);
});
