import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewSession } from '../../src/db/sessions.table.js';
import { createJob } from '../../src/services/jobs.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import type { JsonBody } from '../helpers/json.js';

interface Seeded {
  call_sid: string;
  job_id: number;
  outcome: string;
  start_time: string;
  candidate_name: string;
  engine: string | null;
}

const NAMES = ['Jordan Lee', 'María López', 'Sam O’Neil', 'Lee Jordan', '100% Real_Name', 'Ada Lovelace'];
const OUTCOMES = ['scheduled', 'declined', 'no_answer', 'hung_up'];

/** 60 calls over three days, two jobs, four outcomes, three engines (none too); 15 pairs share a start time (ties broken by id). */
function calls(jobs: [number, number]): Seeded[] {
  return Array.from({ length: 60 }, (_, i) => ({
    call_sid: `CA${String(i).padStart(32, '0')}`,
    job_id: jobs[i % 3 === 0 ? 1 : 0],
    outcome: OUTCOMES[i % 4] ?? 'scheduled',
    // 70 minutes apart, except that each call i ≡ 1 (mod 4) starts with the one before it.
    start_time: new Date(Date.UTC(2026, 10, 20) + (i % 4 === 1 ? i - 1 : i) * 70 * 60_000).toISOString(),
    candidate_name: NAMES[i % NAMES.length] ?? 'Jordan Lee',
    engine: i % 5 === 0 ? 'openai' : i % 5 === 1 ? null : 'local',
  }));
}

function row(c: Seeded): NewSession {
  return {
    call_sid: c.call_sid,
    twilio_call_sid: c.call_sid,
    candidate_name: c.candidate_name,
    candidate_phone: '+14155550123',
    candidate_email: null,
    candidate_position: 'Engineer',
    candidate_company: 'Acme',
    candidate_timezone: 'America/New_York',
    status: 'completed',
    outcome: c.outcome as NewSession['outcome'],
    start_time: c.start_time,
    end_time: c.start_time,
    confirmed_slot: null,
    confirmed_slot_start: null,
    slot_id: null,
    job_id: c.job_id,
    state: '{}',
    telephony: 'simulated',
    twilio_status: 'completed',
    duration_seconds: 30,
    answered_by: null,
    error_code: null,
    error_message: null,
    updated_at: c.start_time,
  };
}

/** Newest first, ties by id, as the list orders. */
const ordered = (list: Seeded[]) =>
  [...list].sort((a, b) => b.start_time.localeCompare(a.start_time) || b.call_sid.localeCompare(a.call_sid)).map((c) => c.call_sid);

describe.each(DIALECTS)('GET /conversations filters and paging (%s)', (dialect) => {
  let t: TestApp;
  let seeded: Seeded[];
  let jobs: [number, number];

  beforeAll(async () => {
    t = await startApp({ dialect });
    const job = (title: string) =>
      createJob(t.deps, { title, company: 'Acme', timezone: 'America/New_York', interview_minutes: 30, calling_hours: '09:00-18:00' });
    jobs = [(await job('Engineer')).id, (await job('Designer')).id];
    seeded = calls(jobs);
    const db = t.deps.database.db;
    await db.insertInto('conversation_sessions').values(seeded.map(row)).execute();
    const turns = seeded.flatMap((c) => [
      { call_sid: c.call_sid, turn_number: 0, bot_response: 'Hello', response_twiml: '<Response/>', timestamp: c.start_time },
      {
        call_sid: c.call_sid,
        turn_number: 1,
        bot_response: 'Ok',
        response_twiml: '<Response/>',
        timestamp: c.start_time,
        engine: c.engine,
      },
    ]);
    await db.insertInto('conversation_turns').values(turns).execute();
  });
  afterAll(async () => t?.close());

  /** Every page of `query` (limit 7), walked by its cursors: the ids in the order served. */
  async function walk(query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const res = await t.admin('GET', `/conversations?limit=7${query}${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(res.status).toBe(200);
      ids.push(...(res.body.items as JsonBody[]).map((c) => c.call_sid as string));
      cursor = res.body.next_cursor as string | null;
      if (cursor === null) return ids;
    }
    throw new Error('more than 50 pages');
  }

  it('pages through every call once, newest first, ties included', async () => {
    expect(new Set(seeded.map((c) => c.start_time)).size).toBeLessThan(seeded.length);
    expect(await walk('')).toEqual(ordered(seeded));
  });

  it('filters by job, outcome, both, and pages each without gaps or repeats', async () => {
    expect(await walk(`&job_id=${jobs[1]}`)).toEqual(ordered(seeded.filter((c) => c.job_id === jobs[1])));
    expect(await walk('&outcome=declined')).toEqual(ordered(seeded.filter((c) => c.outcome === 'declined')));
    const both = seeded.filter((c) => c.job_id === jobs[0] && c.outcome === 'scheduled');
    expect(both.length).toBeGreaterThan(7);
    expect(await walk(`&job_id=${jobs[0]}&outcome=scheduled`)).toEqual(ordered(both));
    expect(await walk('&outcome=wrong_number')).toEqual([]);
  });

  it('filters by dates: a day is a UTC day, `to` included; an instant bounds exactly', async () => {
    const day = seeded.filter((c) => c.start_time.startsWith('2026-11-21'));
    expect(day.length).toBeGreaterThan(0);
    expect(await walk('&from=2026-11-21&to=2026-11-21')).toEqual(ordered(day));
    const from = seeded[10]?.start_time ?? '';
    const to = seeded[20]?.start_time ?? '';
    const window = seeded.filter((c) => c.start_time >= from && c.start_time < to);
    expect(await walk(`&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).toEqual(ordered(window));
    const offset = await walk(`&from=${encodeURIComponent(from.replace('Z', '+00:00'))}&to=${encodeURIComponent(to)}`);
    expect(offset).toEqual(ordered(window));
    expect((await t.admin('GET', '/conversations?from=2026-02-30')).status).toBe(400);
    expect((await t.admin('GET', '/conversations?from=yesterday')).status).toBe(400);
  });

  it('filters by the engine that understood a reply', async () => {
    expect(await walk('&engine=openai')).toEqual(ordered(seeded.filter((c) => c.engine === 'openai')));
    expect(await walk('&engine=local')).toEqual(ordered(seeded.filter((c) => c.engine === 'local')));
    expect((await t.admin('GET', '/conversations?engine=other')).status).toBe(400);
  });

  it("searches the candidate's name anywhere in it, any case, wildcards taken literally", async () => {
    const named = (part: string) => ordered(seeded.filter((c) => c.candidate_name.toLowerCase().includes(part)));
    expect(await walk('&q=LEE')).toEqual(named('lee'));
    expect(named('lee').length).toBeGreaterThan(named('jordan lee').length);
    expect(await walk(`&q=${encodeURIComponent('ordan l')}`)).toEqual(named('ordan l'));
    expect(await walk(`&q=${encodeURIComponent('100%')}`)).toEqual(named('100%'));
    expect(await walk(`&q=${encodeURIComponent('%')}`)).toEqual(named('%'));
    expect(await walk('&q=l_pez')).toEqual([]);
    expect(await walk(`&q=${encodeURIComponent('real_name')}&outcome=${OUTCOMES[0]}`)).toEqual(
      ordered(seeded.filter((c) => c.candidate_name.includes('Real_Name') && c.outcome === OUTCOMES[0])),
    );
  });

  it('finds a name after a call is deleted, renamed or added (the name index follows the calls)', async () => {
    const lovelace = ordered(seeded.filter((c) => c.candidate_name === 'Ada Lovelace'));
    const [gone, renamed] = lovelace;
    expect((await t.admin('DELETE', `/conversations/${gone ?? ''}`)).status).toBe(204);
    await t.deps.database.db
      .updateTable('conversation_sessions')
      .set({ candidate_name: 'Grace Hopper' })
      .where('call_sid', '=', renamed ?? '')
      .execute();
    const added = {
      ...seeded[0],
      call_sid: `CA${'9'.repeat(32)}`,
      candidate_name: 'Ada Lovelace II',
      start_time: '2026-12-01T00:00:00.000Z',
    };
    await t.deps.database.db
      .insertInto('conversation_sessions')
      .values(row(added as Seeded))
      .execute();
    expect(await walk('&q=lovelace')).toEqual([added.call_sid, ...lovelace.slice(2)]);
    expect(await walk('&q=hopper')).toEqual([renamed]);
  });
});
