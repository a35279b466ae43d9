import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { countInFlight } from '../../src/db/attempt-queries.repo.js';
import { AUTH_TOKEN, FIXED_NOW, startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, freshDatabase, type FreshDatabase, type TestDialect } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import { attemptsOf, campaignJob, campaignStatus, startCampaign, statusOf, until, type SimulatedCandidate } from './dispatch-support.js';
import { uniquePrefix } from './redis-support.js';

/**
 * The same campaign run to its end by each engine: simulated candidates with a mix of behaviours, the clock fast
 * (the waits of minutes and a call back "tomorrow at 3" pass in seconds), at most MAX_CONCURRENT_CALLS on the line.
 */
interface EngineCase {
  engine: 'embedded' | 'redis';
  dialects: TestDialect[];
  /** Settings that pick the engine (a fresh one per app: e.g. a Redis prefix of its own). */
  env(): Record<string, string>;
}

const ENGINES: EngineCase[] = [
  { engine: 'embedded', dialects: DIALECTS, env: () => ({}) },
  { engine: 'redis', dialects: ['postgres'], env: () => ({ REDIS_URL: 'redis://127.0.0.1:6379', CAMPAIGN_QUEUE_PREFIX: uniquePrefix() }) },
];

const CASES = ENGINES.flatMap((e) => e.dialects.map((dialect) => ({ ...e, dialect, label: `${e.engine} on ${dialect}` })));

const MAX_CONCURRENT = 2;
/** 5,000 simulated seconds a real second: an hour in 0.72 s, a day in about 17 s. */
const SPEED = 5_000;
/** 8 PM in New York: "tomorrow at 3" is 19 hours (14 real seconds) ahead. */
const EVENING = new Date('2026-11-25T01:00:00Z');
/** Long enough for a loaded machine (both dialects and engines share two cores with other suites). */
const TIMEOUT = 120_000;

const settings = (engine: EngineCase, epoch: Date): Record<string, string> => ({
  ...engine.env(),
  MAX_CONCURRENT_CALLS: String(MAX_CONCURRENT),
  TWILIO_CPS: '50',
  CAMPAIGN_LEASE_SECONDS: '1',
  CLOCK_SPEED: String(SPEED),
  CLOCK_EPOCH: epoch.toISOString(),
});

const NY = 'America/New_York';
const CANDIDATES: SimulatedCandidate[] = [
  { name: 'Ana Books', phone: '+13105550401' },
  { name: 'Ben Later', phone: '+13105550402', simulate: { attempts: [{ result: 'no-answer' }] } },
  { name: 'Cal Busy', phone: '+13105550403', simulate: { attempts: [{ result: 'busy' }, { result: 'busy' }, { result: 'busy' }] } },
  {
    name: 'Dee Declines',
    phone: '+13105550404',
    simulate: { attempts: [{ result: 'answered', replies: ["no thanks, I'm not interested anymore"] }] },
  },
  {
    name: 'Eve Tomorrow',
    phone: '+13105550405',
    timezone: NY,
    simulate: { attempts: [{ result: 'answered', replies: ['call me tomorrow at 3'] }] },
  },
  { name: 'Fin Voicemail', phone: '+13105550406', simulate: { attempts: [{ result: 'voicemail' }] } },
];

/** Final statuses, and the attempts' results in order. */
const EXPECTED: Record<string, { status: string; results: string[] }> = {
  'Ana Books': { status: 'scheduled', results: ['scheduled'] },
  'Ben Later': { status: 'scheduled', results: ['no_answer', 'scheduled'] },
  'Cal Busy': { status: 'unreachable', results: ['busy', 'busy', 'busy'] },
  'Dee Declines': { status: 'declined', results: ['declined'] },
  'Eve Tomorrow': { status: 'scheduled', results: ['callback', 'scheduled'] },
  'Fin Voicemail': { status: 'scheduled', results: ['voicemail', 'scheduled'] },
};

describe.each(CASES)('campaign engine: $label', (engine) => {
  const opened: TestApp[] = [];
  const databases: FreshDatabase[] = [];
  afterAll(async () => {
    for (const t of opened) await t.close();
    for (const d of databases) await d.drop();
  });

  const open = async (database: FreshDatabase, epoch: Date) => {
    const t = await startApp({ dialect: engine.dialect, database, now: 'service', campaigns: true, env: settings(engine, epoch) });
    opened.push(t);
    return t;
  };

  /** Samples the attempts on the line across the database every few ms while `run` runs; the highest seen. */
  const sampling = (t: TestApp) => {
    let max = 0;
    let on = true;
    const loop = (async () => {
      while (on) {
        max = Math.max(max, await countInFlight(t.deps.database.db));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    return async () => {
      on = false;
      await loop;
      return max;
    };
  };

  /** Every attempt that reached the telephony has exactly one conversation, and no call is shared. */
  const dialledOnce = async (t: TestApp, jobId: number) => {
    const db = t.deps.database.db;
    const attempts = await db.selectFrom('call_attempts').selectAll().where('job_id', '=', jobId).execute();
    const sessions = await db.selectFrom('conversation_sessions').select(['call_sid', 'attempt_id']).where('job_id', '=', jobId).execute();
    const byAttempt = new Map<number, number>();
    for (const s of sessions) byAttempt.set(s.attempt_id ?? -1, (byAttempt.get(s.attempt_id ?? -1) ?? 0) + 1);
    for (const a of attempts) {
      expect({ attempt: a.id, state: a.state, calls: byAttempt.get(a.id) ?? 0 }).toEqual({ attempt: a.id, state: 'done', calls: 1 });
      expect(a.conversation_id).not.toBeNull();
    }
    expect(byAttempt.get(-1)).toBeUndefined();
  };

  it(
    'runs a campaign of every branch to its end: each attempt dialled once, never more than the limit on the line',
    async () => {
      const database = await freshDatabase(engine.dialect);
      databases.push(database);
      const t = await open(database, EVENING);
      // Seats enough for all: two calls offered the same first slot at once would otherwise race for it (a fair outcome,
      // but not this test's subject).
      const { jobId, ids } = await campaignJob(t, { candidates: CANDIDATES, maxAttempts: 3, retryMinutes: [30, 60], capacity: 10 });
      const stop = sampling(t);
      await startCampaign(t, jobId);
      await until(
        async () => (await campaignStatus(t, jobId))?.status === 'finished',
        TIMEOUT - 20_000,
        async () => JSON.stringify(await t.deps.database.db.selectFrom('call_attempts').selectAll().where('job_id', '=', jobId).execute()),
      );
      expect(await stop()).toBeLessThanOrEqual(MAX_CONCURRENT);

      for (const [name, expected] of Object.entries(EXPECTED)) {
        const id = ids.get(name) ?? 0;
        const attempts = await attemptsOf(t, id);
        expect({ name, status: await statusOf(t, id), results: attempts.map((a) => a.result) }).toEqual({ name, ...expected });
      }
      await dialledOnce(t, jobId);

      // Eve asked for tomorrow at 3: the call back was stored on her turn, and her next attempt was due then, as a call
      // back: 3 PM in her zone, the day after the call.
      const eve = ids.get('Eve Tomorrow') ?? 0;
      const [eveFirst, eveBack] = await attemptsOf(t, eve);
      const turn = await t.deps.database.db
        .selectFrom('conversation_turns')
        .select(['callback_at', 'timestamp'])
        .where('call_sid', '=', eveFirst?.conversation_id ?? '')
        .where('callback_at', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(eveBack).toMatchObject({ reason: 'callback', due_at: new Date(turn.callback_at ?? '').toISOString() });
      const local = (iso: string) => DateTime.fromISO(iso, { zone: NY });
      expect(local(eveBack?.due_at ?? '').toFormat('HH:mm')).toBe('15:00');
      expect(local(eveBack?.due_at ?? '').toISODate()).toBe(local(turn.timestamp).plus({ days: 1 }).toISODate());
      // Ben's retry waited the first wait (30 simulated minutes) after his first call ended.
      const [benFirst, benRetry] = await attemptsOf(t, ids.get('Ben Later') ?? 0);
      expect(Date.parse(benRetry?.due_at ?? '') - Date.parse(benFirst?.ended_at ?? '')).toBe(30 * 60_000);
      expect(benRetry?.reason).toBe('retry');
      // No slot was booked twice.
      const seats = await t.deps.database.db.selectFrom('slots').select(['booked_count', 'capacity']).where('job_id', '=', jobId).execute();
      for (const seat of seats) expect(seat.booked_count).toBeLessThanOrEqual(seat.capacity);
    },
    TIMEOUT,
  );

  it(
    'a restart mid-campaign loses no attempt and dials none twice',
    async () => {
      const database = await freshDatabase(engine.dialect);
      databases.push(database);
      const first = await open(database, FIXED_NOW);
      const candidates: SimulatedCandidate[] = Array.from({ length: 6 }, (_, i) => ({
        name: `Restart ${i}`,
        phone: `+1310555050${i}`,
        simulate: { attempts: [{ result: 'no-answer' }] },
      }));
      const { jobId, ids } = await campaignJob(first, { candidates, maxAttempts: 2, retryMinutes: [120], capacity: 10 });
      await startCampaign(first, jobId);
      // Some calls placed, some not yet: then the service stops (calls on the line are cut off with it).
      await until(
        async () =>
          (await first.deps.database.db.selectFrom('conversation_sessions').select('call_sid').where('job_id', '=', jobId).execute())
            .length >= 2,
        10_000,
        () => 'no call placed',
      );
      await first.deps.campaigns.close();
      const left = await first.deps.database.db.selectFrom('call_attempts').select('id').where('state', '!=', 'done').execute();
      expect(left.length).toBeGreaterThan(0);
      const stoppedAt = first.deps.now();
      // As main.ts does: idle keep-alive sockets (the simulator's) would hold the close open for keepAliveTimeout.
      const reaper = setInterval(() => first.app.server.closeIdleConnections(), 50);
      await first.close().finally(() => clearInterval(reaper));
      opened.splice(opened.indexOf(first), 1);

      const second = await open(database, stoppedAt);
      await until(
        async () => (await campaignStatus(second, jobId))?.status === 'finished',
        TIMEOUT - 30_000,
        async () =>
          JSON.stringify(await second.deps.database.db.selectFrom('call_attempts').selectAll().where('job_id', '=', jobId).execute()),
      );
      await dialledOnce(second, jobId);
      for (const id of ids.values()) {
        const attempts = await attemptsOf(second, id);
        // Every candidate had both attempts (a call cut off by the stop counts as one: 'lost', then retried).
        const sessions = await second.deps.database.db
          .selectFrom('conversation_sessions')
          .selectAll()
          .where('candidate_id', '=', id)
          .execute();
        expect({ attempts, sessions, status: await statusOf(second, id) }).toMatchObject({
          attempts: [{ number: 1 }, { number: 2 }],
          status: 'scheduled',
        });
      }
    },
    TIMEOUT,
  );

  it(
    "keeps Twilio's limits against a fake Twilio: starts spaced by TWILIO_CPS, never more calls live than the limit",
    async () => {
      const fake = await startFakeTwilio(AUTH_TOKEN);
      try {
        fake.behave({ kind: 'ok', play: true, replies: ['the first one', 'yes'], ringMs: 150 });
        const database = await freshDatabase(engine.dialect);
        databases.push(database);
        // A calling window of the whole day: these are real phones as far as the service knows.
        const env = { ...settings(engine, FIXED_NOW), ...twilioEnv(fake.url, `AC${'2'.repeat(32)}`, AUTH_TOKEN), TWILIO_CPS: '4' };
        const t = await startApp({ dialect: engine.dialect, database, now: 'service', env });
        opened.push(t);
        t.deps.webhookBase.url = t.url;
        await t.deps.campaigns.start();
        const candidates = Array.from({ length: 8 }, (_, i) => ({ name: `Real ${i}`, phone: `+1310555060${i}`, timezone: NY }));
        const { jobId, ids } = await campaignJob(t, { candidates, maxAttempts: 1, capacity: 10 });
        await startCampaign(t, jobId);
        await until(
          async () => (await campaignStatus(t, jobId))?.status === 'finished',
          TIMEOUT - 20_000,
          () => 'not finished',
        );
        await fake.idle();
        for (const id of ids.values()) expect(await statusOf(t, id)).toBe('scheduled');
        expect(fake.calls).toHaveLength(8);
        // Twilio's own timestamps: at most 4 creates in any second, at most MAX_CONCURRENT calls live at once.
        const times = fake.calls.map((c) => c.createdAt).sort((a, b) => a - b);
        for (let i = 4; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 4] ?? 0)).toBeGreaterThanOrEqual(1000);
        const lines = fake.calls.map((c) => ({ start: c.createdAt, end: c.live?.endTime?.getTime() ?? Number.POSITIVE_INFINITY }));
        const overlap = (at: number) => lines.filter((l) => l.start <= at && l.end > at).length;
        expect(Math.max(...lines.map((l) => overlap(l.start)))).toBeLessThanOrEqual(MAX_CONCURRENT);
        await dialledOnce(t, jobId);
      } finally {
        await fake.close();
      }
    },
    TIMEOUT,
  );
});
