import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, parseRetryMinutes, patchJob } from '../../src/services/jobs.js';
import { DIALECTS } from '../helpers/databases.js';
import { startApp, type TestApp } from '../helpers/app.js';

describe('stored waits read back', () => {
  it('reads comma-separated minutes, and falls back to the defaults when none is valid', () => {
    expect(parseRetryMinutes('120,1440')).toEqual([120, 1440]);
    expect(parseRetryMinutes(' 30 , 60 ')).toEqual([30, 60]);
    expect(parseRetryMinutes('')).toEqual([120, 1440]);
    expect(parseRetryMinutes('x,0')).toEqual([120, 1440]);
  });
});

describe.each(DIALECTS)("a job's attempts and waits (%s)", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('default to 3 attempts, two hours then a day, for new jobs and the default job', async () => {
    const created = await t.admin('POST', '/jobs', { title: 'Analyst', company: 'Acme' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ max_attempts: 3, retry_minutes: [120, 1440] });
    const jobs = (await t.admin('GET', '/jobs')).body.items;
    for (const job of jobs) expect(job).toMatchObject({ max_attempts: 3, retry_minutes: [120, 1440] });
  });

  it('are set on create and patch, shown as a list and stored comma-separated', async () => {
    const created = await t.admin('POST', '/jobs', { title: 'Engineer', company: 'Acme', max_attempts: 5, retry_minutes: [30, 60, 1440] });
    expect(created.body).toMatchObject({ max_attempts: 5, retry_minutes: [30, 60, 1440] });
    const id = created.body.id;
    const row = await t.deps.database.db
      .selectFrom('jobs')
      .select(['max_attempts', 'retry_minutes'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ max_attempts: 5, retry_minutes: '30,60,1440' });
    const patched = await t.admin('PATCH', `/jobs/${id}`, { max_attempts: 1, retry_minutes: [20_160] });
    expect(patched.status).toBe(200);
    expect((await t.admin('GET', `/jobs/${id}`)).body).toMatchObject({ max_attempts: 1, retry_minutes: [20_160] });
    // Another field's patch leaves them alone.
    expect((await t.admin('PATCH', `/jobs/${id}`, { title: 'Senior Engineer' })).body).toMatchObject({
      max_attempts: 1,
      retry_minutes: [20_160],
    });
    // The default job takes them too (they do not come from the settings).
    const defaultJob = (await t.admin('GET', '/jobs')).body.items.find((j: { is_default: boolean }) => j.is_default);
    expect((await t.admin('PATCH', `/jobs/${defaultJob.id}`, { max_attempts: 4 })).body.max_attempts).toBe(4);
  });

  it('refuse out-of-range values with the field named', async () => {
    const job = (await t.admin('POST', '/jobs', { title: 'Tester', company: 'Acme' })).body.id;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ max_attempts: 0 }, /max_attempts/],
      [{ max_attempts: 11 }, /max_attempts/],
      [{ max_attempts: 2.5 }, /max_attempts/],
      [{ retry_minutes: [] }, /retry_minutes/],
      [{ retry_minutes: [0] }, /retry_minutes/],
      [{ retry_minutes: [20_161] }, /retry_minutes/],
      [{ retry_minutes: Array.from({ length: 11 }, () => 60) }, /retry_minutes/],
      [{ retry_minutes: '120,1440' }, /retry_minutes/],
    ];
    for (const [patch, field] of bad) {
      const res = await t.admin('PATCH', `/jobs/${job}`, patch);
      expect([JSON.stringify(patch), res.status]).toEqual([JSON.stringify(patch), 400]);
      expect(res.body.error.message).toMatch(field);
    }
    // Called without HTTP (the demo, the CLI), the service checks them too: one 422 naming every problem.
    const refused = createJob(t.deps, { title: 'X', company: 'Y', max_attempts: 0, retry_minutes: [0, 5] });
    await expect(refused).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/max_attempts.*retry_minutes/) });
    await expect(patchJob(t.deps, job, { retry_minutes: [] })).rejects.toMatchObject({ status: 422, message: /1 to 10 waits/ });
  });
});
