import { afterEach, describe, expect, it } from 'vitest';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import {
  REDIS_URL,
  createCampaignJob,
  deleteKeys,
  maxInCalendarSecond,
  maxInWindow,
  maxOverlap,
  phones,
  uniquePrefix,
  waitFinished,
} from './redis-support.js';

const ACCOUNT = `AC${'e'.repeat(32)}`;
const TOKEN = 'redis-engine-twilio-token';

/** Twilio's side: every call rings for `ringMs` and is not answered (Twilio's own records measure the limits). */
async function startLines(ringMs: number) {
  const fake = await startFakeTwilio(TOKEN);
  fake.script(() => ({ result: 'no-answer', ringMs }));
  const lines = () =>
    fake.calls.map((c) => ({
      to: c.to,
      host: new URL(String(c.form.Url)).host,
      created: c.createdAt,
      ended: c.live?.endTime?.getTime(),
    }));
  return { fake, lines };
}

/**
 * What only the Redis engine has: BullMQ's limiter and global concurrency, held across two instances (two apps on one
 * PostgreSQL database and one Redis prefix), and a queue that can lose its keys without losing an attempt.
 * Each test uses its own prefix; nothing else in this Redis is touched.
 */
describe('the Redis campaign engine (PostgreSQL, two instances)', () => {
  let apps: TestApp[] = [];
  let database: FreshDatabase | undefined;
  let lines: Awaited<ReturnType<typeof startLines>> | undefined;
  let prefix = '';
  afterEach(async () => {
    for (const t of apps) await t.close();
    await lines?.fake.close();
    await database?.drop();
    if (prefix !== '') await deleteKeys(prefix);
    apps = [];
    database = lines = undefined;
    prefix = '';
  });

  async function startInstances(count: number, env: Record<string, string>): Promise<TestApp[]> {
    if (lines === undefined) throw new Error('start the lines first');
    database = await freshDatabase('postgres');
    prefix = uniquePrefix();
    for (let i = 0; i < count; i++) {
      const t = await startApp({
        dialect: 'postgres',
        database,
        now: () => new Date(),
        env: {
          ...twilioEnv(lines.fake.url, ACCOUNT, TOKEN),
          REDIS_URL,
          CAMPAIGN_QUEUE_PREFIX: prefix,
          CAMPAIGN_LEASE_SECONDS: '3',
          ...env,
        },
      });
      // Webhooks (and their signatures) point at this instance, as WEBHOOK_BASE_URL would on a real host.
      t.deps.webhookBase.url = t.url;
      await t.deps.campaigns.start();
      apps.push(t);
    }
    return apps;
  }

  it(
    'never starts more than TWILIO_CPS calls in a second, nor holds more than MAX_CONCURRENT_CALLS, across instances',
    { timeout: 60_000 },
    async () => {
      lines = await startLines(1_200);
      const [a, b] = await startInstances(2, { TWILIO_CPS: '2', MAX_CONCURRENT_CALLS: '3' });
      expect(a?.deps.campaigns.kind).toBe('redis');
      const numbers = phones(14);
      const jobId = await createCampaignJob(a!.admin, { candidates: numbers.map((phone, i) => ({ name: `Candidate ${i}`, phone })) });
      const started = await b!.admin('POST', `/jobs/${jobId}/campaign`);
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const progress = await waitFinished(a!.admin, jobId, 30_000, () => JSON.stringify(lines?.lines()));

      const calls = lines.lines();
      expect(calls.map((l) => l.to).sort()).toEqual([...numbers].sort()); // each number dialled once
      const created = calls.map((l) => l.created);
      const perSecond = maxInWindow(created, 1000);
      const concurrent = maxOverlap(calls.map((l) => ({ start: l.created, end: l.ended })));
      console.info(
        `redis engine, CPS 2, MAX 3: max ${perSecond} calls started in any 1 s window (${maxInCalendarSecond(created)} in a ` +
          `calendar second), max ${concurrent} in progress; instances: ${[...new Set(calls.map((l) => l.host))].length}`,
      );
      expect(perSecond).toBeLessThanOrEqual(2);
      expect(concurrent).toBeLessThanOrEqual(3);
      expect(lines.fake.maxLive()).toBeLessThanOrEqual(3);
      // The limits bit (else the test proves nothing): three lines were busy at once.
      expect(concurrent).toBe(3);
      // Both instances dialled.
      expect(new Set(calls.map((l) => l.host)).size).toBe(2);
      expect(progress.candidates).toMatchObject({ unreachable: numbers.length, new: 0, calling: 0, callback: 0 });
    },
  );

  it(
    'dials every attempt once when the queue loses its keys mid-campaign: the database poll enqueues them again',
    { timeout: 60_000 },
    async () => {
      lines = await startLines(100);
      const [a] = await startInstances(1, { TWILIO_CPS: '1', MAX_CONCURRENT_CALLS: '5' });
      const numbers = phones(6, 40);
      const jobId = await createCampaignJob(a!.admin, { candidates: numbers.map((phone, i) => ({ name: `Candidate ${i}`, phone })) });
      expect((await a!.admin('POST', `/jobs/${jobId}/campaign`)).status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (lines.fake.calls.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(lines.fake.calls.length).toBeGreaterThan(0);
      // Every job, the rate limiter's window and the global concurrency setting: gone.
      expect(await deleteKeys(prefix)).toBeGreaterThan(0);
      const progress = await waitFinished(a!.admin, jobId, 30_000, () => JSON.stringify(lines?.lines()));
      expect(
        lines
          .lines()
          .map((l) => l.to)
          .sort(),
      ).toEqual([...numbers].sort());
      expect(progress.candidates).toMatchObject({ unreachable: numbers.length, new: 0, calling: 0, callback: 0 });
    },
  );
});
