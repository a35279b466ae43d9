/** Shared by the dispatcher's suites: a job with slots and candidates through the API, a campaign started, reads. */
import type { AttemptRow } from '../../src/db/attempts.table.js';
import type { TestApp } from '../helpers/app.js';

export interface SimulatedCandidate {
  name: string;
  phone: string;
  timezone?: string;
  simulate?: { attempts: Array<{ result: string; replies?: Array<string | null> }> };
}

export interface JobOptions {
  candidates: SimulatedCandidate[];
  maxAttempts?: number;
  retryMinutes?: number[];
  callingHours?: string;
  /** The day of the slots (YYYY-MM-DD, the job's zone): a week after FIXED_NOW by default. */
  slotDay?: string;
  /** Seats per slot (one slot per candidate is added, at 9:00, 9:30, …). */
  capacity?: number;
}

/** A job (New York) with one slot per candidate and the candidates imported; the job's id and candidate ids by name. */
export async function campaignJob(t: TestApp, options: JobOptions): Promise<{ jobId: number; ids: Map<string, number> }> {
  const job = await t.admin('POST', '/jobs', {
    title: 'Support Engineer',
    company: 'Initech',
    timezone: 'America/New_York',
    calling_hours: options.callingHours ?? '00:00-24:00',
    max_attempts: options.maxAttempts ?? 3,
    retry_minutes: options.retryMinutes ?? [1],
  });
  if (job.status !== 201) throw new Error(`POST /jobs answered ${job.status}: ${JSON.stringify(job.body)}`);
  const jobId = job.body.id as number;
  const day = options.slotDay ?? '2026-12-01';
  const slots = options.candidates.map((_, i) => ({
    start: `${day}T${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`,
    capacity: options.capacity ?? 1,
  }));
  const added = await t.admin('POST', `/jobs/${jobId}/slots`, { slots });
  if (added.status !== 201) throw new Error(`POST slots answered ${added.status}: ${JSON.stringify(added.body)}`);
  const imported = await t.admin('POST', `/jobs/${jobId}/candidates`, { candidates: options.candidates });
  if (imported.status >= 300 || (imported.body.rejected as unknown[]).length > 0) {
    throw new Error(`import answered ${imported.status}: ${JSON.stringify(imported.body)}`);
  }
  const rows = await t.deps.database.db.selectFrom('candidates').select(['id', 'name']).where('job_id', '=', jobId).execute();
  return { jobId, ids: new Map(rows.map((r) => [r.name, r.id])) };
}

/** Starts the job's campaign through the API. */
export async function startCampaign(t: TestApp, jobId: number): Promise<void> {
  const res = await t.admin('POST', `/jobs/${jobId}/campaign`);
  if (res.status !== 200) throw new Error(`POST campaign answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export async function attemptsOf(t: TestApp, candidateId: number): Promise<AttemptRow[]> {
  return t.deps.database.db.selectFrom('call_attempts').selectAll().where('candidate_id', '=', candidateId).orderBy('number').execute();
}

export async function statusOf(t: TestApp, candidateId: number): Promise<string> {
  const row = await t.deps.database.db.selectFrom('candidates').select('status').where('id', '=', candidateId).executeTakeFirstOrThrow();
  return row.status;
}

export async function campaignStatus(t: TestApp, jobId: number): Promise<{ status: string; paused_reason: string | null } | undefined> {
  return t.deps.database.db.selectFrom('campaigns').select(['status', 'paused_reason']).where('job_id', '=', jobId).executeTakeFirst();
}

/** Polls `check` until it is true (or throws after `timeoutMs` with `what`). */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: () => Promise<string> | string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until none of the job's attempts is claimed or dialled (every call placed has ended). */
export async function settled(t: TestApp, jobId: number, timeoutMs = 10_000): Promise<void> {
  const db = t.deps.database.db;
  const busy = () =>
    db.selectFrom('call_attempts').selectAll().where('job_id', '=', jobId).where('state', 'in', ['claimed', 'dialled']).execute();
  await until(
    async () => (await busy()).length === 0,
    timeoutMs,
    async () => JSON.stringify(await busy()),
  );
}
