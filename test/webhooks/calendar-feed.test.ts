import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCandidates } from '../../src/services/import-candidates.js';
import { createJob } from '../../src/services/jobs.js';
import { addSlots } from '../../src/services/slots.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startWithWebhooks, testClock } from './support.js';

/** The feed's events as a calendar app reads them: UID, TZID, start and end as UTC instants, summary. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      summary: event.summary,
    };
  });
}

describe.each(DIALECTS)('the calendar feed of a job on %s', (dialect) => {
  const clock = testClock();
  let t: TestApp;
  let jobId = 0;
  const bookingIds: number[] = [];

  beforeAll(async () => {
    t = await startWithWebhooks(dialect, clock);
    const job = await createJob(t.deps, {
      title: 'Data Engineer',
      company: 'Initech',
      timezone: 'America/New_York',
      interview_minutes: 45,
      format: 'video call',
      location: 'https://meet.example.com/initech',
    });
    jobId = job.id;
    // The US clocks change on 14 March 2027: one interview before (EST, UTC-5), one after (EDT, UTC-4).
    await addSlots(t.deps, jobId, {
      slots: [
        { start: '2027-03-12T10:00', capacity: 1 },
        { start: '2027-03-16T10:00', capacity: 1 },
      ],
    });
    const people = [
      { name: 'Ana Lima', phone: '+13105550601', email: 'ana@example.com' },
      { name: 'Ben Okafor', phone: '+13105550602' },
    ];
    await importCandidates(t.deps, jobId, { candidates: people.map((p) => ({ ...p, timezone: 'America/New_York' })) });
    for (const person of people) {
      const db = t.deps.database.db;
      const candidate = await db.selectFrom('candidates').select('id').where('phone', '=', person.phone).executeTakeFirstOrThrow();
      const res = await t.admin('POST', `/candidates/${candidate.id}/call`, { simulate: { replies: ['the first one', 'yes'] } });
      expect(res.status).toBe(201);
      await (t.deps.telephony as { finished?: (sid: string) => Promise<unknown> }).finished?.(res.body.call_sid as string);
      const booking = await db.selectFrom('bookings').select('id').where('candidate_id', '=', candidate.id).executeTakeFirstOrThrow();
      bookingIds.push(booking.id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the booked interviews with the job zone as TZID and the right instants on both sides of a DST change', async () => {
    const made = await t.admin('POST', `/jobs/${jobId}/calendar-token`);
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(made.body.url).toBe(`${t.url}/jobs/${jobId}/calendar.ics?token=${token}`);

    const res = await fetch(made.body.url as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('BEGIN:VTIMEZONE');
    // Each candidate as their own row has them: Ana's address, none for Ben (never the settings' default candidate's).
    expect(text.replace(/\r?\n /g, '')).toContain('Candidate: Ana Lima <ana@example.com>');
    expect(text).not.toContain('jordan@example.com');
    expect(parseFeed(text)).toEqual([
      {
        uid: `booking-${bookingIds[0]}@interview-caller`,
        sequence: 0,
        tzid: 'America/New_York',
        start: '2027-03-12T15:00:00.000Z',
        end: '2027-03-12T15:45:00.000Z',
        summary: 'Interview: Ana Lima (Data Engineer)',
      },
      {
        uid: `booking-${bookingIds[1]}@interview-caller`,
        sequence: 0,
        tzid: 'America/New_York',
        start: '2027-03-16T14:00:00.000Z',
        end: '2027-03-16T14:45:00.000Z',
        summary: 'Interview: Ben Okafor (Data Engineer)',
      },
    ]);
  });

  it('answers 404 for a wrong or missing token, another job, or a rotated-out token; only the hash is stored, never shown', async () => {
    const first = (await t.admin('POST', `/jobs/${jobId}/calendar-token`)).body.token as string;
    const second = (await t.admin('POST', `/jobs/${jobId}/calendar-token`)).body.token as string;
    expect(second).not.toBe(first);
    const feed = (token: string, job = jobId) => fetch(`${t.url}/jobs/${job}/calendar.ics?token=${encodeURIComponent(token)}`);
    expect((await feed(first)).status).toBe(404);
    expect((await feed(second)).status).toBe(200);
    expect((await feed(`${second}x`)).status).toBe(404);
    expect((await feed(second, 1)).status).toBe(404);
    expect((await fetch(`${t.url}/jobs/${jobId}/calendar.ics`)).status).toBe(400);
    const wrong = await feed('guess');
    expect(await wrong.json()).toEqual({ error: { code: 'not_found', message: 'calendar feed not found' } });

    const stored = await t.deps.database.db
      .selectFrom('jobs')
      .select('calendar_token_hash')
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    expect(stored.calendar_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.calendar_token_hash).not.toContain(second);
    const job = await t.admin('GET', `/jobs/${jobId}`);
    expect(job.body).not.toHaveProperty('calendar_token_hash');
    expect(JSON.stringify((await t.admin('GET', '/jobs')).body)).not.toContain(stored.calendar_token_hash);

    // Making a token needs the admin key; turning the feed off stops every token.
    expect((await fetch(`${t.url}/jobs/${jobId}/calendar-token`, { method: 'POST' })).status).toBe(401);
    expect((await t.admin('POST', '/jobs/999999/calendar-token')).status).toBe(404);
    expect((await t.admin('DELETE', `/jobs/${jobId}/calendar-token`)).status).toBe(204);
    expect((await feed(second)).status).toBe(404);
  });
});
