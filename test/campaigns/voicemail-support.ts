import type { SimulateOptions } from '../../src/adapters/telephony.js';
import { createJob } from '../../src/services/jobs.js';
import { importCandidates } from '../../src/services/import-candidates.js';
import { addSlots } from '../../src/services/slots.js';
import { startCall } from '../../src/services/start-call.js';
import type { TestApp } from '../helpers/app.js';

/**
 * A job and its candidates for the answering-machine tests, and a campaign attempt placed as the dispatcher places
 * it (an attempt row claimed, the candidate 'calling', startCall with the attempt and detection): the dispatcher
 * itself is not used, so these tests prove the voice edge alone.
 */

export interface VoicemailJob {
  jobId: number;
  ids: Map<string, number>;
}

export const PEOPLE = [
  { name: 'Lee Park', phone: '+12125550101' },
  { name: 'Dana Cole', phone: '+12125550102' },
  { name: 'Ray Moss', phone: '+12125550103' },
  { name: 'Kim Ode', phone: '+12125550104' },
  { name: 'Sam Roe', phone: '+12125550105' },
  { name: 'Ali Noor', phone: '+12125550106' },
];

export async function voicemailJob(t: TestApp, extra: { voicemail_message?: string; max_attempts?: number } = {}): Promise<VoicemailJob> {
  const job = await createJob(t.deps, {
    title: 'Backend Engineer',
    company: 'Globex',
    timezone: 'America/New_York',
    caller_name: 'Alex',
    calling_hours: '00:00-24:00',
    ...(extra.voicemail_message === undefined ? {} : { voicemail_message: extra.voicemail_message }),
  });
  if (extra.max_attempts !== undefined) {
    await t.deps.database.db.updateTable('jobs').set({ max_attempts: extra.max_attempts }).where('id', '=', job.id).execute();
  }
  await addSlots(t.deps, job.id, { slots: [{ start: '2026-12-01T14:00' }, { start: '2026-12-02T10:00' }] });
  await importCandidates(t.deps, job.id, { candidates: PEOPLE.map((p) => ({ ...p, timezone: 'America/New_York' })) });
  const rows = await t.deps.database.db.selectFrom('candidates').select(['id', 'name']).where('job_id', '=', job.id).execute();
  return { jobId: job.id, ids: new Map(rows.map((r) => [r.name, r.id])) };
}

/** Places attempt `number` of `name`'s campaign (with answering-machine detection); returns the ids. */
export async function campaignCall(
  t: TestApp,
  job: VoicemailJob,
  name: string,
  number: number,
  simulate?: SimulateOptions,
): Promise<{ callSid: string; conversationId: string; attemptId: number }> {
  const db = t.deps.database.db;
  const candidateId = job.ids.get(name) ?? 0;
  const person = PEOPLE.find((p) => p.name === name);
  const nowIso = t.deps.now().toISOString();
  const far = new Date(t.deps.now().getTime() + 3_600_000).toISOString();
  const campaign = await db.selectFrom('campaigns').select('job_id').where('job_id', '=', job.jobId).executeTakeFirst();
  if (campaign === undefined) {
    await db
      .insertInto('campaigns')
      .values({ job_id: job.jobId, status: 'running', started_at: nowIso, updated_at: nowIso, finished_at: null, paused_reason: null })
      .execute();
  }
  const attempt = await db
    .insertInto('call_attempts')
    .values({
      job_id: job.jobId,
      candidate_id: candidateId,
      number,
      state: 'claimed',
      due_at: nowIso,
      reason: number === 1 ? 'first' : 'retry',
      claimed_at: nowIso,
      claimed_by: 'voicemail-test',
      lease_until: far,
      dialled_at: null,
      conversation_id: null,
      twilio_call_sid: null,
      result: null,
      ended_at: null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('candidates').set({ status: 'calling', updated_at: nowIso }).where('id', '=', candidateId).execute();
  const started = await startCall(t.deps, {
    jobId: job.jobId,
    candidateId,
    attemptId: attempt.id,
    claim: { claimedBy: 'voicemail-test', claimedAt: nowIso },
    amd: true,
    candidate: { name, phone: person?.phone ?? '+12125550199', timezone: 'America/New_York' },
    ...(simulate === undefined ? {} : { simulate }),
  });
  return { callSid: started.callSid, conversationId: started.conversationId, attemptId: attempt.id };
}

export async function sessionOf(t: TestApp, conversationId: string) {
  return t.deps.database.db
    .selectFrom('conversation_sessions')
    .selectAll()
    .where('call_sid', '=', conversationId)
    .executeTakeFirstOrThrow();
}

export async function attemptRow(t: TestApp, id: number) {
  return t.deps.database.db.selectFrom('call_attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Waits until `check` holds (polling), or fails naming what was awaited. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
