import { createBookingLink } from '../../src/services/bookings/links.js';
import { importCandidates } from '../../src/services/import-candidates.js';
import { createJob, type NewJobInput } from '../../src/services/jobs.js';
import { addSlots, type SlotInput } from '../../src/services/slots.js';
import type { TestApp } from '../helpers/app.js';

/** A job of its own and its slot ids, by start (give the starts in order). */
export interface InterviewJob {
  jobId: number;
  slotIds: number[];
}

/** A candidate booked by a simulated call, with a link to their booking's page. */
export interface BookedCandidate {
  candidateId: number;
  bookingId: number;
  callSid: string;
  slotId: number;
  token: string;
  phone: string;
}

let phones = 0;

/** A job (a backend role at Globex, 45-minute video calls, New York) with these slots. */
export async function interviewJob(t: TestApp, slots: readonly SlotInput[], job: Partial<NewJobInput> = {}): Promise<InterviewJob> {
  const created = await createJob(t.deps, {
    title: 'Backend Engineer',
    company: 'Globex',
    timezone: 'America/New_York',
    interview_minutes: 45,
    format: 'video call',
    location: 'https://meet.example.com/globex-backend',
    ...job,
  });
  const added = await addSlots(t.deps, created.id, { slots });
  return { jobId: created.id, slotIds: added.created.map((s) => s.id) };
}

/** Who is booked: name and zone, and what they say on the call (default: they take the first of several times). */
export interface CandidateInput {
  name?: string;
  timezone?: string;
  /** ['yes', 'yes'] when only one time is open. */
  replies?: string[];
  /** The candidate's address (default lee@example.com); null: none. */
  email?: string | null;
}

/** Imports a candidate into the job and plays a simulated call in which they book. */
export async function bookCandidate(t: TestApp, jobId: number, candidate: CandidateInput = {}): Promise<BookedCandidate> {
  phones += 1;
  const phone = `+13105552${String(phones).padStart(3, '0')}`;
  await importCandidates(t.deps, jobId, {
    candidates: [
      {
        name: candidate.name ?? 'Lee Park',
        phone,
        ...(candidate.email === null ? {} : { email: candidate.email ?? 'lee@example.com' }),
        timezone: candidate.timezone ?? 'America/Los_Angeles',
      },
    ],
  });
  const db = t.deps.database.db;
  const row = await db
    .selectFrom('candidates')
    .select('id')
    .where('job_id', '=', jobId)
    .where('phone', '=', phone)
    .executeTakeFirstOrThrow();
  const res = await t.admin('POST', `/candidates/${row.id}/call`, { simulate: { replies: candidate.replies ?? ['the first one', 'yes'] } });
  if (res.status !== 201) throw new Error(`call answered ${res.status}: ${JSON.stringify(res.body)}`);
  const telephony = t.deps.telephony as { finished?: (sid: string) => Promise<unknown> };
  const recording = await telephony.finished?.(res.body.call_sid as string);
  const booking = await db.selectFrom('bookings').selectAll().where('candidate_id', '=', row.id).executeTakeFirst();
  if (booking === undefined) throw new Error(`the call booked nothing: ${JSON.stringify(recording)}`);
  const slot = await db.selectFrom('slots').select('start_utc').where('id', '=', booking.slot_id).executeTakeFirstOrThrow();
  const token = await db.transaction().execute((trx) => createBookingLink(trx, booking.id, slot.start_utc, t.deps.now().toISOString()));
  return { candidateId: row.id, bookingId: booking.id, callSid: booking.call_sid, slotId: booking.slot_id, token, phone };
}

/** A new job with these slots and one candidate booked on the first. */
export async function bookInterview(
  t: TestApp,
  slots: readonly SlotInput[],
  candidate: CandidateInput = {},
  job: Partial<NewJobInput> = {},
): Promise<InterviewJob & BookedCandidate> {
  const made = await interviewJob(t, slots, job);
  return { ...made, ...(await bookCandidate(t, made.jobId, candidate)) };
}

/** booked_count of each slot id, in the order given. */
export async function seats(t: TestApp, slotIds: readonly number[]): Promise<number[]> {
  const rows = await t.deps.database.db
    .selectFrom('slots')
    .select(['id', 'booked_count'])
    .where('id', 'in', [...slotIds])
    .execute();
  return slotIds.map((id) => rows.find((r) => r.id === id)?.booked_count ?? -1);
}
