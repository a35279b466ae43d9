import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { ADMIN_KEY, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { createJob } from '../../src/services/jobs.js';

/** Posts a CSV body to the import route. */
async function postCsv(t: TestApp, jobId: number, csv: string): ReturnType<TestApp['admin']> {
  const res = await fetch(`${t.url}/jobs/${jobId}/candidates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv; charset=utf-8' },
    body: csv,
  });
  return { status: res.status, body: await res.json() };
}

async function addJob(t: TestApp, title: string): Promise<number> {
  const job = await createJob(t.deps, {
    title,
    company: 'Acme',
    timezone: 'America/New_York',
    interview_minutes: 30,
    calling_hours: '09:00-18:00',
  });
  return job.id;
}

async function allCandidates(t: TestApp, jobId: number) {
  return t.deps.database.db.selectFrom('candidates').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
}

const LIST = [
  'Full Name,Mobile,E-mail,Time zone,Candidate ID',
  'Ada Lovelace,+14155550101,ada@example.com,America/Chicago,A1',
  'Bob Stone,555-0102,,,A2',
  ',+14155550103,,,A3',
  'Cy Young,+14155550104,,,A4',
  'Dee Listed,+14155550105,,,A5',
  'Ada Again,+14155550101,,,A6',
  'Eve Park,+44 20 7946 0958,eve@example.co.uk,Europe/London,',
].join('\n');

describe.each(DIALECTS)('candidate lists on %s', (dialect) => {
  let t: TestApp;
  let job: number;
  beforeAll(async () => {
    t = await startApp({ dialect });
    job = await addJob(t, 'Data Engineer');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports a CSV: good rows stored, each bad or duplicate row rejected with its line and reason', async () => {
    expect((await t.admin('POST', '/do-not-call', { phone: '+14155550105' })).status).toBe(201);
    const res = await postCsv(t, job, LIST);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: [
        {
          row: 3,
          code: 'invalid_phone',
          reason: 'invalid phone: "555-0102" (E.164 expected: a + and the country code, e.g. +14155550123)',
        },
        { row: 4, code: 'missing_name', reason: 'missing name' },
        { row: 6, code: 'do_not_call', reason: 'on the do-not-call list' },
        { row: 7, code: 'duplicate_in_file', reason: 'duplicate in the file (same phone as row 2)' },
      ],
    });
    const stored = await allCandidates(t, job);
    expect(stored.map((c) => [c.name, c.phone, c.email, c.timezone, c.external_id, c.status])).toEqual([
      ['Ada Lovelace', '+14155550101', 'ada@example.com', 'America/Chicago', 'A1', 'new'],
      ['Cy Young', '+14155550104', null, null, 'A4', 'new'],
      ['Eve Park', '+442079460958', 'eve@example.co.uk', 'Europe/London', null, 'new'],
    ]);
  });

  it('importing the same file again changes nothing; a changed field is an update matched by external id', async () => {
    const before = await allCandidates(t, job);
    const again = await postCsv(t, job, LIST);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(again.body.rejected).toHaveLength(4);
    expect(await allCandidates(t, job)).toEqual(before);

    const renamed = await t.admin('POST', `/jobs/${job}/candidates`, {
      candidates: [{ name: 'Ada King', phone: '+14155550109', external_id: 'A1' }],
    });
    expect(renamed.body).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: [] });
    const ada = (await allCandidates(t, job)).find((c) => c.external_id === 'A1');
    expect([ada?.id, ada?.name, ada?.phone, ada?.email]).toEqual([before[0]?.id, 'Ada King', '+14155550109', 'ada@example.com']);
  });

  it('refuses an unknown job (404), a file with no phone column (422) and a wrong JSON type (400), storing nothing', async () => {
    expect((await postCsv(t, 999_999, LIST)).status).toBe(404);
    const noPhone = await postCsv(t, job, 'Name,Email\nAda,ada@example.com\n');
    expect([noPhone.status, noPhone.body.error.code]).toEqual([422, 'invalid_csv']);
    expect((await t.admin('POST', `/jobs/${job}/candidates`, { candidates: [{ name: 1 }] })).status).toBe(400);
    expect(await allCandidates(t, job)).toHaveLength(3);
  });

  it('takes 10,000 rows in one request and pages through them with a cursor, a status filter and a search', async () => {
    const big = await addJob(t, 'Support Agent');
    const lines = ['Name,Phone,ID'];
    for (let i = 0; i < 10_000; i++) lines.push(`Person ${i},+1415${String(2_000_000 + i)},ext-${i}`);
    const res = await postCsv(t, big, lines.join('\n'));
    expect(res.body).toEqual({ created: 10_000, updated: 0, unchanged: 0, rejected: [] });

    const seen = new Set<number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { items: Array<{ id: number }>; next_cursor: string | null } } = await t.admin(
        'GET',
        `/jobs/${big}/candidates?limit=100${cursor === null ? '' : `&cursor=${cursor}`}&status=new`,
      );
      for (const item of page.body.items) seen.add(item.id);
      cursor = page.body.next_cursor;
      pages += 1;
    } while (cursor !== null && pages < 200);
    expect([seen.size, pages]).toEqual([10_000, 100]);

    const byName = await t.admin('GET', `/jobs/${big}/candidates?q=${encodeURIComponent('person 999')}`);
    expect(byName.body.items.map((c: { name: string }) => c.name).sort()).toEqual([
      'Person 999',
      'Person 9990',
      'Person 9991',
      'Person 9992',
      'Person 9993',
      'Person 9994',
      'Person 9995',
      'Person 9996',
      'Person 9997',
      'Person 9998',
      'Person 9999',
    ]);
    const byPhone = await t.admin('GET', `/jobs/${big}/candidates?q=${encodeURIComponent('+14152000012')}`);
    expect(byPhone.body.items.map((c: { phone: string }) => c.phone).sort()).toEqual(['+14152000012']);
    expect((await t.admin('GET', `/jobs/${big}/candidates?status=scheduled`)).body).toEqual({ items: [], next_cursor: null });
    expect((await t.admin('GET', `/jobs/${big}/candidates?cursor=bogus`)).status).toBe(400);
  });

  it('edits a candidate: fields checked, status only to withdrawn and back to new', async () => {
    const [cy] = (await allCandidates(t, job)).filter((c) => c.name === 'Cy Young');
    const id = cy?.id ?? 0;
    const edited = await t.admin('PATCH', `/candidates/${id}`, { notes: 'prefers mornings', timezone: 'America/Denver' });
    expect([edited.status, edited.body.notes, edited.body.timezone]).toEqual([200, 'prefers mornings', 'America/Denver']);
    expect((await t.admin('PATCH', `/candidates/${id}`, { timezone: 'Mars/Base' })).status).toBe(422);
    expect((await t.admin('PATCH', `/candidates/${id}`, { status: 'scheduled' })).status).toBe(400);
    expect((await t.admin('PATCH', `/candidates/${id}`, { status: 'withdrawn' })).body.status).toBe('withdrawn');
    expect((await t.admin('POST', `/candidates/${id}/call`, {})).status).toBe(409);
    expect((await t.admin('PATCH', `/candidates/${id}`, { status: 'new' })).body.status).toBe('new');
    expect((await t.admin('PATCH', '/candidates/999999', { notes: 'x' })).status).toBe(404);
  });
});
