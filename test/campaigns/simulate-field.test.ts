import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimulatePlan, readSimulatePlan, simulatedAttempt, type SimulatePlan } from '../../src/services/campaigns/simulate-plan.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp, type TestApp } from '../helpers/app.js';

const PLAN: SimulatePlan = {
  attempts: [{ result: 'no-answer' }, { result: 'voicemail' }, { result: 'answered', replies: ['call me tomorrow at 3', null] }],
};

describe('a simulated-behaviour plan', () => {
  it('is checked entry by entry, with the first problem named', () => {
    expect(parseSimulatePlan(PLAN)).toEqual({ plan: PLAN });
    const problems: Array<[unknown, RegExp]> = [
      [[], /an object/],
      [{ attempts: 'busy' }, /must be a list/],
      [{ attempts: [{ result: 'ringing' }] }, /attempts\[0\]\.result must be one of answered, no-answer, busy/],
      [{ attempts: Array.from({ length: 11 }, () => ({ result: 'busy' })) }, /at most 10 attempts/],
      [{ attempts: [{ result: 'answered', replies: Array.from({ length: 21 }, () => 'yes') }] }, /at most 20/],
      [{ attempts: [{ result: 'answered', replies: ['x'.repeat(501)] }] }, /at most 500 characters/],
      [{ attempts: [{ result: 'answered', replies: [3] }] }, /must be strings/],
      [{ attempts: [], extra: 1 }, /unknown field "extra"/],
    ];
    for (const [value, problem] of problems) {
      const checked = parseSimulatePlan(value);
      expect('problem' in checked && checked.problem).toMatch(problem);
    }
  });

  it('reads back from its stored text; unreadable text is no plan; past its entries a candidate answers and books', () => {
    expect(readSimulatePlan(JSON.stringify(PLAN))).toEqual(PLAN);
    expect(readSimulatePlan(null)).toBeNull();
    expect(readSimulatePlan('{not json')).toBeNull();
    expect(readSimulatePlan('{"attempts":[{"result":"ringing"}]}')).toBeNull();
    expect(simulatedAttempt(PLAN, 2)).toEqual({ result: 'voicemail' });
    expect(simulatedAttempt(PLAN, 4)).toEqual({ result: 'answered', replies: ['the first one', 'yes'] });
    expect(simulatedAttempt(null, 1)).toEqual({ result: 'answered', replies: ['the first one', 'yes'] });
  });
});

describe.each(DIALECTS)("candidates' simulate field (%s)", (dialect) => {
  let t: TestApp;
  let job: number;
  const candidateByPhone = async (phone: string) => {
    const row = await t.deps.database.db
      .selectFrom('candidates')
      .select(['id', 'simulate'])
      .where('job_id', '=', job)
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    return row;
  };

  beforeAll(async () => {
    t = await startApp({ dialect });
    job = (await t.admin('POST', '/jobs', { title: 'Analyst', company: 'Acme' })).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('JSON import stores a plan as JSON text and shows it on the candidate; a bad plan rejects only its row', async () => {
    const res = await t.admin('POST', `/jobs/${job}/candidates`, {
      candidates: [
        { name: 'Ada', phone: '+14155550101', simulate: PLAN },
        { name: 'Bob', phone: '+14155550102', simulate: { attempts: [{ result: 'ringing' }] } },
        { name: 'Cy', phone: '+14155550103', simulate: '{"attempts":[{"result":"busy"}]}' },
        { name: 'Di', phone: '+14155550104' },
        { name: 'Ed', phone: '+14155550105', simulate: { attempts: [{ result: 'answered', replies: ['x'.repeat(501)] }] } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(3);
    expect(res.body.rejected).toEqual([
      { row: 2, code: 'invalid_simulate', reason: expect.stringMatching(/^simulate: attempts\[0\]\.result must be one of/) },
      { row: 5, code: 'invalid_simulate', reason: expect.stringMatching(/at most 500 characters/) },
    ]);
    const ada = await candidateByPhone('+14155550101');
    expect(JSON.parse(ada.simulate ?? 'null')).toEqual(PLAN);
    expect((await t.admin('GET', `/candidates/${ada.id}`)).body.simulate).toEqual(PLAN);
    expect((await candidateByPhone('+14155550103')).simulate).toBe('{"attempts":[{"result":"busy"}]}');
    expect((await candidateByPhone('+14155550104')).simulate).toBeNull();
    const list = (await t.admin('GET', `/jobs/${job}/candidates`)).body.items;
    expect(list.find((c: { phone: string }) => c.phone === '+14155550101').simulate).toEqual(PLAN);
    expect(list.find((c: { phone: string }) => c.phone === '+14155550104').simulate).toBeNull();
  });

  it('importing the same list again changes nothing; a changed plan updates it, null clears it, leaving it out keeps it', async () => {
    const same = await t.admin('POST', `/jobs/${job}/candidates`, { candidates: [{ name: 'Ada', phone: '+14155550101', simulate: PLAN }] });
    expect(same.body).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const changed = await t.admin('POST', `/jobs/${job}/candidates`, {
      candidates: [
        { name: 'Ada', phone: '+14155550101', simulate: { attempts: [{ result: 'fax' }] } },
        { name: 'Cy', phone: '+14155550103', simulate: null },
        { name: 'Di', phone: '+14155550104', notes: 'prefers mornings' },
      ],
    });
    expect(changed.body).toMatchObject({ created: 0, updated: 3, rejected: [] });
    expect((await candidateByPhone('+14155550101')).simulate).toBe('{"attempts":[{"result":"fax"}]}');
    expect((await candidateByPhone('+14155550103')).simulate).toBeNull();
    expect((await candidateByPhone('+14155550104')).simulate).toBeNull();
    const kept = await t.admin('POST', `/jobs/${job}/candidates`, { candidates: [{ name: 'Ada', phone: '+14155550101', notes: 'n' }] });
    expect(kept.body.updated).toBe(1);
    expect((await candidateByPhone('+14155550101')).simulate).toBe('{"attempts":[{"result":"fax"}]}');
  });

  it('a CSV "Simulate" column holds the JSON (quoted as CSV quotes it); unreadable JSON rejects the row', async () => {
    const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;
    const csv = [
      'Name,Phone,Simulate',
      `Flo,+14155550106,${quoted('{"attempts":[{"result":"no-answer"},{"result":"answered","replies":["tuesday","yes"]}]}')}`,
      `Gus,+14155550107,${quoted('{"attempts":[')}`,
      'Hal,+14155550108,',
    ].join('\n');
    const res = await fetch(`${t.url}/jobs/${job}/candidates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await import('../helpers/app.js')).ADMIN_KEY}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.created).toBe(2);
    expect(body.rejected).toEqual([{ row: 3, code: 'invalid_simulate', reason: expect.stringMatching(/not JSON/) }]);
    expect(JSON.parse((await candidateByPhone('+14155550106')).simulate ?? 'null')).toEqual({
      attempts: [{ result: 'no-answer' }, { result: 'answered', replies: ['tuesday', 'yes'] }],
    });
    expect((await candidateByPhone('+14155550108')).simulate).toBeNull();
  });

  it('PATCH /candidates/{id} sets, shows and clears it; a bad plan is a 400 naming the field', async () => {
    const { id } = await candidateByPhone('+14155550104');
    const set = await t.admin('PATCH', `/candidates/${id}`, { simulate: PLAN });
    expect(set.status).toBe(200);
    expect(set.body.simulate).toEqual(PLAN);
    expect((await t.admin('GET', `/candidates/${id}`)).body.simulate).toEqual(PLAN);
    const bad = await t.admin('PATCH', `/candidates/${id}`, { simulate: { attempts: [{ result: 'ringing' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/simulate/);
    const tooMany = await t.admin('PATCH', `/candidates/${id}`, {
      simulate: { attempts: Array.from({ length: 11 }, () => ({ result: 'busy' })) },
    });
    expect(tooMany.status).toBe(400);
    const cleared = await t.admin('PATCH', `/candidates/${id}`, { simulate: null, notes: null });
    expect(cleared.body.simulate).toBeNull();
    // A JSON null stays null through the validator's type coercion (a string branch tried first made it "").
    expect(cleared.body.notes).toBeNull();
    expect((await candidateByPhone('+14155550104')).simulate).toBeNull();
  });
});
