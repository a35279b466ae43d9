import type { SimulateOptions, TelephonyFailure } from '../adapters/telephony.js';
import type { CallBack, Candidate } from '../core/conversation/types.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import type { Kysely } from 'kysely';
import { isDoNotCall } from '../db/do-not-call.repo.js';
import { getJob } from '../db/jobs.repo.js';
import type { JobRow } from '../db/jobs.table.js';
import type { Database } from '../db/schema.js';
import { insertSession } from '../db/sessions.repo.js';
import { setAttemptConversation, type HeldClaim } from '../db/attempts.repo.js';
import { listOpenSlots } from '../db/slots.repo.js';
import type { Deps } from '../deps.js';
import { isValidZone } from '../core/scheduling/zones.js';
import { isPlainText } from '../core/text.js';
import { dialConversation, newConversation, type CheckedCall, type PlaceResult, type StartedCall } from './dial-call.js';
import { getDefaultJob } from './jobs.js';
import { assertCallingHours, normalizePhone } from './people.js';

export interface CandidateInput {
  name?: string;
  phone?: string;
  /** null: the candidate has none (the CANDIDATE_EMAIL setting is for calls placed without a candidate). */
  email?: string | null;
  position?: string;
  company?: string;
  timezone?: string;
}

/** A candidate row's details as a call's input, with the job's title and company as the position (when set). */
export function candidateInputOf(
  candidate: { name: string; phone: string; email: string | null; timezone: string | null },
  job: { title: string; company: string },
): CandidateInput {
  return {
    name: candidate.name,
    phone: candidate.phone,
    email: candidate.email,
    ...(candidate.timezone === null ? {} : { timezone: candidate.timezone }),
    ...(job.title === '' ? {} : { position: job.title }),
    ...(job.company === '' ? {} : { company: job.company }),
  };
}

export interface StartCallInput {
  candidate?: CandidateInput;
  simulate?: SimulateOptions;
  /** The job called for (its open slots; stored on the session); the default job when absent. */
  jobId?: number;
  /** The candidate row called (POST /candidates/{id}/call), stored on the session. */
  candidateId?: number;
  /** The campaign attempt this call is, and the claim held on it (see CheckedCall). */
  attemptId?: number;
  claim?: HeldClaim;
  /** Answering-machine detection (see CheckedCall). */
  amd?: boolean;
  callBack?: CallBack | null;
}

/**
 * What the API answers when the call could not be placed: 502 when the provider failed or refused our own account
 * (nothing the caller of this API can fix in the request), 422 when it refused this call (e.g. an invalid number).
 */
const HTTP_STATUS: Record<TelephonyFailure, number> = { unavailable: 502, account: 502, refused: 422 };

/**
 * Creates the conversation under its own id, then asks the telephony edge to dial with webhook URLs that carry
 * that id: a webhook or status callback that arrives before Twilio's answer finds its conversation. Nothing is
 * dialled when the input is wrong, the number is on the do-not-call list, or no slot is open.
 */
export async function startCall(deps: Deps, input: StartCallInput): Promise<StartedCall> {
  const { config, database, telephony } = deps;
  const db = database.db;
  const job = await callableJob(db, input.jobId);
  const { candidate, phone } = resolveCandidate(deps, job, input.candidate ?? {});
  if (await isDoNotCall(db, deps.doNotCallSecret, phone)) {
    throw conflict('do_not_call', 'This number asked not to be called again (it is on the do-not-call list).');
  }
  // Calling hours (the job's) guard real phones only: a simulated call rings nobody (the demo and the simulator run
  // any time).
  if (telephony.mode === 'twilio') {
    assertCallingHours({ ...deps, config: { ...config, CALLING_HOURS: job.calling_hours } }, phone, input.candidate?.timezone);
  }
  const nowIso = deps.now().toISOString();
  if ((await listOpenSlots(db, job.id, nowIso)).length === 0) {
    throw conflict(
      'no_open_slots',
      job.is_default === 1
        ? 'No interview slot is open; add slots with INTERVIEW_SLOTS.'
        : `Job ${job.id} has no open interview slot; add slots with POST /jobs/${job.id}/slots.`,
    );
  }
  const placed = await placeCheckedCall(deps, {
    job,
    candidate,
    phone,
    ...(input.candidateId === undefined ? {} : { candidateId: input.candidateId }),
    ...(input.attemptId === undefined ? {} : { attemptId: input.attemptId }),
    ...(input.claim === undefined ? {} : { claim: input.claim }),
    ...(input.simulate === undefined ? {} : { simulate: input.simulate }),
    ...(input.amd === undefined ? {} : { amd: input.amd }),
    ...(input.callBack === undefined ? {} : { callBack: input.callBack }),
  });
  if (placed.ok) return placed.call;
  const failure = placed.failure;
  throw new AppError('twilio_error', failure.message, HTTP_STATUS[failure.kind], {
    twilio_code: failure.code,
    conversation: placed.conversationId,
  });
}

/**
 * Inserts the conversation (and, for an attempt, links the two in the same transaction), then dials. A telephony
 * failure is returned, the conversation marked failed; a database failure after Twilio's answer is thrown.
 */
export async function placeCheckedCall(deps: Deps, call: CheckedCall): Promise<PlaceResult> {
  const db = deps.database.db;
  const conversation = newConversation(deps, call);
  const attemptId = call.attemptId;
  if (attemptId === undefined) {
    await insertSession(db, conversation.session);
  } else {
    const claim = call.claim;
    if (claim === undefined) throw invalid(`Attempt ${attemptId} is dialled only under the claim held on it.`);
    const linked = await db.transaction().execute(async (trx) => {
      if (!(await setAttemptConversation(trx, attemptId, conversation.id, conversation.session.start_time, claim))) return false;
      await insertSession(trx, conversation.session);
      return true;
    });
    // The claim was lost (reconcile took the attempt after its lease ran out): the attempt is not ours to dial.
    if (!linked) throw conflict('claim_lost', `Attempt ${attemptId} is no longer claimed by this dispatcher; no call was placed.`);
  }
  return dialConversation(deps, call, conversation.id);
}

/** The job called for (the default job when none is named): 404 when there is none, 409 when it is not open. */
export async function callableJob(db: Kysely<Database>, jobId: number | undefined): Promise<JobRow> {
  const job = jobId === undefined ? await getDefaultJob(db) : await getJob(db, jobId);
  if (job === undefined) throw notFound(`Job ${jobId ?? ''}`);
  if (job.status !== 'open') {
    throw conflict('job_not_open', `Job ${job.id} is ${job.status}: no calls are placed for it (set its status to open first).`, {
      job_id: job.id,
      status: job.status,
    });
  }
  return job;
}

/** The candidate as the conversation needs them: what the request gives, else the job's and the settings'. */
export function resolveCandidate(deps: Deps, job: JobRow, input: CandidateInput): { candidate: Candidate; phone: string } {
  const { config } = deps;
  const rawPhone = input.phone ?? config.CANDIDATE_PHONE;
  if (rawPhone === undefined) {
    throw invalid('No candidate phone: pass candidate.phone or set CANDIDATE_PHONE.', { field: 'phone' });
  }
  const phone = normalizePhone(rawPhone);
  // Without the candidate's zone, the job's: the times are then said as the interviewers have them.
  const timezone = input.timezone ?? job.timezone;
  if (!isValidZone(timezone)) throw invalid(`Unknown time zone "${timezone}" (use an IANA name such as America/Chicago).`);
  const candidate: Candidate = {
    name: input.name ?? config.CANDIDATE_NAME,
    email: input.email !== undefined ? input.email : (config.CANDIDATE_EMAIL ?? null),
    position: input.position ?? job.title,
    company: input.company ?? job.company,
    timezone,
  };
  // These are spoken: a control character would make every prompt's TwiML fail (and NUL the insert on PostgreSQL).
  for (const field of ['name', 'position', 'company'] as const) {
    if (!isPlainText(candidate[field])) {
      throw invalid(`candidate.${field} contains a control character or another character a phone prompt cannot carry.`, { field });
    }
  }
  return { phone, candidate };
}
