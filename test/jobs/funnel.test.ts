import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveCandidateStatus } from '../../src/db/candidates.repo.js';
import { readFunnelCounters, recountFunnel } from '../../src/db/funnel.repo.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

async function defaultJob(t: TestApp): Promise<number> {
  return (await t.deps.database.db.selectFrom('jobs').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow()).id;
}

async function funnelOf(t: TestApp, jobId: number) {
  const res = await t.admin('GET', `/jobs/${jobId}/analytics`);
  expect(res.status).toBe(200);
  return res.body.funnel;
}

describe.each(DIALECTS)('the funnel on %s', (dialect) => {
  let t: TestApp;
  let job: number;
  const ids: number[] = [];
  beforeAll(async () => {
    t = await startApp({ dialect });
    job = await defaultJob(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts imported candidates, all of them new', async () => {
    const res = await t.admin('POST', `/jobs/${job}/candidates`, {
      candidates: [
        { name: 'Ada', phone: '+14155550101' },
        { name: 'Bob', phone: '+14155550102' },
        { name: 'Cy', phone: '+14155550103' },
      ],
    });
    expect(res.body.created).toBe(3);
    const rows = await t.deps.database.db.selectFrom('candidates').select('id').where('job_id', '=', job).orderBy('id').execute();
    ids.push(...rows.map((r) => r.id));
    const funnel = await funnelOf(t, job);
    expect([funnel.candidates, funnel.by_status.new, funnel.called, funnel.calls_placed, funnel.reach_rate]).toEqual([3, 3, 0, 0, null]);
    expect(funnel.median_seconds_to_booking).toBeNull();
  });

  it('moves with a call placed, a withdrawal and a booking', async () => {
    const [ada, bob, cy] = ids;
    const call = await t.admin('POST', `/candidates/${ada}/call`, { simulate: { replies: ['tuesday works for me', 'yes that is right'] } });
    expect(call.status).toBe(201);
    expect(call.body.candidate.status).toBe('calling');
    const telephony = t.deps.telephony as { finished?: (sid: string) => Promise<unknown> };
    await telephony.finished?.(call.body.call_sid);
    expect((await t.admin('PATCH', `/candidates/${bob}`, { status: 'withdrawn' })).status).toBe(200);
    await t.deps.database.db.transaction().execute((trx) => moveCandidateStatus(trx, cy ?? 0, 'scheduled', '2026-11-24T17:00:00.000Z'));

    const funnel = await funnelOf(t, job);
    // Ada's call booked her (scheduled, reached); Cy was moved by hand.
    expect(funnel).toMatchObject({ candidates: 3, called: 1, calls_placed: 1, reached: 1, scheduled: 2 });
    expect(funnel.by_status).toMatchObject({ new: 0, calling: 0, withdrawn: 1, scheduled: 2 });
    expect(funnel.median_seconds_to_booking).toBeGreaterThan(0);
    // The simulated call booked a seat of the default job.
    expect(funnel.slot_fill.reduce((n: number, d: { booked: number }) => n + d.booked, 0)).toBe(1);
    expect(funnel.slot_fill.every((d: { fill: number; capacity: number }) => d.capacity > 0 && d.fill <= 1)).toBe(true);
  });

  it('the overall analytics carry the funnel of every job, and the counters agree with a recount from the rows', async () => {
    const overall = await t.admin('GET', '/analytics');
    expect(overall.body.funnel).toMatchObject({ candidates: 3, called: 1, calls_placed: 1 });
    const before = await readFunnelCounters(t.deps.database.db, job);
    await t.deps.database.db.transaction().execute((trx) => recountFunnel(trx, job));
    expect(await readFunnelCounters(t.deps.database.db, job)).toEqual(before);
  });

  it('erasing a candidate by id removes their row, calls, turns and booking, gives the seat back, and leaves the funnel', async () => {
    const [ada] = ids;
    const detail = await t.admin('GET', `/candidates/${ada}`);
    expect(detail.status).toBe(200);
    expect(detail.body.calls).toHaveLength(1);
    const turns = detail.body.calls[0].turns.length;
    expect(turns).toBeGreaterThan(0);

    const erased = await t.admin('DELETE', `/candidates/${ada}`);
    expect(erased.body).toEqual({ conversations: 1, turns, bookings: 1, do_not_call: false, candidates: 1 });
    const db = t.deps.database.db;
    expect(
      await db
        .selectFrom('candidates')
        .select('id')
        .where('id', '=', ada ?? 0)
        .execute(),
    ).toEqual([]);
    expect(await db.selectFrom('conversation_sessions').select('call_sid').where('candidate_phone', '=', '+14155550101').execute()).toEqual(
      [],
    );
    expect((await t.admin('GET', `/candidates/${ada}`)).status).toBe(404);
    const funnel = await funnelOf(t, job);
    expect([funnel.candidates, funnel.by_status.calling]).toEqual([2, 0]);
    expect(funnel.slot_fill.reduce((n: number, d: { booked: number }) => n + d.booked, 0)).toBe(0);
    expect((await t.admin('DELETE', `/candidates/${ada}`)).status).toBe(404);
  });

  it('erasing by number still works on the same path, and covers the candidate rows of that number', async () => {
    const erased = await t.admin('DELETE', `/candidates/${encodeURIComponent('+14155550102')}`);
    expect(erased.body).toEqual({ conversations: 0, turns: 0, bookings: 0, do_not_call: false, candidates: 1 });
    expect((await funnelOf(t, job)).candidates).toBe(1);
    expect((await t.admin('DELETE', '/candidates/not-a-number')).status).toBe(422);
  });
});
