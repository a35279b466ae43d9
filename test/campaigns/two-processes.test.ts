import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import type { CreatedCall, FakeAttempt } from '../helpers/fake-twilio.js';
import type { LiveCall } from '../../src/adapters/simulator/live-call.js';
import { ACCOUNT, TWILIO_TOKEN, admin, freePort, killService } from '../durability/support.js';
import type { ServiceProcess } from '../durability/support.js';
import {
  REDIS_URL,
  deleteKeys,
  spawnSlowService,
  maxInCalendarSecond,
  maxInWindow,
  maxOverlap,
  phones,
  uniquePrefix,
  waitFinished,
} from './redis-support.js';

const MAX_CONCURRENT_CALLS = 5;
const TWILIO_CPS = 2;
const SLOTS = 13;
const CAPACITY = 4;

const BOOK: FakeAttempt = { result: 'answered', replies: ['the first one', 'yes'] };
const say = (...replies: Array<string | null>): FakeAttempt => ({ result: 'answered', replies });

/**
 * The branches of the issue, how many candidates take each, the calls Twilio plays them, and where they end. Those
 * with several attempts come first (imported first, dialled first), so their waits pass while the others are called.
 */
const BRANCHES: Array<{ name: string; count: number; plan: FakeAttempt[]; status: string; dnc?: boolean }> = [
  { name: 'never answers', count: 1, plan: [{ result: 'no-answer', ringMs: 1_500 }], status: 'unreachable' },
  { name: 'busy, then books', count: 1, plan: [{ result: 'busy' }, BOOK], status: 'scheduled' },
  { name: 'voicemail, then books', count: 2, plan: [{ result: 'voicemail' }, BOOK], status: 'scheduled' },
  { name: 'fax, then books', count: 1, plan: [{ result: 'fax' }, BOOK], status: 'scheduled' },
  { name: 'a machine that never beeps, then books', count: 1, plan: [{ result: 'machine_start' }, BOOK], status: 'scheduled' },
  { name: 'asks for a call back in an hour, then books', count: 1, plan: [say('call me back in an hour'), BOOK], status: 'scheduled' },
  {
    name: 'asks for a call back later, then books',
    count: 1,
    plan: [say("i'm driving right now can you call me back later"), BOOK],
    status: 'scheduled',
  },
  { name: 'the call fails, then books', count: 1, plan: [{ result: 'failed' }, BOOK], status: 'scheduled' },
  { name: 'hangs up without a word, then books', count: 1, plan: [say(null, null, null), BOOK], status: 'scheduled' },
  { name: 'books the first slot', count: 38, plan: [BOOK], status: 'scheduled' },
  { name: 'declines', count: 3, plan: [say("no thanks, I'm not interested anymore")], status: 'declined' },
  { name: 'opts out', count: 2, plan: [say('please stop calling me and take me off your list')], status: 'opted_out' },
  { name: 'wrong number', count: 2, plan: [say('you have the wrong number')], status: 'wrong_number' },
  {
    name: 'an invalid number',
    count: 3,
    plan: [{ error: { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." } }],
    status: 'unreachable',
  },
  { name: 'on the do-not-call list (added after the import)', count: 2, plan: [BOOK], status: 'opted_out', dnc: true },
];

/** A call the fake created (not refused), with the instance that placed it and its rank among calls to its number. */
interface Placed {
  sid: string;
  to: string;
  createdAt: number;
  host: string;
  nth: number;
  live: LiveCall;
}

function placedCalls(calls: readonly CreatedCall[]): Placed[] {
  const seen = new Map<string, number>();
  const out: Placed[] = [];
  for (const c of calls) {
    if (c.sid === undefined || c.live === undefined) continue;
    const nth = (seen.get(c.to) ?? 0) + 1;
    seen.set(c.to, nth);
    out.push({ sid: c.sid, to: c.to, createdAt: c.createdAt, host: new URL(String(c.form.Url)).host, nth, live: c.live });
  }
  return out;
}

/** The calls live at the busiest instant, with their attempts (a failure's explanation). */
function peakReport(created: Placed[], attempts: AttemptRow[]): string {
  let best = { at: 0, live: [] as Placed[] };
  for (const c of created) {
    const live = created.filter((o) => o.createdAt <= c.createdAt && (o.live.endTime?.getTime() ?? Infinity) > c.createdAt);
    if (live.length > best.live.length) best = { at: c.createdAt, live };
  }
  return best.live
    .map((c) => {
      const attempt = attempts.find((x) => x.twilio_call_sid === c.sid);
      const end = c.live.endTime?.getTime();
      const span = `${c.createdAt - best.at} → ${end === undefined ? 'live' : end - best.at} ms`;
      return `${c.to} #${c.nth} on ${c.host}: ${span}, ${c.live.status}; attempt ${attempt?.id} ${attempt?.state} ${attempt?.result}`;
    })
    .join('\n');
}

interface AttemptRow {
  id: number;
  candidate_id: number;
  number: number;
  state: string;
  result: string | null;
  twilio_call_sid: string | null;
  phone: string;
}

/**
 * The proof, not a claim: two service processes on one PostgreSQL database and one Redis run a campaign of
 * 60 candidates through a fake Twilio that plays every branch (a person who books, declines, opts out, a wrong number,
 * no answer, busy, voicemail, fax, a machine that never beeps, call-back requests, a failed call, silence, invalid
 * numbers; and numbers put on the do-not-call list after the import). One process is SIGKILLed midway: its calls
 * lose their webhooks (Twilio ends them; their status callbacks are lost) and the survivor resolves them from
 * Twilio's record. Everything is asserted from the fake's own records and the database.
 */
describe('a campaign on two processes, one of them killed (PostgreSQL + Redis)', () => {
  const services: ServiceProcess[] = [];
  const dirs: string[] = [];
  let database: FreshDatabase | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  const prefix = uniquePrefix();
  afterAll(async () => {
    for (const s of services) await killService(s);
    await fake?.close();
    await database?.drop();
    await deleteKeys(prefix);
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('dials every attempt once, within the limits, books no seat twice, and finishes', { timeout: 180_000 }, async () => {
    const testStart = Date.now();
    const numbers = phones(60, 100);
    const plans = new Map<string, FakeAttempt[]>();
    const expected = new Map<string, string>();
    const candidates: Array<{ name: string; phone: string }> = [];
    const dnc: string[] = [];
    let n = 0;
    for (const branch of BRANCHES) {
      for (let i = 0; i < branch.count; i++) {
        const phone = numbers[n++] ?? '';
        plans.set(phone, branch.plan);
        expected.set(phone, branch.status);
        candidates.push({ name: `${branch.name} ${i + 1}`, phone });
        if (branch.dnc === true) dnc.push(phone);
      }
    }
    expect(candidates).toHaveLength(60);

    database = await freshDatabase('postgres');
    // Calls ring 1.5 s: with two started a second, the lines fill up and MAX_CONCURRENT_CALLS holds dispatching back.
    // Past its plan, a number behaves as it did last (the same person answers the same way).
    fake = await startFakeTwilio(TWILIO_TOKEN);
    fake.script((to, nth) => {
      const plan = plans.get(to) ?? [BOOK];
      const attempt = plan[Math.min(nth, plan.length) - 1] ?? BOOK;
      return 'error' in attempt ? attempt : { ringMs: 1_500, ...attempt };
    });
    const epoch = new Date().toISOString();
    const ports = [await freePort(), await freePort()];
    const envOf = async (port: number) => {
      const dir = await mkdtemp(join(tmpdir(), 'ic-two-'));
      dirs.push(dir);
      return {
        DATABASE_URL: database!.url,
        DATA_DIR: dir,
        LOG_FILE: join(dir, 'conversation.log'),
        ...twilioEnv(fake!.url, ACCOUNT, TWILIO_TOKEN, `http://127.0.0.1:${port}`),
        DNC_SECRET: 'two-processes-do-not-call-secret-0123456789',
        REDIS_URL,
        CAMPAIGN_QUEUE_PREFIX: prefix,
        MAX_CONCURRENT_CALLS: String(MAX_CONCURRENT_CALLS),
        TWILIO_CPS: String(TWILIO_CPS),
        CAMPAIGN_LEASE_SECONDS: '8',
        // A quarter of an hour of the campaign's waits passes in a second; both processes read the same clock (one
        // anchor, one epoch).
        CLOCK_SPEED: '900',
        CLOCK_EPOCH: epoch,
        CLOCK_ANCHOR: epoch,
      };
    };
    const [a, b] = await Promise.all(ports.map(async (port) => spawnSlowService(await envOf(port), port)));
    services.push(a!, b!);

    // The job, its slots (a week ahead on the fast clock), the candidates; then two numbers join the do-not-call list.
    const job = await admin(a!.url, 'POST', '/jobs', {
      title: 'Support Engineer',
      company: 'Initech',
      timezone: 'America/New_York',
      calling_hours: '00:00-23:59',
      max_attempts: 3,
      retry_minutes: [5],
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    const jobId = job.body.id as number;
    const day = new Date(Date.parse(epoch) + 8 * 86_400_000).toISOString().slice(0, 10);
    const slots = Array.from({ length: SLOTS }, (_, i) => ({ start: `${day}T${String(8 + i).padStart(2, '0')}:00`, capacity: CAPACITY }));
    expect((await admin(a!.url, 'POST', `/jobs/${jobId}/slots`, { slots })).status).toBe(201);
    const imported = await admin(a!.url, 'POST', `/jobs/${jobId}/candidates`, { candidates });
    expect(imported.body.created, JSON.stringify(imported.body)).toBe(60);
    for (const phone of dnc) expect((await admin(b!.url, 'POST', '/do-not-call', { phone })).status).toBe(201);

    const startedAt = Date.now();
    const started = await admin(b!.url, 'POST', `/jobs/${jobId}/campaign`);
    expect(started.status, JSON.stringify(started.body)).toBe(200);

    // Midway, the process with calls in progress is killed (A when both have some).
    while (placedCalls(fake.calls).length < 25) await new Promise((r) => setTimeout(r, 20));
    const liveOn = (s: ServiceProcess) => placedCalls(fake!.calls).filter((c) => !c.live.ended && c.host === `127.0.0.1:${s.port}`).length;
    const victim = liveOn(a!) > 0 || liveOn(b!) === 0 ? a! : b!;
    const survivor = victim === a ? b! : a!;
    const liveAtKill = liveOn(victim);
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');

    const progress = await waitFinished(
      (method, path, body) => admin(survivor.url, method, path, body),
      jobId,
      60_000,
      () => survivor.output().slice(-4000),
    );

    const finishedAt = Date.now();
    // From the database: attempts, candidates, bookings.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on('error', () => undefined);
    const attempts = (
      await client.query<AttemptRow>(
        `select a.id, a.candidate_id, a.number, a.state, a.result, a.twilio_call_sid, c.phone
           from call_attempts a join candidates c on c.id = a.candidate_id where a.job_id = $1 order by a.id`,
        [jobId],
      )
    ).rows;
    const statuses = (
      await client.query<{ phone: string; status: string }>('select phone, status from candidates where job_id = $1', [jobId])
    ).rows;
    const seats = (
      await client.query<{ id: number; capacity: number; booked_count: number; bookings: string }>(
        `select s.id, s.capacity, s.booked_count,
                (select count(*) from bookings b where b.slot_id = s.id) as bookings
           from slots s where s.job_id = $1`,
        [jobId],
      )
    ).rows;
    await client.end();

    // Every attempt dialled exactly once: Twilio's calls and the attempts with a CallSid are the same set, one to one.
    const created = placedCalls(fake.calls);
    const refused = fake.calls.filter((c) => c.sid === undefined);
    const sids = attempts.map((x) => x.twilio_call_sid).filter((s): s is string => s !== null);
    expect(new Set(sids).size).toBe(sids.length);
    expect([...sids].sort()).toEqual(created.map((c) => c.sid).sort());
    expect(created.length).toBe(attempts.filter((x) => (x.state === 'done' || x.state === 'dialled') && x.twilio_call_sid !== null).length);
    for (const phone of numbers) {
      const calls = created.filter((c) => c.to === phone).length;
      const dialled = attempts.filter((x) => x.phone === phone && x.twilio_call_sid !== null).length;
      expect(calls, `calls to ${phone}`).toBe(dialled);
    }
    // Nothing left open and nothing lost: every attempt ended, none given up as unknowable.
    expect(attempts.filter((x) => x.state !== 'done' && x.state !== 'cancelled')).toEqual([]);
    expect(attempts.filter((x) => x.result === 'lost')).toEqual([]);
    // No number was asked twice for one attempt number (the invalid ones were asked once each, then never again).
    const invalid = numbers.filter((p) => plans.get(p)?.some((plan) => 'error' in plan));
    expect(refused.map((r) => r.to).sort()).toEqual(invalid.sort());
    expect(created.filter((c) => dnc.includes(c.to))).toEqual([]);

    // The limits, from the fake's own clock: starts per second (every REST create, refused ones too) and calls live at once.
    const requests = [...created.map((c) => c.createdAt), ...refused.map((r) => r.createdAt)];
    const perSecond = maxInWindow(requests, 1000);
    const concurrent = maxOverlap(created.map((c) => ({ start: c.createdAt, end: c.live.endTime?.getTime() })));
    const killedCalls = created.filter((c) => c.host === `127.0.0.1:${victim.port}`).length;
    console.info(
      `two processes: ${created.length} calls (${refused.length} refused), ${attempts.length} attempts; max ${perSecond} calls ` +
        `started in any 1 s window (${maxInCalendarSecond(requests)} in a calendar second), max ${concurrent} in progress at once ` +
        `(the fake's high-water mark ${fake.maxLive()}); ` +
        `${liveAtKill} calls live on the killed process at the kill, ${killedCalls} placed by it; campaign ${finishedAt - startedAt} ms ` +
        `(killed at ${killedAt - startedAt} ms; ready after ${startedAt - testStart} ms)`,
    );
    expect(perSecond).toBeLessThanOrEqual(TWILIO_CPS);
    expect(concurrent, peakReport(created, attempts)).toBeLessThanOrEqual(MAX_CONCURRENT_CALLS);
    expect(fake.maxLive()).toBeLessThanOrEqual(MAX_CONCURRENT_CALLS);

    // No seat booked twice; every candidate where their branch ends; the campaign finished.
    for (const slot of seats) {
      expect(Number(slot.bookings), `slot ${slot.id}`).toBeLessThanOrEqual(slot.capacity);
      expect(slot.booked_count).toBe(Number(slot.bookings));
    }
    expect(Object.fromEntries(statuses.map((s) => [s.phone, s.status]))).toEqual(Object.fromEntries(expected));
    expect(progress.status).toBe('finished');
  });
});
