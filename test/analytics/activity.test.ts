import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { simulatedCall, startApp, type TestApp } from '../helpers/app.js';

interface Activity {
  zone: string;
  from: string;
  to: string;
  engine: string;
  by_day: Array<{ date: string; calls: number; reached: number; outcomes: Record<string, number> }>;
  by_hour: Array<{ hour: number; calls: number; reached: number }>;
  understanding: { calls_sampled: number; by_day: Array<{ date: string; engines: Record<string, number> }> };
}

/**
 * GET /analytics/activity, the Overview's calls over time: days and hours in the interview time zone, outcomes per
 * day, reach (a person spoke) per hour, and the engine that understood each reply. FIXED_NOW is 10 AM in New York.
 */
describe.each(DIALECTS)('calls over time on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect });
    await simulatedCall(t, ['the first one works', 'yes'], { name: 'Avery Booker', phone: '+14155550101' });
    await simulatedCall(t, ['no thanks, not interested'], { name: 'Dana Decliner', phone: '+14155550102' });
    await simulatedCall(t, [null, null, null], { name: 'Sam Silent', phone: '+14155550103' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts the calls of each day by outcome, today last, in the interview time zone', async () => {
    const res = await t.admin('GET', '/analytics/activity?days=7');
    expect(res.status).toBe(200);
    const a = res.body as Activity;
    expect([a.zone, a.from, a.to, a.engine]).toEqual(['America/New_York', '2026-11-18', '2026-11-24', 'local']);
    expect(a.by_day.map((d) => d.date)).toHaveLength(7);
    expect(a.by_day.slice(0, 6).every((d) => d.calls === 0)).toBe(true);
    expect(a.by_day[6]).toEqual({
      date: '2026-11-24',
      calls: 3,
      reached: 2,
      outcomes: { scheduled: 1, declined: 1, no_response: 1 },
    });
  });

  it('gives the reach rate by hour of the day: a silent call ended but reached nobody', async () => {
    const a = (await t.admin('GET', '/analytics/activity')).body as Activity;
    expect(a.by_day).toHaveLength(14);
    expect(a.by_hour).toHaveLength(24);
    expect(a.by_hour[10]).toEqual({ hour: 10, calls: 3, reached: 2 });
    expect(a.by_hour.filter((h) => h.hour !== 10).every((h) => h.calls === 0)).toBe(true);
  });

  it('tells which engine understood the replies, per day (turns with no speech apart)', async () => {
    const a = (await t.admin('GET', '/analytics/activity')).body as Activity;
    expect(a.understanding.by_day).toHaveLength(1);
    const engines = a.understanding.by_day[0]?.engines ?? {};
    expect(a.understanding.by_day[0]?.date).toBe('2026-11-24');
    expect(engines.local).toBeGreaterThanOrEqual(3); // three spoken replies at least
    expect(engines.openai).toBeUndefined();
  });

  it("narrows to one job's calls, and refuses a period it does not offer", async () => {
    const other = await t.admin('POST', '/jobs', { title: 'Other', company: 'Acme', timezone: 'America/New_York' });
    expect(other.status).toBe(201);
    const a = (await t.admin('GET', `/analytics/activity?job_id=${String((other.body as { id: number }).id)}`)).body as Activity;
    expect(a.by_day.every((d) => d.calls === 0)).toBe(true);
    expect(a.understanding.by_day).toEqual([]);
    expect((await t.admin('GET', '/analytics/activity?days=0')).status).toBe(400);
    expect((await t.admin('GET', '/analytics/activity?days=91')).status).toBe(400);
  });
});
