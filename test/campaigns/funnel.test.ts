import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptResult, AttemptState } from '../../src/db/attempts.table.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp, type TestApp } from '../helpers/app.js';

/** [candidate, number, state, result, dialled_at] */
type Row = [string, number, AttemptState, AttemptResult | null, string | null];

// New York in late November is UTC-5; Kolkata is UTC+5:30 (a half-hour zone: its local hours straddle UTC hours).
const NEW_YORK_ATTEMPTS: Row[] = [
  ['c1', 1, 'done', 'no_answer', '2026-11-24T14:10:00.000Z'], // 09 local
  ['c1', 2, 'done', 'scheduled', '2026-11-24T19:05:00.000Z'], // 14, reached
  ['c2', 1, 'done', 'voicemail', '2026-11-24T14:20:00.000Z'], // 09
  ['c2', 2, 'done', 'callback', '2026-11-24T20:30:00.000Z'], // 15, reached
  ['c2', 3, 'done', 'scheduled', '2026-11-25T14:40:00.000Z'], // 09, reached
  ['c3', 1, 'done', 'invalid_number', null], // never rang: left out
  ['c4', 1, 'done', 'declined', '2026-11-24T19:59:59.999Z'], // 14, reached
  ['c4', 2, 'due', null, null], // not done: left out
  ['c5', 1, 'done', 'machine', '2026-11-24T14:00:00.000Z'], // 09
  ['c5', 2, 'done', 'hung_up', '2026-11-25T13:45:00.000Z'], // 08, reached
  ['c5', 3, 'cancelled', null, null], // left out
  ['c6', 1, 'done', 'do_not_call', null], // never rang: left out
];

const KOLKATA_ATTEMPTS: Row[] = [
  ['k1', 1, 'done', 'no_answer', '2026-11-24T03:29:59.999Z'], // 08:59 local
  ['k1', 2, 'done', 'scheduled', '2026-11-24T03:30:00.000Z'], // 09:00 local, reached
];

describe.each(DIALECTS)('campaign funnel analytics (%s)', (dialect) => {
  let t: TestApp;

  async function jobWithAttempts(timezone: string, rows: Row[]): Promise<number> {
    const job = (await t.admin('POST', '/jobs', { title: 'Analyst', company: 'Acme', timezone })).body.id;
    const names = [...new Set(rows.map((r) => r[0]))];
    await t.admin('POST', `/jobs/${job}/candidates`, {
      candidates: names.map((name, i) => ({ name, phone: `+1415555${String(job).padStart(2, '0')}${String(i).padStart(2, '0')}` })),
    });
    const ids = new Map(
      (await t.deps.database.db.selectFrom('candidates').select(['id', 'name']).where('job_id', '=', job).execute()).map((c) => [
        c.name,
        c.id,
      ]),
    );
    const at = '2026-11-24T12:00:00.000Z';
    await t.deps.database.db
      .insertInto('call_attempts')
      .values(
        rows.map(([name, number, state, result, dialledAt]) => ({
          job_id: job,
          candidate_id: ids.get(name) ?? 0,
          number,
          state,
          result,
          due_at: at,
          reason: number === 1 ? ('first' as const) : ('retry' as const),
          dialled_at: dialledAt,
          ended_at: state === 'done' ? at : null,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    return job;
  }

  const funnelOf = async (job: number) => {
    const res = await t.admin('GET', `/jobs/${job}/analytics`);
    expect(res.status).toBe(200);
    return res.body.funnel;
  };

  beforeAll(async () => {
    t = await startApp({ dialect });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('attempts per booking, reach by attempt number and by local hour, and the voicemail rate, from the done calls', async () => {
    const funnel = await funnelOf(await jobWithAttempts('America/New_York', NEW_YORK_ATTEMPTS));
    // Placed and done: c1×2, c2×3, c4×1, c5×2 = 8; booked 2; one voicemail.
    expect(funnel.campaign_attempts).toBe(8);
    expect(funnel.attempts_per_booking).toBe(4);
    expect(funnel.voicemail_rate).toBe(0.125);
    expect(funnel.reach_by_attempt).toEqual([
      { number: 1, attempts: 4, reached: 1, rate: 0.25 },
      { number: 2, attempts: 3, reached: 3, rate: 1 },
      { number: 3, attempts: 1, reached: 1, rate: 1 },
    ]);
    expect(funnel.reach_by_hour).toEqual([
      { hour: 8, attempts: 1, reached: 1, rate: 1 },
      { hour: 9, attempts: 4, reached: 1, rate: 0.25 },
      { hour: 14, attempts: 2, reached: 2, rate: 1 },
      { hour: 15, attempts: 1, reached: 1, rate: 1 },
    ]);
    // The funnel's own figures are still there.
    expect(funnel).toMatchObject({ candidates: 6, by_status: expect.objectContaining({ new: 6 }) });
  });

  it("reads hours in the job's zone, a half-hour zone included", async () => {
    const funnel = await funnelOf(await jobWithAttempts('Asia/Kolkata', KOLKATA_ATTEMPTS));
    expect(funnel.reach_by_hour).toEqual([
      { hour: 8, attempts: 1, reached: 0, rate: 0 },
      { hour: 9, attempts: 1, reached: 1, rate: 1 },
    ]);
    expect(funnel).toMatchObject({ campaign_attempts: 2, attempts_per_booking: 2, voicemail_rate: 0 });
  });

  it('a job without campaign calls has empty figures and no rates', async () => {
    const job = (await t.admin('POST', '/jobs', { title: 'Tester', company: 'Acme' })).body.id;
    expect(await funnelOf(job)).toMatchObject({
      campaign_attempts: 0,
      attempts_per_booking: null,
      reach_by_attempt: [],
      reach_by_hour: [],
      voicemail_rate: null,
    });
    // Only the job's own attempts count: the overall analytics keep their shape.
    expect((await t.admin('GET', '/analytics')).status).toBe(200);
  });
});
